//! All-or-nothing writes: every file of a plan is written, or the tree is
//! left exactly as it was.

use std::{io::ErrorKind, path::Path};

use super::{
    atomic::{parent, replace},
    file_system::{Disk, FileSystem},
    original::{Original, Was, originals},
    restore::Undo,
};
use crate::{Error, plan::FileChange};

/// Write every change, or none.
///
/// First every path is examined, and nothing is written if any file cannot
/// be changed safely: one its owner made read-only, one that changed since
/// the plan read it, or something other than a file. Then each file is
/// written to a temporary file beside it, flushed and renamed into place,
/// so no file is ever half-written; a new file gets the mode an editor
/// would give it, a replaced one keeps its mode, and a symlink stays a
/// symlink, its target written. A file to delete is removed (a symlink
/// itself, not its target). Before each file, a Ctrl-C or termination
/// recorded by [`crate::interrupt`] stops the write.
///
/// If any of it fails or is interrupted, the files already written or
/// deleted are put back the same atomic way (or removed, if new) and the
/// directories created for them removed.
///
/// # Errors
///
/// [`Error::Conflict`] when a file cannot be changed safely, before
/// anything is written; otherwise the write that failed, or
/// [`Error::Interrupted`], once the tree is restored. If the tree cannot be
/// restored completely, an [`Error::Tool`] that names every file left
/// changed and where its original bytes were saved.
pub fn write_all(changes: &[FileChange]) -> Result<(), Error> {
    write_with(&Disk, &crate::interrupt::check, changes)
}

/// [`write_all`], but never stopped by an interruption: for a write that
/// undoes a command's work after a signal stopped it (`.sqlx` put back
/// after an interrupted prepare, say), which [`write_all`] would refuse to
/// begin, as the signal is already recorded.
///
/// # Errors
///
/// As [`write_all`], except [`Error::Interrupted`].
pub fn write_all_uninterrupted(changes: &[FileChange]) -> Result<(), Error> {
    write_with(&Disk, &|| Ok(()), changes)
}

/// [`write_all`] through `fs`, asking `interrupted` before each file.
pub(super) fn write_with(
    fs: &dyn FileSystem,
    interrupted: &dyn Fn() -> Result<(), Error>,
    changes: &[FileChange],
) -> Result<(), Error> {
    let originals = originals(fs, changes)?;
    let mut undo = Undo::default();
    for original in &originals {
        // Not after the last file: then the command is done.
        if let Err(error) = interrupted().and_then(|()| write_one(fs, original, &mut undo)) {
            return Err(undo.run(fs, error));
        }
    }
    Ok(())
}

/// Make `original`'s change, recording in `undo` what it changed as soon
/// as it is on disk.
fn write_one<'a>(
    fs: &dyn FileSystem,
    original: &'a Original<'a>,
    undo: &mut Undo<'a>,
) -> Result<(), Error> {
    let Some(after) = &original.change.after else {
        let path = &original.change.path;
        let io_error = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if matches!(original.was, Was::Absent) {
            return Ok(());
        }
        // A symlink is removed itself: the file it leads to is not the
        // plan's.
        fs.remove_file(path).map_err(io_error)?;
        undo.done(original);
        return fs.sync_dir(parent(path)).map_err(io_error);
    };
    let destination = original.destination();
    let io_error = |source| Error::Io {
        path: destination.to_path_buf(),
        source,
    };
    let dir = parent(destination);
    if matches!(original.was, Was::Absent) {
        create_dirs(fs, dir, undo).map_err(io_error)?;
    }
    replace(
        fs,
        destination,
        after.as_bytes(),
        original.permissions(),
        &mut undo.leftovers,
    )
    .map_err(io_error)?;
    undo.done(original);
    fs.sync_dir(dir).map_err(io_error)
}

/// Create `dir` and its missing ancestors, recording each one created.
fn create_dirs(fs: &dyn FileSystem, dir: &Path, undo: &mut Undo<'_>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    for dir in dir.ancestors().filter(|dir| !dir.as_os_str().is_empty()) {
        match fs.metadata(dir) {
            Ok(_) => break,
            Err(error) if error.kind() == ErrorKind::NotFound => missing.push(dir),
            Err(error) => return Err(error),
        }
    }
    for dir in missing.into_iter().rev() {
        fs.create_dir(dir)?;
        undo.created_dir(dir);
        fs.sync_dir(parent(dir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::test_tree::{
        Entry, change, every_kind_of_change, file, new_file_mode, set_mode, snapshot,
    };

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

    #[test]
    fn new_files_get_an_editors_mode_and_replaced_files_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let plan = every_kind_of_change(dir.path());
        let editors = new_file_mode(dir.path());

        write_all(&plan).unwrap();

        let tree = snapshot(dir.path());
        let mode = |name: &str| match &tree[&dir.path().join(name)] {
            Entry::File(_, mode) => *mode,
            other => panic!("{name} is {other:?}"),
        };
        assert_eq!(mode("new/dir/created.rs"), editors);
        assert_eq!(mode("edited.rs"), 0o644);
        assert_eq!(mode("odd_mode.rs"), 0o604);
        assert!(!dir.path().join("deleted.rs").exists());
        // Nothing else is left beside them: no temporary files.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink_and_its_target_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let plan = every_kind_of_change(dir.path());

        write_all(&plan).unwrap();

        let tree = snapshot(dir.path());
        assert_eq!(
            tree[&dir.path().join("linked.rs")],
            Entry::Link("real/target.rs".into())
        );
        assert_eq!(
            tree[&dir.path().join("real/target.rs")],
            Entry::File(b"fn target() {\n    // More.\n}\n".to_vec(), 0o600)
        );
        // A deleted symlink goes; the file it led to stays.
        assert!(!tree.contains_key(&dir.path().join("unlinked.rs")));
        assert_eq!(
            tree[&dir.path().join("real/other.rs")],
            Entry::File(b"fn other() {}\n".to_vec(), 0o644)
        );
    }

    #[test]
    fn a_read_only_file_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = every_kind_of_change(dir.path());
        file(&dir.path().join("kept.rs"), "fn kept() {}\n", 0o444);
        file(
            &dir.path().join("undeleted.rs"),
            "fn undeleted() {}\n",
            0o400,
        );
        plan.push(change(
            dir.path().join("kept.rs"),
            Some("fn kept() {}\n"),
            Some("fn changed() {}\n"),
        ));
        plan.push(change(
            dir.path().join("undeleted.rs"),
            Some("fn undeleted() {}\n"),
            None,
        ));
        let before = snapshot(dir.path());

        let error = write_all(&plan).unwrap_err();

        let message = error.to_string();
        assert!(matches!(error, Error::Conflict(_)), "{error:?}");
        assert!(
            message.starts_with("nothing was written, because:"),
            "{message}"
        );
        for name in ["kept.rs", "undeleted.rs"] {
            let path = dir.path().join(name).display().to_string();
            assert!(
                message.contains(&format!("`{path}` is read-only")),
                "{message}"
            );
            assert!(
                message.contains(&format!("`chmod u+w {path}`")),
                "{message}"
            );
        }
        assert!(message.contains("will not replace it"), "{message}");
        assert!(message.contains("will not delete it"), "{message}");
        assert!(message.contains("otherwise leave it alone"), "{message}");
        assert_eq!(snapshot(dir.path()), before);
        // The owner's say, not the permission to write: even root is held
        // to it.
        set_mode(&dir.path().join("kept.rs"), 0o644);
        set_mode(&dir.path().join("undeleted.rs"), 0o600);
        write_all(&plan).unwrap();
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = every_kind_of_change(dir.path());
        file(
            &dir.path().join("busy.rs"),
            "fn edited_meanwhile() {}\n",
            0o644,
        );
        plan.push(change(
            dir.path().join("busy.rs"),
            Some("fn as_read() {}\n"),
            Some("fn planned() {}\n"),
        ));
        file(
            &dir.path().join("appeared.rs"),
            "fn new_meanwhile() {}\n",
            0o644,
        );
        plan.push(change(
            dir.path().join("appeared.rs"),
            None,
            Some("fn planned() {}\n"),
        ));
        let before = snapshot(dir.path());

        let message = write_all(&plan).unwrap_err().to_string();

        assert!(
            message.contains("busy.rs` changed since codegen read it"),
            "{message}"
        );
        assert!(
            message.contains("appeared.rs` appeared since codegen read the tree"),
            "{message}"
        );
        assert!(message.contains("run the command again"), "{message}");
        assert_eq!(snapshot(dir.path()), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("dangling.rs");
        std::os::unix::fs::symlink("nowhere/file.rs", &link).unwrap();
        let before = snapshot(dir.path());

        let message = write_all(&[change(link, None, Some("fn new() {}\n"))])
            .unwrap_err()
            .to_string();

        assert!(
            message.contains("is a symlink to `nowhere/file.rs`, which does not exist"),
            "{message}"
        );
        assert!(message.contains("remove the link"), "{message}");
        assert_eq!(snapshot(dir.path()), before);
    }
}
