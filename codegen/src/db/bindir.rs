//! Where PostgreSQL's server programs (`initdb`, `pg_ctl`) live.
//!
//! Debian-like systems keep them off PATH in `/usr/lib/postgresql/<version>/bin`;
//! `pg_config --bindir` knows the right one when it is installed.

use std::{
    env::consts::EXE_SUFFIX,
    path::{Path, PathBuf},
    process::Command,
};

use crate::{Error, process};

/// Where Debian-like packages install each major version's programs.
const PACKAGED_ROOT: &str = "/usr/lib/postgresql";

/// The directory holding `initdb` and `pg_ctl`.
///
/// # Errors
///
/// Fails, saying what to install, when no candidate holds them, or with
/// [`Error::Interrupted`] when a signal stopped `pg_config`.
pub(super) fn find() -> Result<PathBuf, Error> {
    let path_dirs = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    choose(
        pg_config_bindir()?,
        packaged_bindirs(Path::new(PACKAGED_ROOT)),
        path_dirs,
        has_server_programs,
    )
    .ok_or_else(|| {
        Error::Tool(format!(
            "cannot find PostgreSQL's server programs (`initdb`, `pg_ctl`): not in \
             `pg_config --bindir`, `{PACKAGED_ROOT}/*/bin` or PATH; install PostgreSQL's \
             server package (`apt-get install postgresql` on Debian and Ubuntu), \
             or set DATABASE_URL to a database codegen can use"
        ))
    })
}

/// The first candidate that holds the server programs: `pg_config`'s answer,
/// then the packaged versions newest first, then PATH.
fn choose(
    pg_config: Option<PathBuf>,
    packaged: Vec<PathBuf>,
    path: Vec<PathBuf>,
    has_server_programs: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    pg_config
        .into_iter()
        .chain(newest_first(packaged))
        .chain(path)
        .find(|dir| has_server_programs(dir))
}

/// `pg_config --bindir`, when `pg_config` is installed. Its answer may lack
/// the server programs (libpq-dev ships `pg_config` alone), so callers check.
///
/// # Errors
///
/// Only [`Error::Interrupted`], which must not read as a missing
/// `pg_config`.
fn pg_config_bindir() -> Result<Option<PathBuf>, Error> {
    let mut pg_config = Command::new("pg_config");
    pg_config.arg("--bindir");
    let output = match process::run_to_end(&mut pg_config) {
        Ok(output) if output.status.success() => output,
        Err(error @ Error::Interrupted { .. }) => return Err(error),
        Ok(_) | Err(_) => return Ok(None),
    };
    let Ok(dir) = String::from_utf8(output.stdout) else {
        return Ok(None);
    };
    let dir = dir.trim();
    Ok((!dir.is_empty()).then(|| PathBuf::from(dir)))
}

/// Every `<root>/<version>/bin`, in no particular order.
fn packaged_bindirs(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("bin"))
        .collect()
}

/// `dirs` (each `<root>/<version>/bin`) by version, newest first; names that
/// are not versions go last.
fn newest_first(mut dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    dirs.sort_by_key(|dir| std::cmp::Reverse(version_of(dir)));
    dirs
}

/// `15` or `9.6` from `/usr/lib/postgresql/15/bin`, as numbers so that 10
/// sorts after 9.6.
fn version_of(bindir: &Path) -> Option<Vec<u32>> {
    let name = bindir.parent()?.file_name()?.to_str()?;
    name.split('.').map(|part| part.parse().ok()).collect()
}

fn has_server_programs(dir: &Path) -> bool {
    ["initdb", "pg_ctl"]
        .iter()
        .all(|program| dir.join(format!("{program}{EXE_SUFFIX}")).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn packaged_versions_sort_numerically_newest_first() {
        let sorted = newest_first(paths(&[
            "/usr/lib/postgresql/9.6/bin",
            "/usr/lib/postgresql/junk/bin",
            "/usr/lib/postgresql/15/bin",
            "/usr/lib/postgresql/10/bin",
        ]));
        assert_eq!(
            sorted,
            paths(&[
                "/usr/lib/postgresql/15/bin",
                "/usr/lib/postgresql/10/bin",
                "/usr/lib/postgresql/9.6/bin",
                "/usr/lib/postgresql/junk/bin",
            ])
        );
    }

    #[test]
    fn pg_config_wins_when_it_has_the_server_programs() {
        let chosen = choose(
            Some("/opt/pg/bin".into()),
            paths(&["/usr/lib/postgresql/16/bin"]),
            paths(&["/usr/bin"]),
            |_| true,
        );
        assert_eq!(chosen, Some("/opt/pg/bin".into()));
    }

    #[test]
    fn a_client_only_pg_config_falls_through_to_the_newest_packaged_server() {
        let servers = paths(&["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/13/bin"]);
        let chosen = choose(
            Some("/usr/lib/postgresql/16/bin".into()),
            paths(&[
                "/usr/lib/postgresql/13/bin",
                "/usr/lib/postgresql/16/bin",
                "/usr/lib/postgresql/15/bin",
            ]),
            paths(&["/usr/bin"]),
            |dir| servers.iter().any(|server| server == dir),
        );
        assert_eq!(chosen, Some("/usr/lib/postgresql/15/bin".into()));
    }

    #[test]
    fn path_is_the_last_resort() {
        let chosen = choose(
            None,
            Vec::new(),
            paths(&["/usr/local/bin", "/usr/local/pgsql/bin"]),
            |dir| dir == Path::new("/usr/local/pgsql/bin"),
        );
        assert_eq!(chosen, Some("/usr/local/pgsql/bin".into()));
        assert_eq!(
            choose(None, Vec::new(), paths(&["/usr/bin"]), |_| false),
            None
        );
    }
}
