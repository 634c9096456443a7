//! The directory a throwaway cluster lives in, fresh for each run: its data
//! directory, its unix socket and its server log.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
};

use super::account::Account;
use crate::Error;

/// The longest unix socket path PostgreSQL can bind: `sun_path` holds 104
/// bytes on the BSDs and macOS (108 on Linux), including the final NUL.
const MAX_SOCKET_PATH: usize = 103;

/// The socket's file name for the largest port, the longest it can be.
const LONGEST_SOCKET_NAME: &str = ".s.PGSQL.65535";

/// A fresh directory holding one throwaway cluster.
#[derive(Debug)]
pub(super) struct ClusterDir {
    root: PathBuf,
}

impl ClusterDir {
    /// A fresh cluster directory under `base`, or under the system temp dir
    /// when `account` cannot reach `base` or its socket path would be too
    /// long; owned by `account` when there is one.
    ///
    /// # Errors
    ///
    /// Fails when neither place can hold a cluster.
    pub(super) fn create(base: &Path, account: Option<&Account>) -> Result<Self, Error> {
        let first = Self::create_in(base, account)?;
        let Err(reason) = first.check(account) else {
            return Ok(first);
        };
        first.remove()?;
        let fallback = Self::create_in(&std::env::temp_dir(), account)?;
        if let Err(fallback_reason) = fallback.check(account) {
            fallback.remove()?;
            return Err(Error::Tool(format!(
                "cannot place a throwaway PostgreSQL: {reason}, and {fallback_reason}; \
                 set TMPDIR to a directory it can use, or set DATABASE_URL"
            )));
        }
        eprintln!(
            "codegen: {reason}; using {} for the throwaway PostgreSQL instead",
            fallback.root.display()
        );
        Ok(fallback)
    }

    /// A new directory under `base`, named after this process so that
    /// concurrent runs never share one.
    fn create_in(base: &Path, account: Option<&Account>) -> Result<Self, Error> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(base).map_err(io(base))?;
        let root = loop {
            let name = format!(
                "codegen-pg-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let root = base.join(name);
            match std::fs::create_dir(&root) {
                Ok(()) => break root,
                // Left by an earlier process that had our pid.
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => return Err(io(&root)(source)),
            }
        };
        let dir = Self { root };
        let socket = dir.socket();
        if let Err(source) = std::fs::create_dir(&socket) {
            dir.remove()?;
            return Err(io(&socket)(source));
        }
        if let Some(account) = account {
            for path in [&dir.root, &socket] {
                if let Err(error) = account.take_ownership(path) {
                    dir.remove()?;
                    return Err(error);
                }
            }
        }
        Ok(dir)
    }

    /// Why the cluster cannot live here, if it cannot.
    fn check(&self, account: Option<&Account>) -> Result<(), String> {
        if !socket_path_fits(&self.socket()) {
            return Err(format!(
                "the socket path under `{}` would be longer than a unix socket allows",
                self.root.display()
            ));
        }
        match account {
            Some(account) if !account.can_enter(&self.root) => Err(format!(
                "`{}` cannot reach `{}` (a directory above it is closed to it)",
                account.name,
                self.root.display()
            )),
            _ => Ok(()),
        }
    }

    /// The directory itself.
    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    /// The cluster's data directory, which `initdb` creates.
    pub(super) fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// Where the server puts its unix socket, so that it never touches the
    /// system's socket directory.
    pub(super) fn socket(&self) -> PathBuf {
        self.root.join("socket")
    }

    /// The server's log, which `pg_ctl start` writes.
    pub(super) fn log(&self) -> PathBuf {
        self.root.join("server.log")
    }

    /// Deletes the directory and everything in it.
    ///
    /// # Errors
    ///
    /// Fails when something in it cannot be removed.
    pub(super) fn remove(&self) -> Result<(), Error> {
        std::fs::remove_dir_all(&self.root).map_err(|source| Error::Io {
            path: self.root.clone(),
            source,
        })
    }
}

fn socket_path_fits(socket_dir: &Path) -> bool {
    socket_dir.join(LONGEST_SOCKET_NAME).as_os_str().len() <= MAX_SOCKET_PATH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_paths_must_fit_a_unix_socket_address() {
        assert!(socket_path_fits(Path::new(
            "/home/someone/src/service/target/codegen-pg/codegen-pg-123456-0/socket"
        )));
        let deep = format!("/{}/socket", "d".repeat(MAX_SOCKET_PATH));
        assert!(!socket_path_fits(Path::new(&deep)));
    }

    #[test]
    fn each_directory_is_fresh_and_laid_out() {
        let base = tempfile::tempdir().unwrap();
        let first = ClusterDir::create(base.path(), None).unwrap();
        let second = ClusterDir::create(base.path(), None).unwrap();
        assert_ne!(first.root(), second.root());
        assert!(first.root().starts_with(base.path()));
        assert!(first.socket().is_dir());
        assert!(!first.data().exists());
        first.remove().unwrap();
        assert!(!first.root().exists());
        assert!(second.root().exists());
    }

    #[test]
    fn a_base_with_too_long_a_socket_path_falls_back_to_the_temp_dir() {
        let base = tempfile::tempdir().unwrap();
        let deep = base.path().join("d".repeat(MAX_SOCKET_PATH));
        let dir = ClusterDir::create(&deep, None).unwrap();
        assert!(dir.root().starts_with(std::env::temp_dir()));
        assert!(!dir.root().starts_with(&deep));
        dir.remove().unwrap();
    }
}
