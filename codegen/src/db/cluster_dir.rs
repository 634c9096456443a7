//! The directory a throwaway cluster lives in, fresh for each run: its data
//! directory, its unix socket and its server log.

use std::{
    ffi::OsStr,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
};

use super::account::{self, Account};
use crate::Error;

/// How every cluster directory's name starts: `codegen-pg-<pid>-<n>`, the
/// pid being the run's that made it.
const NAME_PREFIX: &str = "codegen-pg-";

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
                "{NAME_PREFIX}{}-{}",
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

/// A cluster directory whose run ended without removing it: the run was
/// killed (SIGKILL, a crash), so its guard never dropped.
#[derive(Debug)]
pub(super) struct Abandoned {
    /// The directory.
    pub(super) dir: ClusterDir,
    /// The pid of the run that made it, from its name.
    pub(super) pid: u32,
}

impl ClusterDir {
    /// The cluster directories right under each of `bases` whose run is no
    /// longer running, among those `account` owns (without one, this
    /// process's user): the others are not ours to stop or delete. A
    /// directory whose run's pid is alive is left out: it may be a live
    /// run's.
    pub(super) fn abandoned(bases: &[&Path], account: Option<&Account>) -> Vec<Abandoned> {
        let mut seen = Vec::new();
        let mut found = Vec::new();
        for base in bases {
            // The temp-dir fallback may be the base itself.
            let canonical = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
            if seen.contains(&canonical) {
                continue;
            }
            seen.push(canonical);
            let Ok(entries) = std::fs::read_dir(base) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let Some(pid) = run_pid(&entry.file_name()) else {
                    continue;
                };
                // Not a symlink: only what a run made itself is deleted.
                let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
                let root = entry.path();
                if is_dir && process_is_gone(pid) && account::owns(account, &root) {
                    found.push(Abandoned {
                        dir: Self { root },
                        pid,
                    });
                }
            }
        }
        found
    }

    /// The pid of the server that runs on this cluster, if one does: the
    /// one its `postmaster.pid` names, if that process is alive and, where
    /// the system shows it, works in this data directory. A pid file
    /// outlives a server killed with the machine, and its pid may since
    /// belong to another process, which must not be signalled.
    pub(super) fn server_pid(&self) -> Option<u32> {
        let data = self.data();
        let text = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
        let pid = text.lines().next()?.trim().parse().ok()?;
        (!process_is_gone(pid) && may_work_in(pid, &data)).then_some(pid)
    }
}

/// The run's pid in a cluster directory's name, `codegen-pg-<pid>-<n>`.
fn run_pid(name: &OsStr) -> Option<u32> {
    let (pid, count) = name.to_str()?.strip_prefix(NAME_PREFIX)?.split_once('-')?;
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(pid) || !digits(count) {
        return None;
    }
    pid.parse().ok()
}

/// Whether no process has id `pid`. One that belongs to another user
/// exists too (the system refuses to signal it rather than not finding it).
#[cfg(unix)]
fn process_is_gone(pid: u32) -> bool {
    use rustix::{io::Errno, process::Pid};
    i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .is_some_and(|pid| rustix::process::test_kill_process(pid) == Err(Errno::SRCH))
}

/// Without a way to ask, every process may still run: nothing is removed.
#[cfg(not(unix))]
fn process_is_gone(_pid: u32) -> bool {
    false
}

/// Whether process `pid` may work in `dir`: false only when the system
/// shows its working directory and that is elsewhere. A postmaster works in
/// its data directory.
fn may_work_in(pid: u32, dir: &Path) -> bool {
    let Ok(cwd) = std::fs::read_link(format!("/proc/{pid}/cwd")) else {
        return true;
    };
    std::fs::canonicalize(dir).is_ok_and(|dir| dir == cwd)
}

fn socket_path_fits(socket_dir: &Path) -> bool {
    socket_dir.join(LONGEST_SOCKET_NAME).as_os_str().len() <= MAX_SOCKET_PATH
}

/// The pid of a process that has ended and been reaped, as a killed run's.
#[cfg(test)]
pub(super) fn pid_of_an_ended_run() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    child.wait().unwrap();
    child.id()
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
    fn the_run_pid_is_read_from_cluster_directory_names_only() {
        let pid = |name: &str| run_pid(OsStr::new(name));
        assert_eq!(pid("codegen-pg-4242-0"), Some(4242));
        assert_eq!(pid("codegen-pg-4242-17"), Some(4242));
        for other in [
            "codegen-pg-4242",
            "codegen-pg--0",
            "codegen-pg-+4242-0",
            "codegen-pg-4242-0-x",
            "codegen-pg-4242-",
            "codegen-pg-x-0",
            "other-4242-0",
        ] {
            assert_eq!(pid(other), None, "{other}");
        }
    }

    /// The account a cluster runs as in these tests.
    fn account() -> Option<Account> {
        account::running_as_root().then(|| account::unprivileged().unwrap())
    }

    /// A directory `name` under `base`, owned as a run's would be.
    fn run_dir(base: &Path, name: &str, account: Option<&Account>) -> PathBuf {
        let path = base.join(name);
        std::fs::create_dir(&path).unwrap();
        if let Some(account) = account {
            account.take_ownership(&path).unwrap();
        }
        path
    }

    #[cfg(unix)]
    #[test]
    fn only_directories_of_ended_runs_are_abandoned() {
        let base = tempfile::tempdir().unwrap();
        let account = account();
        let account = account.as_ref();
        let ended = pid_of_an_ended_run();
        let abandoned = run_dir(base.path(), &format!("codegen-pg-{ended}-3"), account);
        // Live runs: this one, and init, which never ends.
        run_dir(
            base.path(),
            &format!("codegen-pg-{}-0", std::process::id()),
            account,
        );
        run_dir(base.path(), "codegen-pg-1-0", account);
        run_dir(base.path(), &format!("codegen-pg-{ended}"), account);
        std::fs::write(base.path().join(format!("codegen-pg-{ended}-4")), "").unwrap();
        std::os::unix::fs::symlink(
            &abandoned,
            base.path().join(format!("codegen-pg-{ended}-5")),
        )
        .unwrap();
        if account.is_some() {
            // Not the cluster account's, so not ours to delete.
            run_dir(base.path(), &format!("codegen-pg-{ended}-6"), None);
        }

        // The same base twice, as when the temp dir is the base.
        let found = ClusterDir::abandoned(&[base.path(), base.path()], account);

        let found: Vec<_> = found
            .iter()
            .map(|left| (left.dir.root(), left.pid))
            .collect();
        assert_eq!(found, [(abandoned.as_path(), ended)]);
    }

    #[test]
    fn a_pid_file_without_its_server_names_no_server() {
        let base = tempfile::tempdir().unwrap();
        let dir = ClusterDir::create(base.path(), None).unwrap();
        assert_eq!(dir.server_pid(), None);
        std::fs::create_dir(dir.data()).unwrap();
        let pid_file = dir.data().join("postmaster.pid");
        std::fs::write(&pid_file, format!("{}\n/x\n", pid_of_an_ended_run())).unwrap();
        assert_eq!(dir.server_pid(), None);
        // Alive, but working elsewhere: a pid reused by another process.
        std::fs::write(&pid_file, format!("{}\n/x\n", std::process::id())).unwrap();
        if Path::new("/proc/self/cwd").exists() {
            assert_eq!(dir.server_pid(), None);
        }
        dir.remove().unwrap();
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
