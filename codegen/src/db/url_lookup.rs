//! Which database the user means, looked up as sqlx-cli looks it up:
//! `--database-url`, else the variable (`DATABASE_URL`, or the one
//! `sqlx.toml` names) in the environment, else in the nearest `.env` file
//! from the workspace root upwards.

use std::{
    env::VarError,
    path::{Path, PathBuf},
};

use super::target::{Origin, Target};
use crate::{Error, Workspace};

/// The database the user chose for `workspace`, if any.
///
/// # Errors
///
/// Fails when the URL found is not a PostgreSQL URL, the variable is not
/// UTF-8, or a `.env` file cannot be read.
pub fn chosen(workspace: &Workspace) -> Result<Option<Target>, Error> {
    lookup(
        workspace.database_url.as_deref(),
        workspace.sqlx.url_var(),
        |var| std::env::var(var),
        &workspace.root,
    )
}

/// Where [`chosen`] looked, for the message that says it found nothing.
#[must_use]
pub fn places_looked(workspace: &Workspace) -> String {
    let var = workspace.sqlx.url_var();
    let named_by = match &workspace.sqlx.database_url_var {
        Some(_) => " (named by `sqlx.toml`)",
        None => "",
    };
    format!(
        "no `--database-url`, and `{var}`{named_by} is set neither in the environment nor in a \
         `.env` file in `{}` or above",
        workspace.root.display()
    )
}

fn lookup(
    flag: Option<&str>,
    var: &str,
    env: impl Fn(&str) -> Result<String, VarError>,
    root: &Path,
) -> Result<Option<Target>, Error> {
    if let Some(url) = flag {
        return Target::parse(url, Origin::Flag).map(Some);
    }
    match env(var) {
        Ok(url) if !url.trim().is_empty() => {
            let origin = Origin::Environment {
                var: var.to_owned(),
            };
            return Target::parse(&url, origin).map(Some);
        }
        Ok(_) | Err(VarError::NotPresent) => {}
        Err(VarError::NotUnicode(_)) => {
            return Err(Error::Usage(format!(
                "`{var}` is not valid UTF-8; set it to a URL such as \
                 `postgres://user:password@localhost:5432/db`"
            )));
        }
    }
    let Some(file) = nearest_dotenv(root) else {
        return Ok(None);
    };
    match dotenv_value(&file, var)? {
        Some(url) if !url.trim().is_empty() => {
            let origin = Origin::DotEnv {
                var: var.to_owned(),
                file,
            };
            Target::parse(&url, origin).map(Some)
        }
        _ => Ok(None),
    }
}

/// The `.env` file sqlx-cli would load when run in `root`: the first one
/// in `root` or a directory above it.
fn nearest_dotenv(root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .map(|dir| dir.join(".env"))
        .find(|file| file.is_file())
}

/// The value `file` gives `var`, with its substitutions made as dotenvy
/// makes them for sqlx-cli.
fn dotenv_value(file: &Path, var: &str) -> Result<Option<String>, Error> {
    let unreadable = |error: dotenvy::Error| {
        Error::Usage(format!(
            "`{}` cannot be read as a `.env` file: {error}; fix the line it names, as sqlx-cli \
             reads it too",
            file.display()
        ))
    };
    for item in dotenvy::from_path_iter(file).map_err(unreadable)? {
        let (key, value) = item.map_err(unreadable)?;
        if key == var {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Result<String, VarError> {
        Err(VarError::NotPresent)
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_dotenv() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "DATABASE_URL=postgres://h/dotenv\n",
        )
        .unwrap();
        let env = |_: &str| Ok("postgres://h/env".to_owned());
        let target = lookup(Some("postgres://h/flag"), "DATABASE_URL", env, dir.path())
            .unwrap()
            .unwrap();
        assert_eq!(target.database(), Some("flag"));
        assert_eq!(*target.origin(), Origin::Flag);
    }

    #[test]
    fn the_environment_wins_over_dotenv() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "DATABASE_URL=postgres://h/dotenv\n",
        )
        .unwrap();
        let env = |var: &str| {
            assert_eq!(var, "DATABASE_URL");
            Ok("postgres://h/env".to_owned())
        };
        let target = lookup(None, "DATABASE_URL", env, dir.path())
            .unwrap()
            .unwrap();
        assert_eq!(target.database(), Some("env"));
    }

    #[test]
    fn dotenv_is_read_from_the_root_or_above_for_the_configured_variable() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("service");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "# the team's settings\nDATABASE_URL=postgres://h/other\nHOST=db.internal\n\
             APP_DATABASE_URL=postgres://${HOST}/app\n",
        )
        .unwrap();
        let target = lookup(None, "APP_DATABASE_URL", no_env, &root)
            .unwrap()
            .unwrap();
        assert_eq!(target.database(), Some("app"));
        assert_eq!(target.options().get_host(), "db.internal");
        assert_eq!(
            target.origin().to_string(),
            format!(
                "`APP_DATABASE_URL` in `{}`",
                dir.path().join(".env").display()
            )
        );
    }

    #[test]
    fn nothing_anywhere_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            lookup(None, "DATABASE_URL", no_env, dir.path())
                .unwrap()
                .is_none()
        );
        let empty = |_: &str| Ok("  ".to_owned());
        assert!(
            lookup(None, "DATABASE_URL", empty, dir.path())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_malformed_dotenv_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), "DATABASE_URL='unterminated\n").unwrap();
        let error = lookup(None, "DATABASE_URL", no_env, dir.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains(".env` cannot be read"), "{error}");
    }
}
