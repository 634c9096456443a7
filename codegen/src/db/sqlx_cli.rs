//! sqlx-cli, which does the database work: creating the database, applying
//! migrations and refreshing `.sqlx`.

use std::{
    ffi::OsString,
    path::Path,
    process::{Command, Stdio},
};

use super::{database_url, process};
use crate::Error;

/// How to install the sqlx-cli that matches the workspace's sqlx, with only
/// what the workspace needs.
pub(super) const INSTALL: &str = "cargo install sqlx-cli --version '^0.9' \
                                  --no-default-features --features postgres,sqlx-toml";

/// The sqlx release line the workspace uses; a sqlx-cli from another line
/// writes `.sqlx` data the macros may not read.
const RELEASE_LINE: &str = "0.9";

/// An installed sqlx-cli of the right release line.
#[derive(Debug)]
pub(super) struct SqlxCli {
    cargo: OsString,
}

impl SqlxCli {
    /// Checks that both `sqlx` and `cargo sqlx` are installed and match the
    /// workspace's sqlx.
    ///
    /// # Errors
    ///
    /// Fails, with the command that installs it, when either is missing or
    /// from another release line.
    pub(super) fn locate() -> Result<Self, Error> {
        // Under `cargo run`, CARGO names the cargo that runs us.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        check_sqlx_version()?;
        version_of(Command::new(&cargo).args(["sqlx", "--version"])).ok_or_else(|| {
            Error::Tool(format!(
                "`sqlx` is installed but `cargo sqlx` is not; reinstall sqlx-cli with `{INSTALL}`"
            ))
        })?;
        Ok(Self { cargo })
    }

    /// Checks that `sqlx` is installed and matches the workspace's sqlx,
    /// for the commands that need no `cargo sqlx`.
    ///
    /// # Errors
    ///
    /// As [`SqlxCli::locate`].
    pub(super) fn locate_sqlx() -> Result<Self, Error> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        check_sqlx_version()?;
        Ok(Self { cargo })
    }

    /// What `sqlx migrate info` says of the migrations in `source` on
    /// `url`'s database: one line per migration, applied or pending.
    ///
    /// # Errors
    ///
    /// As [`SqlxCli::create_database`].
    pub(super) fn migration_info(
        &self,
        root: &Path,
        url: &str,
        source: &Path,
    ) -> Result<String, Error> {
        let mut info = sqlx(root, url);
        info.args(["migrate", "info", "--source"]).arg(source);
        let output = process::run(&mut info)?;
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Drops the database in `url` if it exists.
    ///
    /// # Errors
    ///
    /// As [`SqlxCli::create_database`].
    pub(super) fn drop_database(&self, root: &Path, url: &str) -> Result<(), Error> {
        let mut command = sqlx(root, url);
        command.args(["database", "drop", "-y"]);
        process::run(&mut command).map(drop)
    }

    /// Whether `.sqlx` holds exactly the offline data of every checked
    /// query, checked against `url`'s database by
    /// `cargo sqlx prepare --workspace --check`. Returns what is stale,
    /// or `None`.
    ///
    /// # Errors
    ///
    /// Fails when the workspace does not build against the database (a
    /// query that does not match the schema), quoting cargo.
    pub(super) fn prepare_check(&self, root: &Path, url: &str) -> Result<Option<String>, Error> {
        let mut check = Command::new(&self.cargo);
        check
            .args(["sqlx", "prepare", "--workspace", "--check"])
            .current_dir(root)
            .env(database_url::VAR, url)
            .env("SQLX_OFFLINE", "false");
        let output = process::run_to_end(&mut check)?;
        // sqlx-cli reports its own errors on stdout, cargo's on stderr.
        let said = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if let Some((_, reason)) = said
            .lines()
            .find_map(|line| line.split_once("prepare check failed: "))
        {
            return Ok(Some(format!(
                "`.sqlx` does not match the queries: {reason}"
            )));
        }
        if !output.status.success() {
            return Err(process::failure(
                &check,
                output.status,
                &output.stderr,
                &output.stdout,
            ));
        }
        Ok(said
            .contains("unused queries")
            .then(|| "`.sqlx` holds query data that no query uses any more".to_owned()))
    }

    /// Creates the database in `url` unless it exists.
    ///
    /// # Errors
    ///
    /// Fails when sqlx-cli does, quoting it.
    pub(super) fn create_database(&self, root: &Path, url: &str) -> Result<(), Error> {
        let mut create = sqlx(root, url);
        create.args(["database", "create"]);
        process::run(&mut create).map(drop)
    }

    /// Reverts the newest migration applied to `url`'s database; it must be
    /// reversible (`.up.sql` and `.down.sql`).
    ///
    /// # Errors
    ///
    /// Fails when sqlx-cli does, quoting it.
    pub(super) fn revert_migration(
        &self,
        root: &Path,
        url: &str,
        source: &Path,
    ) -> Result<(), Error> {
        let mut command = sqlx(root, url);
        command.args(["migrate", "revert", "--source"]).arg(source);
        let output = process::run(&mut command)?;
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(())
    }

    /// Applies the migrations in `source` that `url`'s database lacks,
    /// echoing the ones applied.
    ///
    /// # Errors
    ///
    /// As [`SqlxCli::create_database`].
    pub(super) fn run_migrations(
        &self,
        root: &Path,
        url: &str,
        source: &Path,
    ) -> Result<(), Error> {
        let mut migrate = sqlx(root, url);
        migrate.args(["migrate", "run", "--source"]).arg(source);
        let output = process::run(&mut migrate)?;
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(())
    }

    /// Rewrites `.sqlx` at the workspace root from the queries in every
    /// crate, checked against `url`'s database.
    ///
    /// # Errors
    ///
    /// As [`SqlxCli::create_database`].
    pub(super) fn prepare(&self, root: &Path, url: &str) -> Result<(), Error> {
        let mut prepare = Command::new(&self.cargo);
        prepare
            .args(["sqlx", "prepare", "--workspace"])
            .current_dir(root)
            .env(database_url::VAR, url)
            // `.cargo/config.toml` sets it to true for everyday builds, but
            // preparing means asking the database; the environment wins.
            .env("SQLX_OFFLINE", "false");
        process::run_streaming(&mut prepare)
    }
}

/// Checks that `sqlx` runs and is from [`RELEASE_LINE`].
fn check_sqlx_version() -> Result<(), Error> {
    let sqlx = version_of(Command::new("sqlx").arg("--version")).ok_or_else(|| {
        Error::Tool(format!(
            "sqlx-cli is not installed; install it with `{INSTALL}`"
        ))
    })?;
    if is_release_line(&sqlx) {
        Ok(())
    } else {
        Err(Error::Tool(format!(
            "`sqlx --version` says `{sqlx}`, but this workspace uses sqlx {RELEASE_LINE}; \
             install the matching sqlx-cli with `{INSTALL}`"
        )))
    }
}

/// `sqlx` run in the workspace root (where a `sqlx.toml` would be) against
/// `url`, passed in the environment so it never shows in a command line.
fn sqlx(root: &Path, url: &str) -> Command {
    let mut command = Command::new("sqlx");
    command.current_dir(root).env(database_url::VAR, url);
    command
}

/// What `command` (a `--version` call) prints, or `None` when it cannot
/// run or fails.
fn version_of(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Whether `sqlx --version` output (`sqlx-cli 0.9.0`) is from
/// [`RELEASE_LINE`].
fn is_release_line(version: &str) -> bool {
    version
        .split_whitespace()
        .last()
        .and_then(|number| number.strip_prefix(RELEASE_LINE))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-', '+']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_workspace_release_line_is_accepted() {
        assert!(is_release_line("sqlx-cli 0.9.0"));
        assert!(is_release_line("sqlx-cli 0.9.3-alpha.1"));
        assert!(!is_release_line("sqlx-cli 0.8.6"));
        assert!(!is_release_line("sqlx-cli 0.90.0"));
        assert!(!is_release_line(""));
    }

    #[test]
    fn the_install_hint_is_the_exact_command() {
        assert_eq!(
            INSTALL,
            "cargo install sqlx-cli --version '^0.9' --no-default-features --features postgres,sqlx-toml"
        );
    }

    #[test]
    fn the_url_travels_in_the_environment_not_the_command_line() {
        let command = sqlx(Path::new("/ws"), "postgres://u:pw@h/db");
        assert!(!process::command_line(&command).contains("pw"));
        assert!(
            command.get_envs().any(|(key, value)| key == "DATABASE_URL"
                && value == Some("postgres://u:pw@h/db".as_ref()))
        );
    }
}
