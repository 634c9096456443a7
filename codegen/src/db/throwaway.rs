//! A throwaway PostgreSQL cluster for when no `DATABASE_URL` is given: made
//! with `initdb`, started with `pg_ctl`, local-only with trust auth, and
//! stopped and deleted when its guard drops, whatever happened meanwhile.
//!
//! The server runs outside codegen's process group (`pg_ctl` is started in
//! its own, see [`process`], and detaches the server from it), so a Ctrl-C
//! at the terminal reaches codegen only, which then stops the server itself
//! as the guard drops. A run killed outright cannot; the next run stops and
//! deletes what it left ([`clean_up_abandoned`]).

use std::{
    io::Write,
    net::{Ipv4Addr, TcpListener},
    path::{Path, PathBuf},
    process::Command,
};

use super::{
    account::{self, Account},
    bindir,
    cluster_dir::{Abandoned, ClusterDir},
    database_url,
};
use crate::{Error, process};

/// How often a start is retried on a new port: another process may take
/// the free port between our probe and the server's bind.
const START_ATTEMPTS: usize = 3;

/// How long `pg_ctl` waits for the server to start or stop, in seconds.
const PG_CTL_TIMEOUT: &str = "60";

/// A running throwaway cluster. Dropping it stops the server and deletes its
/// directory.
#[derive(Debug)]
pub(super) struct Throwaway {
    bindir: PathBuf,
    account: Option<Account>,
    dir: ClusterDir,
    port: u16,
}

impl Throwaway {
    /// Creates and starts a cluster in a fresh directory under `base`, once
    /// the clusters that killed runs left there (or in the temp dir) are
    /// stopped and deleted.
    ///
    /// # Errors
    ///
    /// Fails when the server programs are missing, or `initdb` or `pg_ctl`
    /// fails, or with [`Error::Interrupted`] when a signal came; nothing is
    /// left running or on disk.
    pub(super) fn start(base: &Path) -> Result<Self, Error> {
        let bindir = bindir::find()?;
        let account = if account::running_as_root() {
            Some(account::unprivileged()?)
        } else {
            None
        };
        let temp_dir = std::env::temp_dir();
        clean_up_abandoned(&bindir, account.as_ref(), &[base, &temp_dir])?;
        let dir = ClusterDir::create(base, account.as_ref())?;
        // The guard exists from here on, so an error below still cleans up.
        let mut cluster = Self {
            bindir,
            account,
            dir,
            port: 0,
        };
        cluster.init()?;
        cluster.launch()?;
        Ok(cluster)
    }

    /// The URL of its database (which `sqlx database create` creates).
    pub(super) fn url(&self) -> String {
        database_url::throwaway(self.port)
    }

    /// The TCP port it listens on, on 127.0.0.1.
    #[cfg(test)]
    pub(super) const fn port(&self) -> u16 {
        self.port
    }

    /// Its directory, which is gone once it drops.
    #[cfg(test)]
    pub(super) const fn dir(&self) -> &ClusterDir {
        &self.dir
    }

    fn init(&self) -> Result<(), Error> {
        let mut initdb = self.command("initdb");
        initdb
            .arg("--pgdata")
            .arg(self.dir.data())
            .args(["--username", database_url::THROWAWAY_USER])
            .args(["--auth", "trust", "--encoding", "UTF8", "--locale", "C"])
            // Its files are thrown away; syncing them to disk buys nothing.
            .arg("--no-sync");
        process::run(&mut initdb)?;
        self.append_settings()
    }

    /// Settings that keep the server to itself: TCP on loopback only, its
    /// socket in its own directory, and no durability, which it never needs.
    fn append_settings(&self) -> Result<(), Error> {
        let path = self.dir.data().join("postgresql.conf");
        let settings = format!(
            "\n# Added by codegen for a throwaway cluster.\n\
             listen_addresses = '127.0.0.1'\n\
             unix_socket_directories = {}\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n",
            conf_string(&self.dir.socket().to_string_lossy())
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(settings.as_bytes()))
            .map_err(|source| Error::Io { path, source })
    }

    fn launch(&mut self) -> Result<(), Error> {
        let mut attempt = 1;
        loop {
            let port = free_port()?;
            crate::progress::phase(format_args!(
                "starting a throwaway PostgreSQL on 127.0.0.1:{port}"
            ));
            let log_before = self.log_text().len();
            let mut pg_ctl = self.command("pg_ctl");
            pg_ctl
                .arg("start")
                .arg("--pgdata")
                .arg(self.dir.data())
                .arg("--log")
                .arg(self.dir.log())
                .args(["--wait", "--timeout", PG_CTL_TIMEOUT])
                .args(["-o", &format!("-p {port}")]);
            match process::run(&mut pg_ctl) {
                Ok(_) => {
                    self.port = port;
                    return Ok(());
                }
                Err(error @ Error::Interrupted { .. }) => return Err(error),
                Err(error) => {
                    let log = self.log_text().get(log_before..).unwrap_or("").to_owned();
                    if attempt < START_ATTEMPTS && port_was_taken(&log) {
                        attempt += 1;
                        continue;
                    }
                    return Err(with_log(error, &self.dir.log(), &log));
                }
            }
        }
    }

    /// Stops the server, even after a signal: this is what the guard does
    /// on the way out of an interrupted command.
    fn stop(&self, mode: &str) -> Result<(), Error> {
        let mut pg_ctl = stop_command(&self.bindir, self.account.as_ref(), &self.dir, mode);
        process::run_cleanup(&mut pg_ctl).map(drop)
    }

    /// Whether a server may be running: its pid file outlives a failed
    /// start that left it up, and is gone once it has stopped.
    fn may_be_running(&self) -> bool {
        self.dir.data().join("postmaster.pid").exists()
    }

    /// `program` from the server's bin directory, run as the cluster's
    /// account when there is one.
    fn command(&self, program: &str) -> Command {
        server_command(&self.bindir, self.account.as_ref(), &self.dir, program)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(self.dir.log()).unwrap_or_default()
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        if self.may_be_running() {
            match self.stop("fast") {
                Ok(()) => eprintln!("codegen: stopped the throwaway PostgreSQL"),
                Err(error) => {
                    eprintln!("codegen: warning: {error}");
                    if let Err(error) = self.stop("immediate") {
                        eprintln!("codegen: warning: {error}");
                    }
                }
            }
        }
        if let Err(error) = self.dir.remove() {
            eprintln!("codegen: warning: could not delete the throwaway PostgreSQL: {error}");
        }
    }
}

/// Stops and deletes the clusters that runs killed before their guard could
/// (SIGKILL, a crash) left right under `bases`, each a server holding its
/// memory and port for good, and says so. A run that still lives keeps its
/// cluster, as does one whose server cannot be stopped (the warning says
/// how to do it by hand).
///
/// # Errors
///
/// Only [`Error::Interrupted`]: a cluster that cannot be cleaned up must
/// not stop this run.
fn clean_up_abandoned(
    bindir: &Path,
    account: Option<&Account>,
    bases: &[&Path],
) -> Result<(), Error> {
    for Abandoned { dir, pid } in ClusterDir::abandoned(bases, account) {
        let place = format!(
            "a throwaway PostgreSQL left by an interrupted run (pid {pid}) in `{}`",
            dir.root().display()
        );
        let running = dir.server_pid().is_some();
        if running {
            let mut pg_ctl = stop_command(bindir, account, &dir, "immediate");
            match process::run(&mut pg_ctl) {
                Ok(_) => {}
                Err(error @ Error::Interrupted { .. }) => return Err(error),
                // Gone meanwhile: nothing to stop after all.
                Err(_) if dir.server_pid().is_none() => {}
                Err(error) => {
                    let who = account
                        .map_or_else(String::new, |account| format!(" as `{}`", account.name));
                    eprintln!(
                        "codegen: warning: cannot stop {place}: {error}\n\
                         stop it with `{}`{who}, then delete the directory",
                        process::command_line(&pg_ctl)
                    );
                    continue;
                }
            }
        }
        match dir.remove() {
            Ok(()) if running => eprintln!("codegen: stopped and removed {place}"),
            Ok(()) => eprintln!("codegen: removed {place}"),
            Err(error) => {
                eprintln!("codegen: warning: cannot delete {place}: {error}; delete it by hand");
            }
        }
    }
    Ok(())
}

/// `pg_ctl stop` for the cluster in `dir`, in `mode` (`fast`, `immediate`).
fn stop_command(bindir: &Path, account: Option<&Account>, dir: &ClusterDir, mode: &str) -> Command {
    let mut pg_ctl = server_command(bindir, account, dir, "pg_ctl");
    pg_ctl.arg("stop").arg("--pgdata").arg(dir.data()).args([
        "--mode",
        mode,
        "--wait",
        "--timeout",
        PG_CTL_TIMEOUT,
    ]);
    pg_ctl
}

/// `program` from the server's bin directory, run as `account` when there
/// is one.
fn server_command(
    bindir: &Path,
    account: Option<&Account>,
    dir: &ClusterDir,
    program: &str,
) -> Command {
    let program = bindir.join(format!("{program}{}", std::env::consts::EXE_SUFFIX));
    match account {
        Some(account) => account.command(&program, dir.root()),
        None => Command::new(program),
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now: the one the
/// system hands out for port 0.
fn free_port() -> Result<u16, Error> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Error::Tool(format!("cannot find a free TCP port on 127.0.0.1: {error}")))
}

/// Whether a server log says the port was taken.
fn port_was_taken(log: &str) -> bool {
    log.contains("could not bind") || log.contains("Address already in use")
}

/// `error` with the end of the server log, which says why `pg_ctl` failed
/// (pg_ctl itself only says to look there, and the log is deleted with the
/// cluster).
fn with_log(error: Error, path: &Path, log: &str) -> Error {
    let quoted = process::quote_tail(log);
    if quoted.is_empty() {
        return error;
    }
    Error::Tool(format!(
        "{error}\nthe server log ({}) ends with:\n{}",
        path.display(),
        quoted.trim_end()
    ))
}

/// `value` as a quoted string in `postgresql.conf`.
fn conf_string(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use std::net::TcpStream;

    use super::*;
    use crate::db::cluster_dir;

    #[test]
    fn conf_strings_escape_quotes_and_backslashes() {
        assert_eq!(conf_string("/tmp/a b/socket"), "'/tmp/a b/socket'");
        assert_eq!(conf_string(r"/it's\here"), r"'/it''s\\here'");
    }

    #[test]
    fn a_taken_port_is_recognised_in_the_log() {
        assert!(port_was_taken(
            "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use"
        ));
        assert!(!port_was_taken(
            "FATAL:  data directory has wrong ownership"
        ));
    }

    #[test]
    fn failures_quote_the_server_log() {
        let error = with_log(
            Error::Tool("`pg_ctl start` failed".to_owned()),
            Path::new("/x/server.log"),
            "LOG: one\nFATAL: two\n",
        );
        assert_eq!(
            error.to_string(),
            "`pg_ctl start` failed\nthe server log (/x/server.log) ends with:\n  LOG: one\n  FATAL: two"
        );
    }

    #[test]
    fn free_ports_are_not_zero() {
        assert_ne!(free_port().unwrap(), 0);
    }

    /// A base directory for clusters, open to the cluster's account when
    /// the tests run as root.
    fn base() -> tempfile::TempDir {
        let base = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        base
    }

    fn account() -> Option<Account> {
        account::running_as_root().then(|| account::unprivileged().unwrap())
    }

    /// Really starts a cluster, then stops it as a command does that a
    /// signal interrupts: the guard drops with the signal recorded.
    #[cfg(unix)]
    #[test]
    fn a_command_interrupted_while_the_cluster_runs_still_stops_it() {
        let base = base();
        let cluster = Throwaway::start(base.path()).unwrap_or_else(|error| panic!("{error}"));
        let port = cluster.port();
        let root = cluster.dir().root().to_path_buf();
        let server = cluster.dir().server_pid().expect("a running server");
        // Out of our process group, so a Ctrl-C at the terminal misses it.
        let group = |pid: &str| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let group = stat.rsplit_once(") ")?.1.split(' ').nth(2)?.to_owned();
            Some(group)
        };
        if let (Some(server), Some(ours)) = (group(&server.to_string()), group("self")) {
            assert_ne!(server, ours);
        }
        let simulated = crate::interrupt::simulate();

        let command = || -> Result<(), Error> {
            let _cluster = cluster;
            simulated.raise(signal_hook::consts::SIGINT);
            process::run(&mut Command::new("true"))?;
            Ok(())
        };

        assert!(matches!(command(), Err(Error::Interrupted { signal: 2 })));
        assert!(!root.exists(), "{} is left behind", root.display());
        assert!(
            process::ends_soon(server),
            "the server (pid {server}) runs on"
        );
        assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
    }

    /// A signal during `initdb`: the start stops, and its directory goes.
    #[cfg(unix)]
    #[test]
    fn a_start_interrupted_during_initdb_leaves_nothing() {
        let base = base();
        let simulated = crate::interrupt::simulate();

        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                let initdb_began = || {
                    std::fs::read_dir(base.path())
                        .into_iter()
                        .flatten()
                        .filter_map(Result::ok)
                        .any(|entry| entry.path().join("data").exists())
                };
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
                while !initdb_began() && std::time::Instant::now() < deadline {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                simulated.raise(signal_hook::consts::SIGTERM);
            });
            Throwaway::start(base.path())
        });

        assert!(
            matches!(result, Err(Error::Interrupted { signal: 15 })),
            "{result:?}"
        );
        let left: Vec<_> = std::fs::read_dir(base.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    /// A run killed outright leaves its cluster running; the next run's
    /// clean-up stops it and deletes its directory.
    #[cfg(unix)]
    #[test]
    fn a_cluster_left_by_a_killed_run_is_stopped_and_removed() {
        let base = base();
        let cluster = Throwaway::start(base.path()).unwrap_or_else(|error| panic!("{error}"));
        let port = cluster.port();
        let root = cluster.dir().root().to_path_buf();
        // What SIGKILL does to a run: its guard never drops.
        std::mem::forget(cluster);
        let left = base.path().join(format!(
            "codegen-pg-{}-0",
            cluster_dir::pid_of_an_ended_run()
        ));
        std::fs::rename(&root, &left).unwrap();
        let Some(Abandoned { dir, .. }) =
            ClusterDir::abandoned(&[base.path()], account().as_ref()).pop()
        else {
            panic!("{} is not seen as abandoned", left.display());
        };
        let server = dir.server_pid().expect("the left server runs");

        clean_up_abandoned(&bindir::find().unwrap(), account().as_ref(), &[base.path()]).unwrap();

        assert!(!left.exists(), "{} is left behind", left.display());
        assert!(
            process::ends_soon(server),
            "the server (pid {server}) runs on"
        );
        assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
    }

    /// The directory of a run that still lives is never touched; one of an
    /// ended run without a server is deleted.
    #[cfg(unix)]
    #[test]
    fn only_clusters_of_ended_runs_are_cleaned_up() {
        let base = base();
        let account = account();
        let live = ClusterDir::create(base.path(), account.as_ref()).unwrap();
        let ended = ClusterDir::create(base.path(), account.as_ref()).unwrap();
        let ended_root = base.path().join(format!(
            "codegen-pg-{}-0",
            cluster_dir::pid_of_an_ended_run()
        ));
        std::fs::rename(ended.root(), &ended_root).unwrap();

        clean_up_abandoned(&bindir::find().unwrap(), account.as_ref(), &[base.path()]).unwrap();

        assert!(live.root().is_dir());
        assert!(live.socket().is_dir());
        assert!(!ended_root.exists());
        live.remove().unwrap();
    }

    /// Really starts and stops a cluster. Needs PostgreSQL's server
    /// programs; `scripts/test.sh` installs them.
    #[test]
    fn a_throwaway_cluster_starts_answers_and_is_gone_after_drop() {
        let base = base();
        let cluster = Throwaway::start(base.path()).unwrap_or_else(|error| panic!("{error}"));
        let port = cluster.port();
        let root = cluster.dir().root().to_path_buf();
        assert!(root.starts_with(base.path()), "{}", root.display());
        assert_eq!(
            cluster.url(),
            format!("postgres://postgres@127.0.0.1:{port}/codegen")
        );
        assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok());
        let socket = cluster.dir().socket().join(format!(".s.PGSQL.{port}"));
        assert!(socket.exists(), "no socket at {}", socket.display());

        drop(cluster);
        assert!(!root.exists(), "{} is left behind", root.display());
        assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
    }
}
