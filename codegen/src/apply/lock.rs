//! One writer per workspace: a command that writes holds an exclusive lock
//! on `.codegen.lock` in the workspace root from before it reads the tree
//! until after it has written, so two generators never plan against each
//! other's half-finished work.
//!
//! The lock is the operating system's (`flock` on Unix), so it dies with a
//! crashed process; the file is deleted when the lock is released, so a
//! finished command leaves the tree as it found it.

use std::{
    fs::{File, OpenOptions, TryLockError},
    io::{Read, Write},
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
    /// the lock file cannot be created or locked.
    pub fn acquire(root: &Path) -> Result<Self, Error> {
        let path = root.join(LOCK_FILE);
        let io_error = |source| Error::Io {
            path: path.clone(),
            source,
        };
        for _ in 0..ATTEMPTS {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_error)?;
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
    match (file.metadata(), std::fs::metadata(path)) {
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

    #[test]
    fn a_lock_file_left_by_a_crash_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK_FILE), "4242").unwrap();
        let lock = WorkspaceLock::acquire(dir.path()).unwrap();
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }
}
