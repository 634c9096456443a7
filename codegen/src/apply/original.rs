//! What each file of a plan holds before it is written: read once, checked
//! for every reason not to touch it before anything is written, and kept
//! to put back exactly if a write fails.

use std::{
    fs::Permissions,
    io::ErrorKind,
    path::{Path, PathBuf},
};

use super::file_system::FileSystem;
use crate::{Error, plan::FileChange};

/// What was at a change's path before the write.
#[derive(Debug)]
pub(super) enum Was {
    /// Nothing.
    Absent,
    /// A regular file.
    File {
        /// Its bytes.
        bytes: Vec<u8>,
        /// Its mode.
        permissions: Permissions,
    },
    /// A symlink to a regular file; a write goes through it to that file,
    /// a deletion removes the link alone.
    Link {
        /// What the link says, to recreate it.
        target: PathBuf,
        /// The file it leads to.
        resolved: PathBuf,
        /// That file's bytes.
        bytes: Vec<u8>,
        /// That file's mode.
        permissions: Permissions,
    },
}

/// One change with what its path held before it.
#[derive(Debug)]
pub(super) struct Original<'a> {
    /// The change.
    pub change: &'a FileChange,
    /// What its path held.
    pub was: Was,
}

impl Original<'_> {
    /// Where the new contents go: the file at the path, or the file a
    /// symlink there leads to, so that the link stays a link.
    pub fn destination(&self) -> &Path {
        match &self.was {
            Was::Link { resolved, .. } => resolved,
            Was::Absent | Was::File { .. } => &self.change.path,
        }
    }

    /// The mode the new contents keep, if a file is being replaced.
    pub fn permissions(&self) -> Option<&Permissions> {
        match &self.was {
            Was::Absent => None,
            Was::File { permissions, .. } | Was::Link { permissions, .. } => Some(permissions),
        }
    }
}

/// What every change's path holds now. Nothing is written here: a file the
/// plan cannot change safely (read-only, changed since it was read, not a
/// regular file) stops the whole plan before its first write.
///
/// # Errors
///
/// [`Error::Conflict`] listing every file that cannot be changed and how to
/// fix it; [`Error::Io`] when a path cannot be examined.
pub(super) fn originals<'a>(
    fs: &dyn FileSystem,
    changes: &'a [FileChange],
) -> Result<Vec<Original<'a>>, Error> {
    let mut problems = Vec::new();
    let mut originals = Vec::new();
    for change in changes {
        match examine(fs, change)? {
            Ok(was) => originals.push(Original { change, was }),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(originals)
    } else {
        Err(Error::Conflict(format!(
            "nothing was written, because:\n{}",
            crate::error::indented(&problems)
        )))
    }
}

/// What is at `change`'s path, or why it must not be changed.
fn examine(fs: &dyn FileSystem, change: &FileChange) -> Result<Result<Was, String>, Error> {
    let path = &change.path;
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let shown = path.display();
    let metadata = match fs.symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Ok(match (&change.before, &change.after) {
                (None, _) | (Some(_), None) => Ok(Was::Absent),
                (Some(_), Some(_)) => Err(format!(
                    "`{shown}` was removed since codegen read it (is another program changing \
                     the tree?); run the command again"
                )),
            });
        }
        Err(error) => return Err(io_error(path)(error)),
    };
    let was = if metadata.is_symlink() {
        let target = fs.read_link(path).map_err(io_error(path))?;
        let resolved = match fs.canonicalize(path) {
            Ok(resolved) => resolved,
            Err(error) if error.kind() == ErrorKind::NotFound => {
                return Ok(Err(format!(
                    "`{shown}` is a symlink to `{}`, which does not exist, so codegen will not \
                     write through it: create the file it points to or remove the link, then \
                     run the command again",
                    target.display()
                )));
            }
            Err(error) => return Err(io_error(path)(error)),
        };
        let metadata = fs.metadata(&resolved).map_err(io_error(&resolved))?;
        if !metadata.is_file() {
            return Ok(Err(format!(
                "`{shown}` is a symlink to `{}`, which is not a regular file: point it at a \
                 file or move it aside, then run the command again",
                resolved.display()
            )));
        }
        Was::Link {
            bytes: fs.read(&resolved).map_err(io_error(&resolved))?,
            permissions: metadata.permissions(),
            target,
            resolved,
        }
    } else if metadata.is_file() {
        Was::File {
            bytes: fs.read(path).map_err(io_error(path))?,
            permissions: metadata.permissions(),
        }
    } else {
        return Ok(Err(format!(
            "`{shown}` is not a regular file (a directory?), so codegen cannot write it: move \
             it aside and run the command again"
        )));
    };
    Ok(check(change, &was).map(|()| was))
}

/// Whether `was` may become what `change` makes of it.
fn check(change: &FileChange, was: &Was) -> Result<(), String> {
    let (bytes, permissions, file) = match was {
        Was::Absent => return Ok(()),
        Was::File { bytes, permissions } => (bytes, Some(permissions), &change.path),
        // Deleting a link leaves the file it leads to alone, whatever its
        // mode.
        Was::Link { bytes, .. } if change.after.is_none() => (bytes, None, &change.path),
        Was::Link {
            bytes,
            permissions,
            resolved,
            ..
        } => (bytes, Some(permissions), resolved),
    };
    if permissions.is_some_and(is_read_only) {
        return Err(read_only(change, file));
    }
    unchanged(change, bytes)
}

/// The refusal to change `file`, which its owner made read-only.
fn read_only(change: &FileChange, file: &Path) -> String {
    let shown = file.display();
    let what = if file == change.path {
        format!("`{shown}`")
    } else {
        format!(
            "`{shown}`, where the symlink `{}` leads,",
            change.path.display()
        )
    };
    let verb = if change.after.is_some() {
        "replace"
    } else {
        "delete"
    };
    format!(
        "{what} is read-only (its owner may not write it), so codegen will not {verb} it: to \
         let codegen change it, run `chmod u+w {shown}` and the command again; otherwise leave \
         it alone"
    )
}

/// Whether the file still holds what the plan was made from: if another
/// program wrote it meanwhile, writing the plan would undo its work.
fn unchanged(change: &FileChange, bytes: &[u8]) -> Result<(), String> {
    match &change.before {
        Some(before) if before.as_bytes() == bytes => Ok(()),
        Some(_) => Err(format!(
            "`{}` changed since codegen read it (is another program writing it?); run the \
             command again",
            change.path.display()
        )),
        None => Err(format!(
            "`{}` appeared since codegen read the tree (is another program writing it?); run \
             the command again",
            change.path.display()
        )),
    }
}

/// Whether the file's owner took away their own write permission: a sign
/// that the file is not to be changed, even by someone who could.
#[cfg(unix)]
fn is_read_only(permissions: &Permissions) -> bool {
    use std::os::unix::fs::PermissionsExt;
    permissions.mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn is_read_only(permissions: &Permissions) -> bool {
    permissions.readonly()
}
