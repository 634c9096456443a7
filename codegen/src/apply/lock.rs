//! One writer per workspace: a command that writes holds an exclusive lock
//! on `.codegen.lock` in the workspace root from before it reads the tree
//! until after it has written, so two generators never plan against each
//! other's half-finished work.
//!
//! The lock is the operating system's (`flock` on Unix), so it dies with a
//! crashed process; the file is deleted when the lock is released, so a
//! finished command leaves the tree as it found it. Only a regular file is
//! ever a lock file: the path is created exclusively and opened without
//! following links, so a symlink or a directory put there is refused, never
//! written through.

use std::{
    fs::{File, Metadata, OpenOptions, TryLockError},
    io::{ErrorKind, Read, Write},
    path::{Path, PathBuf},
};

use crate::Error;

/// The lock file's name, in the workspace root.
pub const LOCK_FILE: &str = ".codegen.lock";

/// How many times to retry when the file we locked was deleted by the
/// previous holder meanwhile; each retry means another process made
/// progress, so a few suffice.
const ATTEMPTS: usize = 8;

/// The held lock on a workspace; dropping it releases the lock and deletes
/// the file.
#[derive(Debug)]
pub struct WorkspaceLock {
    file: File,
    path: PathBuf,
}

impl WorkspaceLock {
    /// The lock a command takes before it reads the tree, if it is to write
    /// (a dry run reads only, and takes none).
    ///
    /// # Errors
    ///
    /// As [`WorkspaceLock::acquire`].
    pub fn unless_dry_run(root: &Path, dry_run: bool) -> Result<Option<Self>, Error> {
        (!dry_run).then(|| Self::acquire(root)).transpose()
    }

    /// Take the lock of the workspace at `root`, without waiting.
    ///
    /// # Errors
    ///
    /// [`Error::Locked`] when another process holds it; [`Error::Io`] when
    /// the lock file cannot be created or locked, or the lock path holds
    /// something other than a regular file (a symlink, a directory), which
    /// the message names with what to do.
    pub fn acquire(root: &Path) -> Result<Self, Error> {
        let path = root.join(LOCK_FILE);
        let io_error = |source| Error::Io {
            path: path.clone(),
            source,
        };
        for _ in 0..ATTEMPTS {
            let Some(mut file) = open(&path)? else {
                // The holder deleted it between our two looks: try again.
                continue;
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::Locked {
                        path: path.clone(),
                        holder: holder(&mut file),
                    });
                }
                Err(TryLockError::Error(source)) => return Err(io_error(source)),
            }
            // The previous holder deletes the file as it lets go: if it did
            // between our open and our lock, we hold a lock on a file that
            // no one else can find, and must take the one at the path.
            if is_at_path(&file, &path) {
                file.set_len(0).map_err(io_error)?;
                write!(file, "{}", std::process::id()).map_err(io_error)?;
                return Ok(Self { file, path });
            }
        }
        Err(Error::Locked {
            path: path.clone(),
            holder: None,
        })
    }
}

/// The lock file at `path`, created if there is none, or `None` if the one
/// there vanished before it could be opened.
///
/// A new file is created exclusively and an existing one opened without
/// following a symlink, so whatever sits at the path (a link planted to
/// point at a person's file, a directory) is never written through: only a
/// regular file is a lock file.
fn open(path: &Path) -> Result<Option<File>, Error> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => return Ok(Some(file)),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {}
        Err(error) => return Err(io_error(error)),
    }
    // One is there: held by a running codegen, or left by a crash.
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(metadata) => return Err(not_a_lock_file(path, &metadata)),
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(error)),
    }
    let file = match open_existing(path) {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            // Replaced since we looked (by a link, say): say by what.
            return Err(match std::fs::symlink_metadata(path) {
                Ok(metadata) if !metadata.is_file() => not_a_lock_file(path, &metadata),
                _ => io_error(error),
            });
        }
    };
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(not_a_lock_file(path, &metadata));
    }
    Ok(Some(file))
}

/// Open the existing file at `path` for reading and writing, failing
/// rather than following a symlink.
#[cfg(unix)]
fn open_existing(path: &Path) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    // Non-blocking, so that a FIFO put there cannot make the open wait.
    let flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_existing(path: &Path) -> std::io::Result<File> {
    // No `O_NOFOLLOW` here; the look at the path just before is the guard.
    OpenOptions::new().read(true).write(true).open(path)
}

/// The refusal of a lock path that holds something other than a regular
/// file: nothing was done, and a person must look at what is there.
fn not_a_lock_file(path: &Path, metadata: &Metadata) -> Error {
    let shown = path.display();
    let (what, remove) = if metadata.is_symlink() {
        let target = std::fs::read_link(path).map_or_else(
            |_| String::new(),
            |target| format!(" to `{}`", target.display()),
        );
        (format!("a symbolic link{target}"), format!("rm {shown}"))
    } else if metadata.is_dir() {
        ("a directory".to_owned(), format!("rmdir {shown}"))
    } else {
        ("not a regular file".to_owned(), format!("rm {shown}"))
    };
    let message = format!(
        "is {what}, not codegen's lock file; codegen does not follow or replace it, and did \
         nothing: if no codegen is running in this workspace, remove it (`{remove}`) and run \
         the command again"
    );
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(ErrorKind::AlreadyExists, message),
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        // Deleted while still locked, so no one can lock this file after us
        // and believe it is the workspace's; the lock goes with the handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The process id the holder wrote, if it has written it yet.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn is_at_path(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // Not following a link: a link put at the path is not our file.
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_at_path(_file: &File, path: &Path) -> bool {
    // Elsewhere an open file cannot be deleted, so the race cannot happen.
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WorkspaceLock::acquire(dir.path()).unwrap();

        let error = WorkspaceLock::acquire(dir.path()).unwrap_err();
        let Error::Locked { holder, .. } = &error else {
            panic!("expected Locked, got {error:?}");
        };
        assert_eq!(*holder, Some(std::process::id()));

        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists());
        drop(WorkspaceLock::acquire(dir.path()).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_lock_path_is_refused_and_its_target_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("precious.txt");
        std::fs::write(&precious, "a person's words\n").unwrap();
        let workspace = dir.path().join("workspace");
        std::fs::create_dir(&workspace).unwrap();
        let lock = workspace.join(LOCK_FILE);
        std::os::unix::fs::symlink("../precious.txt", &lock).unwrap();

        let error = WorkspaceLock::acquire(&workspace).unwrap_err();

        let message = error.to_string();
        assert!(matches!(error, Error::Io { .. }), "{error:?}");
        assert!(message.contains(".codegen.lock"), "{message}");
        assert!(
            message.contains("is a symbolic link to `../precious.txt`"),
            "{message}"
        );
        assert!(message.contains("remove it (`rm "), "{message}");
        assert_eq!(
            std::fs::read_to_string(&precious).unwrap(),
            "a person's words\n"
        );
        assert!(lock.symlink_metadata().unwrap().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_at_the_lock_path_is_not_created_through() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join(LOCK_FILE);
        std::os::unix::fs::symlink("elsewhere.txt", &lock).unwrap();

        let error = WorkspaceLock::acquire(dir.path()).unwrap_err();

        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(!dir.path().join("elsewhere.txt").exists());
    }

    #[test]
    fn a_directory_at_the_lock_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join(LOCK_FILE);
        std::fs::create_dir(&lock).unwrap();

        let message = WorkspaceLock::acquire(dir.path()).unwrap_err().to_string();

        assert!(
            message.contains("is a directory, not codegen's lock file"),
            "{message}"
        );
        assert!(message.contains("if no codegen is running"), "{message}");
        assert!(lock.is_dir());
    }

    #[test]
    fn a_lock_file_left_by_a_crash_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK_FILE), "4242").unwrap();
        let lock = WorkspaceLock::acquire(dir.path()).unwrap();
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }
}
