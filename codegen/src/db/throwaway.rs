//! A throwaway PostgreSQL cluster for when no `DATABASE_URL` is given: made
//! with `initdb`, started with `pg_ctl`, local-only with trust auth, and
//! stopped and deleted when its guard drops, whatever happened meanwhile.

use std::{
    io::Write,
    net::{Ipv4Addr, TcpListener},
    path::{Path, PathBuf},
    process::Command,
};

use super::{
    account::{self, Account},
    bindir,
    cluster_dir::ClusterDir,
    database_url, process,
};
use crate::Error;

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
    /// Creates and starts a cluster in a fresh directory under `base`.
    ///
    /// # Errors
    ///
    /// Fails when the server programs are missing, or `initdb` or `pg_ctl`
    /// fails; nothing is left running or on disk.
    pub(super) fn start(base: &Path) -> Result<Self, Error> {
        let bindir = bindir::find()?;
        let account = if account::running_as_root() {
            Some(account::unprivileged()?)
        } else {
            None
        };
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
            eprintln!("codegen: starting a throwaway PostgreSQL on 127.0.0.1:{port}");
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
        let mut pg_ctl = self.command("pg_ctl");
        pg_ctl
            .arg("stop")
            .arg("--pgdata")
            .arg(self.dir.data())
            .args(["--mode", mode, "--wait", "--timeout", PG_CTL_TIMEOUT]);
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
        let program = self
            .bindir
            .join(format!("{program}{}", std::env::consts::EXE_SUFFIX));
        match &self.account {
            Some(account) => account.command(&program, self.dir.root()),
            None => Command::new(program),
        }
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

    /// Really starts and stops a cluster. Needs PostgreSQL's server
    /// programs; `scripts/test.sh` installs them.
    #[test]
    fn a_throwaway_cluster_starts_answers_and_is_gone_after_drop() {
        let base = tempfile::tempdir().unwrap();
        // Let the cluster's account through when the tests run as root.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
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
