//! sqlx-cli, which applies and reverts migrations and refreshes `.sqlx`, as
//! the user's own sqlx would.
//!
//! It is told the database by every route it reads: `--database-url`, and
//! the variables `DATABASE_URL` and the one `sqlx.toml` names (the macros
//! it builds read those). None of them holds the password, which travels
//! in `PGPASSWORD`, so it never shows in a process list.

use std::{
    ffi::{OsStr, OsString},
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use super::{process, sqlx_line::SqlxLine, sqlx_toml::DEFAULT_URL_VAR, target::Target};
use crate::{Error, Workspace, config::OfflineData};

/// An installed sqlx-cli of the right release line, for one workspace.
#[derive(Debug)]
pub(super) struct SqlxCli {
    /// The cargo that `cargo-sqlx` runs to build the workspace.
    cargo: OsString,
    /// The `cargo-sqlx` found on PATH, run directly: cargo itself would
    /// prefer one in `$CARGO_HOME/bin` to the one on PATH whose version was
    /// checked.
    cargo_sqlx: PathBuf,
    /// The variable `sqlx.toml` names for the URL, if not `DATABASE_URL`.
    url_var: String,
}

impl SqlxCli {
    /// Checks that both `sqlx` and `cargo sqlx` are installed and match the
    /// workspace's sqlx.
    ///
    /// # Errors
    ///
    /// Fails, with the command that installs it, when either is missing or
    /// from another release line.
    pub(super) fn locate(workspace: &Workspace) -> Result<Self, Error> {
        // Under `cargo run`, CARGO names the cargo that runs us.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let line = SqlxLine::of_workspace(&workspace.root)?;
        check_sqlx_version(&line)?;
        let missing = || {
            Error::Tool(format!(
                "`sqlx` is installed but `cargo sqlx` is not; reinstall sqlx-cli with `{}`",
                line.install_command()
            ))
        };
        let cargo_sqlx = on_path("cargo-sqlx").ok_or_else(missing)?;
        let version = version_of(Command::new(&cargo_sqlx).args(["sqlx", "--version"]))
            .ok_or_else(missing)?;
        if !line.matches(&version) {
            return Err(Error::Tool(format!(
                "`{} sqlx --version` says `{version}`, but this workspace's Cargo.lock has sqlx \
                 {}; install the matching sqlx-cli with `{}`",
                cargo_sqlx.display(),
                line.as_str(),
                line.install_command()
            )));
        }
        Ok(Self {
            cargo,
            cargo_sqlx,
            url_var: workspace.sqlx.url_var().to_owned(),
        })
    }

    /// `cargo sqlx` with `args`, run in `dir` against `target`.
    fn cargo_sqlx(&self, dir: &Path, target: &Target, args: &[&str]) -> Command {
        let mut command = self.command(self.cargo_sqlx.as_os_str(), dir, target, args);
        command.env("CARGO", &self.cargo);
        command
    }

    /// `program` with `args`, run in `root` (where a `sqlx.toml` would be)
    /// against `target`.
    fn command(&self, program: &OsStr, root: &Path, target: &Target, args: &[&str]) -> Command {
        let url = target.without_password();
        let mut command = Command::new(program);
        command
            .args(args)
            .arg("--database-url")
            .arg(&url)
            .current_dir(root)
            .env(DEFAULT_URL_VAR, &url)
            .env(&self.url_var, &url);
        if let Some(password) = target.password() {
            command.env("PGPASSWORD", password);
        }
        command
    }

    fn sqlx(&self, root: &Path, target: &Target, args: &[&str]) -> Command {
        self.command(OsStr::new("sqlx"), root, target, args)
    }

    /// Whether `.sqlx` holds exactly the offline data of every checked
    /// query, checked against `url`'s database by `cargo sqlx prepare
    /// --check` where the workspace keeps it. Returns what is stale, or
    /// `None`.
    ///
    /// # Errors
    ///
    /// Fails when the workspace does not build against the database (a
    /// query that does not match the schema), quoting cargo.
    pub(super) fn prepare_check(
        &self,
        offline_data: &OfflineData,
        target: &Target,
    ) -> Result<Option<String>, Error> {
        let mut check = self.cargo_sqlx(
            offline_data.prepare_dir(),
            target,
            &offline_data.prepare_args(true),
        );
        check.env("SQLX_OFFLINE", "false");
        // cargo's progress shows as it builds, which takes a while.
        let output = process::run_to_end_streaming(&mut check)?;
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

    /// Reverts the newest migration applied to `target`; it must be
    /// reversible (`.up.sql` and `.down.sql`).
    ///
    /// # Errors
    ///
    /// Fails when sqlx-cli does, quoting it.
    pub(super) fn revert_migration(
        &self,
        root: &Path,
        target: &Target,
        source: &Path,
    ) -> Result<(), Error> {
        let mut command = self.sqlx(root, target, &["migrate", "revert"]);
        command.arg("--source").arg(source);
        let output = process::run(&mut command)?;
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(())
    }

    /// Applies the migrations in `source` that `target` lacks, echoing the
    /// ones applied.
    ///
    /// # Errors
    ///
    /// Fails when sqlx-cli does, quoting it.
    pub(super) fn run_migrations(
        &self,
        root: &Path,
        target: &Target,
        source: &Path,
    ) -> Result<(), Error> {
        let mut migrate = self.sqlx(root, target, &["migrate", "run"]);
        migrate.arg("--source").arg(source);
        let output = process::run(&mut migrate)?;
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(())
    }

    /// Rewrites `.sqlx` where the workspace keeps it from the queries of
    /// the crates it is for, checked against `target`.
    ///
    /// # Errors
    ///
    /// Fails when sqlx-cli does, quoting it.
    pub(super) fn prepare(&self, offline_data: &OfflineData, target: &Target) -> Result<(), Error> {
        let mut prepare = self.cargo_sqlx(
            offline_data.prepare_dir(),
            target,
            &offline_data.prepare_args(false),
        );
        // `.cargo/config.toml` sets it to true for everyday builds, but
        // preparing means asking the database; the environment wins.
        prepare.env("SQLX_OFFLINE", "false");
        process::run_streaming(&mut prepare)
    }
}

/// Checks that `sqlx` runs and is of the workspace's `line`: a sqlx-cli
/// of another line writes `.sqlx` data the macros may not read.
fn check_sqlx_version(line: &SqlxLine) -> Result<(), Error> {
    let install = line.install_command();
    let sqlx = version_of(Command::new("sqlx").arg("--version")).ok_or_else(|| {
        Error::Tool(format!(
            "sqlx-cli is not installed; install the one of this workspace's sqlx {} with \
             `{install}`",
            line.as_str()
        ))
    })?;
    if line.matches(&sqlx) {
        Ok(())
    } else {
        Err(Error::Tool(format!(
            "`sqlx --version` says `{sqlx}`, but this workspace's Cargo.lock has sqlx {}; \
             install the matching sqlx-cli with `{install}`",
            line.as_str()
        )))
    }
}

/// The first file named `program` in a directory of PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_travels_in_the_environment_only() {
        let sqlx = SqlxCli {
            cargo: "cargo".into(),
            cargo_sqlx: "/bin/cargo-sqlx".into(),
            url_var: "APP_DATABASE_URL".to_owned(),
        };
        let target = Target::parse(
            "postgres://u:pw@h/db?dbname=db",
            super::super::target::Origin::Flag,
        )
        .unwrap();
        let command = sqlx.sqlx(Path::new("/ws"), &target, &["migrate", "run"]);
        let line = process::command_line(&command);
        assert!(!line.contains("pw"), "{line}");
        assert!(
            line.contains("--database-url 'postgres://u@h/db?dbname=db'"),
            "{line}"
        );
        let env = |name: &str| {
            command
                .get_envs()
                .find(|(key, _)| *key == name)
                .and_then(|(_, value)| value)
                .map(|value| value.to_string_lossy().into_owned())
        };
        assert_eq!(
            env("DATABASE_URL").as_deref(),
            Some("postgres://u@h/db?dbname=db")
        );
        assert_eq!(env("APP_DATABASE_URL"), env("DATABASE_URL"));
        assert_eq!(env("PGPASSWORD").as_deref(), Some("pw"));
    }
}
