//! Finding the file of a crate that holds an item to insert into.

use std::path::{Path, PathBuf};

use crate::{Error, plan::Anchor};

/// The `.rs` file under `dir` (searched recursively, in name order) that
/// holds the item `anchor` points into. `needle` is a string every such file
/// contains, used to skip the others without parsing them.
///
/// # Errors
///
/// Fails when a directory cannot be listed or a candidate cannot be read;
/// a candidate that does not parse is skipped.
pub fn find_file_holding(
    dir: &Path,
    needle: &str,
    anchor: &Anchor,
) -> Result<Option<PathBuf>, Error> {
    for path in rust_files(dir)? {
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
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
///
/// # Errors
///
/// Fails when a directory cannot be listed.
pub fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut pending = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let path = entry
                .map_err(|source| Error::Io {
                    path: dir.clone(),
                    source,
                })?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
