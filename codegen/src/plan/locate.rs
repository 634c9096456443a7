//! Finding the file of a crate that holds an item to insert into.

use std::path::{Path, PathBuf};

use crate::{
    Error,
    build::BuildError,
    plan::Anchor,
    validate::{Diagnostics, Origin},
};

/// The `.rs` file under `dir` (searched recursively, in name order) that
/// holds the item `anchor` points into. `needle` is a string every such file
/// contains, used to skip the others without parsing them.
///
/// # Errors
///
/// Fails when a directory cannot be listed or a candidate cannot be read
/// (see [`rust_files`]; a file that is not UTF-8 or a broken symlink is an
/// [`Error::Invalid`] that says how to fix it); a candidate that does not
/// parse is skipped.
pub fn find_file_holding(
    dir: &Path,
    needle: &str,
    anchor: &Anchor,
) -> Result<Option<PathBuf>, Error> {
    for path in rust_files(dir)? {
        let text = BuildError::read_source(&path, &path)?;
        if !text.contains(needle) {
            continue;
        }
        if let Ok(file) = syn::parse_file(&text)
            && super::anchor::holds(&file, anchor)
        {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Every `.rs` file under `dir`, searched recursively, in name order.
/// Symlinked directories are followed, as the compiler follows them.
///
/// # Errors
///
/// Fails when a directory cannot be listed, and with an
/// [`Error::Invalid`] at a symlinked directory that leads to one that holds
/// it, which would make the search endless.
pub fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io_error = |dir: &Path| {
        let path = dir.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // Each directory with the real directories it lies in, itself last.
    let mut pending = vec![(dir.to_path_buf(), vec![real])];
    let mut files = Vec::new();
    while let Some((dir, within)) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            let path = entry.path();
            if path.is_dir() {
                let real = if entry.file_type().is_ok_and(|kind| kind.is_symlink()) {
                    let real = std::fs::canonicalize(&path).map_err(io_error(&path))?;
                    // Into a directory that holds this one: the search
                    // would come back here, and again.
                    if within.iter().any(|dir| dir.starts_with(&real)) {
                        return Err(endless(&path));
                    }
                    real
                } else {
                    within[within.len() - 1].join(entry.file_name())
                };
                let mut inner = within.clone();
                inner.push(real);
                pending.push((path, inner));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The refusal of the directory symlink `link`, which leads to a
/// directory that holds it.
fn endless(link: &Path) -> Error {
    let target = std::fs::read_link(link).map_or_else(
        |_| String::new(),
        |target| format!(" `{}`", target.display()),
    );
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(
        &Origin::File {
            path: link.to_path_buf(),
            line: 1,
        },
        format!(
            "this symlink to the directory{target} leads back to a directory that holds it, so \
             the crate's sources would never end: point it elsewhere or remove it"
        ),
    );
    Error::Invalid(diagnostics)
}
