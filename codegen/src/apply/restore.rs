//! Undoing a write that stopped part way: every file put back as it was,
//! atomically, the same way it was written; what cannot be put back is
//! named, with where its original bytes were saved.

use std::{
    fs::Permissions,
    io::ErrorKind,
    path::{Path, PathBuf},
};

use super::{
    atomic::{parent, relink, replace},
    file_system::FileSystem,
    original::{Original, Was},
};
use crate::Error;

/// How many taken backup names to step over in each place.
const BACKUP_ATTEMPTS: usize = 4;

/// What a write has changed so far, to undo it.
#[derive(Debug, Default)]
pub(super) struct Undo<'a> {
    /// The changes on disk, oldest first.
    done: Vec<&'a Original<'a>>,
    /// The directories created, outermost first.
    created_dirs: Vec<PathBuf>,
    /// Temporary files that could not be removed, as messages.
    pub leftovers: Vec<String>,
}

impl<'a> Undo<'a> {
    /// Record that `original`'s change is on disk.
    pub fn done(&mut self, original: &'a Original<'a>) {
        self.done.push(original);
    }

    /// Record that `dir` was created.
    pub fn created_dir(&mut self, dir: &Path) {
        self.created_dirs.push(dir.to_path_buf());
    }

    /// Put back everything recorded, newest first, then remove the
    /// directories created, after `cause` stopped the write.
    ///
    /// Returns `cause` when the tree is as it was; otherwise an
    /// [`Error::Tool`] that says what stopped the write and names every
    /// file that is not as it was, where its original bytes are, and what
    /// to do.
    pub fn run(mut self, fs: &dyn FileSystem, cause: Error) -> Error {
        let mut problems = Vec::new();
        for original in self.done.iter().rev() {
            if let Err(problem) = restore(fs, original, &mut self.leftovers) {
                problems.push(problem);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            if let Err(error) = fs.remove_dir(dir) {
                problems.push(format!(
                    "`{}` is a directory codegen created and could not remove ({error}); \
                     delete it once it is empty",
                    dir.display()
                ));
            }
        }
        problems.append(&mut self.leftovers);
        if problems.is_empty() {
            return cause;
        }
        let head = match &cause {
            Error::Interrupted { signal } => {
                format!("stopped by {}", crate::error::signal_name(*signal))
            }
            other => other.to_string(),
        };
        Error::Tool(format!(
            "{head}; codegen undid what it had written, except:\n{}",
            crate::error::indented(&problems)
        ))
    }
}

/// Put `original`'s path back as it was before its change.
fn restore(
    fs: &dyn FileSystem,
    original: &Original<'_>,
    leftovers: &mut Vec<String>,
) -> Result<(), String> {
    let path = &original.change.path;
    let written = original.change.after.is_some();
    match &original.was {
        Was::Absent => fs.remove_file(path).map_err(|error| {
            format!(
                "`{}` is a file codegen created and could not remove ({error}); delete it",
                path.display()
            )
        }),
        Was::File { bytes, permissions } => put_back(fs, path, None, bytes, permissions, leftovers),
        Was::Link {
            resolved,
            bytes,
            permissions,
            ..
        } if written => put_back(fs, resolved, Some(path), bytes, permissions, leftovers),
        Was::Link { target, .. } => {
            relink(fs, path, target, leftovers).map_err(|error| {
                format!(
                    "`{path}` was a symlink to `{target}`, which codegen deleted and could not \
                     recreate ({error}); recreate it with `ln -s {target} {path}`",
                    path = path.display(),
                    target = target.display()
                )
            })?;
            // The link is back; flushing it only guards against a crash.
            let _ = fs.sync_dir(parent(path));
            Ok(())
        }
    }
}

/// Write `bytes` back to `file` with `permissions`, or save them elsewhere
/// and say where. `link` is the symlink that leads to `file`, if any.
fn put_back(
    fs: &dyn FileSystem,
    file: &Path,
    link: Option<&Path>,
    bytes: &[u8],
    permissions: &Permissions,
    leftovers: &mut Vec<String>,
) -> Result<(), String> {
    let error = match replace(fs, file, bytes, Some(permissions), leftovers) {
        Ok(()) => {
            // The file is back; flushing it only guards against a crash.
            let _ = fs.sync_dir(parent(file));
            return Ok(());
        }
        Err(error) => error,
    };
    let shown = file.display();
    let what = match link {
        Some(link) => format!("`{shown}` (where the symlink `{}` leads)", link.display()),
        None => format!("`{shown}`"),
    };
    Err(match save_backup(fs, file, bytes, permissions, leftovers) {
        Ok(backup) => format!(
            "{what} could not be restored ({error}); its original contents are in `{backup}`: \
             put them back with `mv {backup} {shown}`",
            backup = backup.display()
        ),
        Err(why) => format!(
            "{what} could not be restored ({error}), and its original contents could not be \
             saved either ({why}); restore it from version control"
        ),
    })
}

/// Save `bytes` (with `permissions`, so that moving the copy back restores
/// the mode too) beside `file`, or else in the system's temporary
/// directory; the path of the copy.
fn save_backup(
    fs: &dyn FileSystem,
    file: &Path,
    bytes: &[u8],
    permissions: &Permissions,
    leftovers: &mut Vec<String>,
) -> Result<PathBuf, String> {
    let name = file
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy());
    let places = [
        (parent(file).to_path_buf(), format!("{name}.codegen-backup")),
        (
            std::env::temp_dir(),
            format!("codegen-backup-{}-{name}", std::process::id()),
        ),
    ];
    let mut failures = Vec::new();
    for (dir, stem) in places {
        match save_in(fs, &dir, &stem, bytes, permissions, leftovers) {
            Ok(backup) => return Ok(backup),
            Err(error) => failures.push(format!("in `{}`: {error}", dir.display())),
        }
    }
    Err(failures.join("; "))
}

/// Save `bytes` in `dir` under `stem`, or `stem` and a number if taken.
fn save_in(
    fs: &dyn FileSystem,
    dir: &Path,
    stem: &str,
    bytes: &[u8],
    permissions: &Permissions,
    leftovers: &mut Vec<String>,
) -> std::io::Result<PathBuf> {
    let mut last = None;
    for attempt in 0..BACKUP_ATTEMPTS {
        let backup = if attempt == 0 {
            dir.join(stem)
        } else {
            dir.join(format!("{stem}.{attempt}"))
        };
        let mut file = match fs.create_new(&backup) {
            Ok(file) => file,
            Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                last = Some(error);
                continue;
            }
            Err(error) => return Err(error),
        };
        let saved = fs
            .write(&mut file, bytes)
            .and_then(|()| fs.set_permissions(&file, permissions.clone()))
            .and_then(|()| fs.sync(&file));
        drop(file);
        return match saved {
            Ok(()) => Ok(backup),
            Err(error) => {
                if let Err(removal) = fs.remove_file(&backup) {
                    leftovers.push(format!(
                        "`{}` is an incomplete copy codegen could not remove ({removal}); \
                         delete it",
                        backup.display()
                    ));
                }
                Err(error)
            }
        };
    }
    Err(last.unwrap_or_else(|| ErrorKind::AlreadyExists.into()))
}
