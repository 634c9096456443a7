//! Where a workspace keeps `.sqlx`. sqlx's query macros read a crate's
//! offline data from `.sqlx` in the crate's own folder and, when there is
//! none, from `.sqlx` in the workspace root; sqlx-cli writes the first when
//! `cargo sqlx prepare` runs in the crate, and the second when it runs in the
//! root with `--workspace`. So these two are the only places, and each says
//! how to refresh it.

use std::path::{Path, PathBuf};

use crate::Error;

/// The `.sqlx` folder sqlx's macros read, and how sqlx-cli rewrites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineData {
    dir: PathBuf,
    scope: Scope,
}

/// Which of the two places `.sqlx` is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// `<root>/.sqlx`, every crate's queries: `cargo sqlx prepare
    /// --workspace`, run in the root.
    Workspace,
    /// `<storage-pg>/.sqlx`, that crate's queries: `cargo sqlx prepare`,
    /// run in the crate's folder.
    PgCrate,
}

/// The name of the folder in either place.
const FOLDER: &str = ".sqlx";

impl OfflineData {
    /// The `.sqlx` folder that `offline_data` (from `codegen.toml`, relative
    /// to `root`) names; without it, the workspace root's.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when it names a folder sqlx's macros do not read.
    pub(super) fn new(
        root: &Path,
        storage_pg: &Path,
        offline_data: Option<&Path>,
        config_path: &Path,
    ) -> Result<Self, Error> {
        let Some(given) = offline_data else {
            return Ok(Self::workspace(root));
        };
        let dir = root.join(given);
        if normal(&dir) == normal(&root.join(FOLDER)) {
            Ok(Self::workspace(root))
        } else if normal(&dir) == normal(&storage_pg.join(FOLDER)) {
            Ok(Self {
                dir: storage_pg.join(FOLDER),
                scope: Scope::PgCrate,
            })
        } else {
            let pg = storage_pg.strip_prefix(root).unwrap_or(storage_pg);
            Err(Error::Config {
                path: config_path.to_path_buf(),
                message: format!(
                    "`crates.offline-data` is `{}`, but sqlx's macros read `.sqlx` only from the \
                     PostgreSQL crate's folder or the workspace root; set it to `{}` or `{FOLDER}`",
                    given.display(),
                    pg.join(FOLDER).display(),
                ),
            })
        }
    }

    fn workspace(root: &Path) -> Self {
        Self {
            dir: root.join(FOLDER),
            scope: Scope::Workspace,
        }
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder `cargo sqlx prepare` runs in: the one that holds `.sqlx`.
    #[must_use]
    pub fn prepare_dir(&self) -> &Path {
        self.dir.parent().unwrap_or(&self.dir)
    }

    /// The arguments of cargo that rewrite the folder (`check`: that only
    /// compare it with what the queries give).
    #[must_use]
    pub fn prepare_args(&self, check: bool) -> Vec<&'static str> {
        let mut args = vec!["sqlx", "prepare"];
        if self.scope == Scope::Workspace {
            args.push("--workspace");
        }
        if check {
            args.push("--check");
        }
        args
    }

    /// The command that rewrites the folder, as a person would type it, for
    /// messages.
    #[must_use]
    pub fn prepare_command(&self, check: bool) -> String {
        format!("cargo {}", self.prepare_args(check).join(" "))
    }
}

/// `path` without `.` components or trailing separators, so that two
/// spellings of one folder compare equal.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline_data(given: Option<&str>) -> Result<OfflineData, Error> {
        OfflineData::new(
            Path::new("/ws"),
            Path::new("/ws/crates/pg"),
            given.map(Path::new),
            Path::new("/ws/codegen.toml"),
        )
    }

    #[test]
    fn without_a_setting_it_is_the_roots_and_prepared_for_the_workspace() {
        let data = offline_data(None).unwrap();
        assert_eq!(data.dir(), Path::new("/ws/.sqlx"));
        assert_eq!(data.prepare_dir(), Path::new("/ws"));
        assert_eq!(
            data.prepare_command(true),
            "cargo sqlx prepare --workspace --check"
        );
        assert_eq!(offline_data(Some("./.sqlx/")).unwrap(), data);
    }

    #[test]
    fn the_pg_crates_own_is_prepared_in_that_crate() {
        let data = offline_data(Some("crates/pg/.sqlx")).unwrap();
        assert_eq!(data.dir(), Path::new("/ws/crates/pg/.sqlx"));
        assert_eq!(data.prepare_dir(), Path::new("/ws/crates/pg"));
        assert_eq!(data.prepare_args(false), ["sqlx", "prepare"]);
    }

    #[test]
    fn a_folder_sqlx_does_not_read_is_refused_with_both_it_does() {
        let Err(Error::Config { message, .. }) = offline_data(Some("data/.sqlx")) else {
            panic!("a folder sqlx does not read was accepted");
        };
        assert!(message.contains("`data/.sqlx`"), "{message}");
        assert!(
            message.contains("`crates/pg/.sqlx` or `.sqlx`"),
            "{message}"
        );
    }
}
