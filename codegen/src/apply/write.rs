//! All-or-nothing writes: every file of a plan is written, or the tree is
//! left exactly as it was.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use crate::{Error, plan::FileChange};

/// Write every change. Each file is written to a temporary file beside it
/// and renamed into place, so no file is ever half-written, and a file to
/// delete is removed; if any of it fails, the files already written or
/// deleted are restored (or removed, if new) and the directories created for
/// them removed.
///
/// # Errors
///
/// Returns the first write that failed, after restoring the tree.
pub fn write_all(changes: &[FileChange]) -> Result<(), Error> {
    let mut done: Vec<&FileChange> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    for change in changes {
        if let Err(error) = write_one(change, &mut created_dirs) {
            restore(&done, &created_dirs);
            return Err(error);
        }
        done.push(change);
    }
    Ok(())
}

fn write_one(change: &FileChange, created_dirs: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io_error = |source| Error::Io {
        path: change.path.clone(),
        source,
    };
    let Some(after) = &change.after else {
        return match std::fs::remove_file(&change.path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(io_error(error)),
            _ => Ok(()),
        };
    };
    let dir = change.path.parent().unwrap_or(Path::new("."));
    create_dirs(dir, created_dirs).map_err(io_error)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".codegen-")
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(after.as_bytes()).map_err(io_error)?;
    if let Ok(metadata) = std::fs::metadata(&change.path) {
        // Keep the permissions of the file being replaced.
        temp.as_file()
            .set_permissions(metadata.permissions())
            .map_err(io_error)?;
    }
    temp.persist(&change.path)
        .map_err(|error| io_error(error.error))?;
    Ok(())
}

/// Create `dir` and its missing ancestors, recording each one created.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|dir| !dir.exists()).collect();
    for dir in missing.into_iter().rev() {
        std::fs::create_dir(dir)?;
        created.push(dir.to_path_buf());
    }
    Ok(())
}

/// Undo `done`, newest first, then remove the directories created.
fn restore(done: &[&FileChange], created_dirs: &[PathBuf]) {
    for change in done.iter().rev() {
        let restored = match &change.before {
            Some(before) => std::fs::write(&change.path, before),
            None => std::fs::remove_file(&change.path),
        };
        if let Err(error) = restored {
            eprintln!(
                "codegen: could not restore {}: {error}; restore it from version control",
                change.path.display()
            );
        }
    }
    for dir in created_dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_and_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("lib.rs");
        std::fs::write(&existing, "old").unwrap();
        let new = dir.path().join("nested/dir/new.rs");

        write_all(&[
            FileChange {
                path: existing.clone(),
                before: Some("old".to_owned()),
                after: Some("new".to_owned()),
            },
            FileChange {
                path: new.clone(),
                before: None,
                after: Some("created".to_owned()),
            },
        ])
        .unwrap();

        assert_eq!(std::fs::read_to_string(existing).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(new).unwrap(), "created");
    }

    #[test]
    fn a_failed_write_restores_everything() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("lib.rs");
        std::fs::write(&existing, "old").unwrap();
        let new = dir.path().join("new/module.rs");
        // A path under a regular file cannot be created.
        let impossible = existing.join("child.rs");

        let error = write_all(&[
            FileChange {
                path: existing.clone(),
                before: Some("old".to_owned()),
                after: Some("new".to_owned()),
            },
            FileChange {
                path: new.clone(),
                before: None,
                after: Some("created".to_owned()),
            },
            FileChange {
                path: impossible,
                before: None,
                after: Some("never".to_owned()),
            },
        ])
        .unwrap_err();

        assert!(error.to_string().contains("child.rs"), "{error}");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
        assert!(!new.exists());
        assert!(!dir.path().join("new").exists());
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, vec!["lib.rs"]);
    }
}
