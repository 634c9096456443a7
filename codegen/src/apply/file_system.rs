//! The file-system operations a write makes, behind one seam, so that a
//! test can make any one of them fail and watch the tree come back.

use std::{
    fs::{File, Metadata, Permissions},
    io::{self, Write},
    path::{Path, PathBuf},
};

/// Every operation [`super::write_all`] performs on the disk. [`Disk`] is
/// the real one; tests wrap it to fail the operation they choose.
pub(super) trait FileSystem {
    /// What is at `path`, not following a symlink there.
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// What is at `path`, following symlinks.
    fn metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// What the symlink at `path` says.
    fn read_link(&self, path: &Path) -> io::Result<PathBuf>;
    /// The file `path` finally leads to, every link followed.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Make the directory `path`, whose parent exists.
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Create the file `path`, which must not exist, with the mode a new
    /// file gets from any editor: `0o666` less the umask.
    fn create_new(&self, path: &Path) -> io::Result<File>;
    /// Write all of `bytes` to `file`.
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()>;
    /// Give `file` the permissions `permissions`.
    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()>;
    /// Flush `file` to the disk.
    fn sync(&self, file: &File) -> io::Result<()>;
    /// Flush the directory `dir` (its entries: a rename, a removal) to the
    /// disk.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Rename `from` to `to`, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Make `link` a symlink saying `target`.
    fn symlink(&self, target: &Path, link: &Path) -> io::Result<()>;
    /// Remove the file (or the symlink itself) at `path`.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Remove the empty directory `path`.
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Disk;

impl FileSystem for Disk {
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        std::fs::symlink_metadata(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        std::fs::metadata(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path)
    }

    fn create_new(&self, path: &Path) -> io::Result<File> {
        // The standard library creates files with 0o666 on Unix, which the
        // kernel narrows by the umask, as it does for an editor's.
        File::options().write(true).create_new(true).open(path)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()> {
        file.set_permissions(permissions)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    #[cfg(unix)]
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        match File::open(dir)?.sync_all() {
            // Some file systems cannot flush a directory; their renames
            // are as durable as they get.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
                ) =>
            {
                Ok(())
            }
            result => result,
        }
    }

    #[cfg(not(unix))]
    fn sync_dir(&self, _dir: &Path) -> io::Result<()> {
        // A directory cannot be opened as a file here; a rename is flushed
        // with its file.
        Ok(())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    #[cfg(unix)]
    fn symlink(&self, target: &Path, link: &Path) -> io::Result<()> {
        std::os::unix::fs::symlink(target, link)
    }

    #[cfg(not(unix))]
    fn symlink(&self, _target: &Path, _link: &Path) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "codegen recreates symlinks only on Unix",
        ))
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir(path)
    }
}
