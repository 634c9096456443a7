//! Who runs a throwaway cluster. `initdb` and `postgres` refuse to run as
//! root, so a root caller hands the cluster to an unprivileged account.

use std::{path::Path, process::Command};

use crate::{Error, process};

/// The accounts tried, in order: `postgres` owns PostgreSQL's files where
/// it is packaged, and `nobody` exists nearly everywhere else.
const CANDIDATES: [&str; 2] = ["postgres", "nobody"];

/// An unprivileged account the cluster runs as.
#[derive(Debug, Clone)]
pub(super) struct Account {
    /// Its login name, for messages.
    pub(super) name: String,
    uid: u32,
    gid: u32,
}

/// Whether this process runs as root.
#[cfg(unix)]
pub(super) fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[cfg(not(unix))]
pub(super) const fn running_as_root() -> bool {
    false
}

/// Whether `path` belongs to `account`, or to this process's user when
/// there is none: only then is a cluster directory there ours to clean up.
#[cfg(unix)]
pub(super) fn owns(account: Option<&Account>, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let owner = account.map_or_else(
        || rustix::process::geteuid().as_raw(),
        |account| account.uid,
    );
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.uid() == owner)
}

#[cfg(not(unix))]
pub(super) fn owns(_account: Option<&Account>, _path: &Path) -> bool {
    true
}

/// The first of [`CANDIDATES`] that exists and is not root.
///
/// # Errors
///
/// Fails, saying what to do, when there is none, or with
/// [`Error::Interrupted`] when a signal stopped the lookup.
pub(super) fn unprivileged() -> Result<Account, Error> {
    for name in CANDIDATES {
        let (Some(uid), Some(gid)) = (id(&["-u", name])?, id(&["-g", name])?) else {
            continue;
        };
        if uid != 0 {
            return Ok(Account {
                name: name.to_owned(),
                uid,
                gid,
            });
        }
    }
    Err(Error::Tool(
        "PostgreSQL refuses to run as root, and neither a `postgres` nor a `nobody` \
         account exists to run it as; create one (`useradd --system postgres`), run \
         codegen as another user, or set DATABASE_URL to a database codegen can use"
            .to_owned(),
    ))
}

/// `id <args>` as a number, or `None` when `id` fails (no such user) or
/// cannot run.
///
/// # Errors
///
/// Only [`Error::Interrupted`], which must not read as a missing account.
fn id(args: &[&str]) -> Result<Option<u32>, Error> {
    let mut id = Command::new("id");
    id.args(args);
    let output = match process::run_to_end(&mut id) {
        Ok(output) => output,
        Err(error @ Error::Interrupted { .. }) => return Err(error),
        Err(_) => return Ok(None),
    };
    Ok(output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).ok()?.trim().parse().ok())
        .flatten())
}

impl Account {
    /// A command for `program` that runs as this account, in `dir` (the
    /// caller's working directory may be closed to it).
    pub(super) fn command(&self, program: &Path, dir: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(dir);
        self.become_in(&mut command);
        command
    }

    #[cfg(unix)]
    fn become_in(&self, command: &mut Command) {
        use std::os::unix::process::CommandExt;
        // As root, std also drops the supplementary groups before switching.
        command.uid(self.uid).gid(self.gid);
    }

    #[cfg(not(unix))]
    fn become_in(&self, _command: &mut Command) {}

    /// Makes this account the owner of `path`.
    ///
    /// # Errors
    ///
    /// Fails when the system refuses.
    pub(super) fn take_ownership(&self, path: &Path) -> Result<(), Error> {
        self.chown(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    #[cfg(unix)]
    fn chown(&self, path: &Path) -> std::io::Result<()> {
        std::os::unix::fs::chown(path, Some(self.uid), Some(self.gid))
    }

    #[cfg(not(unix))]
    fn chown(&self, _path: &Path) -> std::io::Result<()> {
        Ok(())
    }

    /// Whether this account can enter `dir`: every directory above it must
    /// let it through, which owning `dir` itself does not ensure. An
    /// interrupted test says no; the next step stops on the signal anyway.
    pub(super) fn can_enter(&self, dir: &Path) -> bool {
        let mut test = Command::new("test");
        test.arg("-x").arg(dir);
        self.become_in(&mut test);
        process::run_to_end(&mut test).is_ok_and(|output| output.status.success())
    }
}
