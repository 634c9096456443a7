//! A crate's source files, found the way the compiler finds them: from
//! `src/lib.rs`, following each `mod name;` to `name.rs` or `name/mod.rs`.

use std::{
    io::ErrorKind,
    path::{Component, Path, PathBuf},
};

use crate::{
    Error,
    build::BuildError,
    validate::{Diagnostics, Origin},
};

/// One source file of the crate.
pub struct ModuleFile {
    /// The file.
    pub path: PathBuf,
    /// Its module path from the crate root: `["user"]` for `src/user.rs`.
    pub module: Vec<String>,
    /// Its syntax.
    pub syntax: syn::File,
}

impl ModuleFile {
    /// Whether the file declares modules in other files, so that adding a
    /// module changes it.
    #[must_use]
    pub fn declares_modules(&self) -> bool {
        self.syntax
            .items
            .iter()
            .any(|item| matches!(item, syn::Item::Mod(module) if module.content.is_none()))
    }
}

/// Every file of the crate whose root is `root_file`, root first. Modules
/// under `#[cfg(test)]` are left out: they hold no wiring.
///
/// # Errors
///
/// Returns the first file that cannot be read or parsed, with its line.
pub fn module_files(root_file: &Path) -> Result<Vec<ModuleFile>, BuildError> {
    let mut files = Vec::new();
    let root_dir = root_file.parent().unwrap_or(Path::new("."));
    let mut pending = vec![(root_file.to_path_buf(), root_dir.to_path_buf(), Vec::new())];
    while let Some((path, dir, module)) = pending.pop() {
        let text = read_text(&path).map_err(|unreadable| unreadable.at(&path))?;
        let syntax = syn::parse_file(&text).map_err(|error| BuildError {
            path: path.clone(),
            line: Some(error.span().start().line),
            message: describe(&error),
        })?;
        for item in &syntax.items {
            let syn::Item::Mod(declaration) = item else {
                continue;
            };
            if declaration.content.is_some() || is_cfg_test(&declaration.attrs) {
                continue;
            }
            let name = declaration.ident.to_string();
            let child = [
                dir.join(format!("{name}.rs")),
                dir.join(&name).join("mod.rs"),
            ]
            .into_iter()
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| BuildError {
                path: path.clone(),
                line: Some(declaration.ident.span().start().line),
                message: format!("module `{name}` has no file `{name}.rs` or `{name}/mod.rs`"),
            })?;
            let mut child_module = module.clone();
            child_module.push(name.clone());
            pending.push((child, dir.join(&name), child_module));
        }
        files.push(ModuleFile {
            path,
            module,
            syntax,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

impl BuildError {
    /// The text of the Rust source file at `path` (`shown` in messages,
    /// relative to the workspace root), for every reader of a crate's
    /// sources. A file that is not UTF-8, or a symlink that loops or leads
    /// nowhere, is the user's to fix: an [`Error::Invalid`] at the file
    /// (and line) that says how. Anything else is the system's: an
    /// [`Error::Io`].
    ///
    /// It lives on this type because it is the one error of a source file
    /// that the build scripts and the generator's readers can all name; its
    /// home, once those readers are one, is `source/`.
    pub(crate) fn read_source(path: &Path, shown: &Path) -> Result<String, Error> {
        read_text(path).map_err(|unreadable| match unreadable {
            Unreadable::Invalid { line, message } => {
                let mut diagnostics = Diagnostics::default();
                let origin = Origin::File {
                    path: shown.to_path_buf(),
                    line: line.unwrap_or(1),
                };
                diagnostics.push(&origin, message);
                Error::Invalid(diagnostics)
            }
            Unreadable::Io(source) => Error::Io {
                path: path.to_path_buf(),
                source,
            },
        })
    }
}

/// Why a source file could not be read.
enum Unreadable {
    /// Something about the file that its owner must fix, at `line` when
    /// the problem has one.
    Invalid {
        line: Option<usize>,
        message: String,
    },
    /// The system would not read it.
    Io(std::io::Error),
}

impl Unreadable {
    /// As the build script reports it, for the file at `path`.
    fn at(self, path: &Path) -> BuildError {
        let (line, message) = match self {
            Self::Invalid { line, message } => (line, message),
            Self::Io(error) => (None, format!("cannot read it: {error}")),
        };
        BuildError {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

/// The text of the source file at `path`.
fn read_text(path: &Path) -> Result<String, Unreadable> {
    match std::fs::read(path) {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|error| not_utf8(error.as_bytes(), error.utf8_error()))
        }
        Err(error) => {
            Err(
                broken_link(path).map_or(Unreadable::Io(error), |message| Unreadable::Invalid {
                    line: None,
                    message,
                }),
            )
        }
    }
}

/// Where `bytes` stop being UTF-8, and what to do about it.
fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Unreadable {
    let valid = &bytes[..error.valid_up_to()];
    let line_start = valid
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    // Everything before the bad byte is UTF-8, so this is text.
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let byte = bytes[error.valid_up_to()];
    Unreadable::Invalid {
        line: Some(line),
        message: format!(
            "the file is not UTF-8: byte `0x{byte:02x}` in column {column} is not part of a \
             character, and Rust reads only UTF-8 sources; save the file as UTF-8"
        ),
    }
}

/// If `path` is a symlink that loops or leads to nothing, what is wrong.
fn broken_link(path: &Path) -> Option<String> {
    // Symlinks are followed at most this many times by the system too.
    const MAX_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    let mut seen = vec![normalize(path)];
    let mut said = Vec::new();
    while let Ok(target) = std::fs::read_link(&current) {
        said.push(format!("`{}`", target.display()));
        current = current.parent().unwrap_or(Path::new("")).join(&target);
        let next = normalize(&current);
        if seen.contains(&next) || seen.len() > MAX_LINKS {
            return Some(format!(
                "this symlink leads back to itself (it points to {}): point it at a real file \
                 or remove it",
                said.join(", which points to ")
            ));
        }
        seen.push(next);
    }
    let dangling = !said.is_empty()
        && std::fs::symlink_metadata(&current)
            .is_err_and(|error| error.kind() == ErrorKind::NotFound);
    dangling.then(|| {
        format!(
            "this symlink points to {}, which does not exist: point it at a real file or \
             remove it",
            said.join(", which points to ")
        )
    })
}

/// `path` without `.` and with `..` taken back where it can be, to tell
/// when a chain of links comes back to where it was (a `..` after a link
/// is taken back all the same: at worst a loop is found by its length).
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) =>
            {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// syn's message, or a useful one when the file does not even lex.
fn describe(error: &syn::Error) -> String {
    let message = error.to_string();
    if message == "cannot parse string into token stream" {
        "the file does not parse: an unclosed delimiter or string starts here; close it".to_owned()
    } else {
        format!("{message}; fix the syntax so the wiring can be written")
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_that_is_not_utf8_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lib.rs"), "mod latin1;\n").unwrap();
        std::fs::write(dir.path().join("latin1.rs"), b"//! W.\n// caf\xe9\n").unwrap();

        let Err(error) = module_files(&dir.path().join("lib.rs")) else {
            panic!("a file that is not UTF-8 was read");
        };

        assert_eq!(error.path, dir.path().join("latin1.rs"));
        assert_eq!(error.line, Some(2));
        assert!(
            error
                .message
                .starts_with("the file is not UTF-8: byte `0xe9` in column 7"),
            "{error}"
        );
        assert!(error.message.ends_with("save the file as UTF-8"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_that_loops_or_leads_nowhere_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let looping = dir.path().join("a.rs");
        std::os::unix::fs::symlink("b.rs", &looping).unwrap();
        std::os::unix::fs::symlink("./a.rs", dir.path().join("b.rs")).unwrap();
        let dangling = dir.path().join("gone.rs");
        std::os::unix::fs::symlink("moved/gone.rs", &dangling).unwrap();

        let looped = BuildError::read_source(&looping, Path::new("src/a.rs")).unwrap_err();
        let gone = BuildError::read_source(&dangling, Path::new("src/gone.rs")).unwrap_err();

        assert_eq!(
            looped.to_string(),
            "src/a.rs:1: this symlink leads back to itself (it points to `b.rs`, which points \
             to `./a.rs`): point it at a real file or remove it"
        );
        assert_eq!(
            gone.to_string(),
            "src/gone.rs:1: this symlink points to `moved/gone.rs`, which does not exist: point \
             it at a real file or remove it"
        );
        assert_eq!(looped.exit_code(), 2);
    }
}
