//! Where things go: every path at which a command reads or writes a part
//! of an entity, computed from the workspace's settings in this one place,
//! so that `new-entity`, `sync`, `destroy-entity`, `check`, `list` and the
//! database commands can never disagree about it.

use std::path::{Path, PathBuf};

use crate::{Workspace, config::TestsLocation};

/// The places of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    data_model_src: PathBuf,
    storage_src: PathBuf,
    pg_src: PathBuf,
    pg_tests_dir: PathBuf,
    migrations: PathBuf,
    offline_data: PathBuf,
    tests_location: TestsLocation,
}

/// The files of one entity, and the crate roots that declare their modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFiles {
    /// The struct, in the data-model crate.
    pub data_model: PathBuf,
    /// The data-model crate's root, which declares and re-exports it.
    pub data_model_root: PathBuf,
    /// The repository trait, in the storage crate.
    pub storage: PathBuf,
    /// The storage crate's root, which declares it.
    pub storage_root: PathBuf,
    /// The PostgreSQL implementation.
    pub pg: PathBuf,
    /// The PostgreSQL crate's root, which declares it.
    pub pg_root: PathBuf,
    /// The tests of the PostgreSQL implementation.
    pub tests: PathBuf,
    /// The test target's root, which declares the tests module; none when
    /// the tests are a module of the PostgreSQL implementation's own, which
    /// declares them itself.
    pub tests_root: Option<PathBuf>,
}

impl Layout {
    /// The layout of `workspace`.
    #[must_use]
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            data_model_src: workspace.data_model.join("src"),
            storage_src: workspace.storage.join("src"),
            pg_src: workspace.storage_pg.join("src"),
            pg_tests_dir: workspace.storage_pg.join("tests/repositories"),
            migrations: workspace.migrations.clone(),
            offline_data: workspace.offline_data.dir().to_path_buf(),
            tests_location: workspace.runtime.tests,
        }
    }

    /// The data-model crate's sources.
    #[must_use]
    pub fn data_model_src(&self) -> &Path {
        &self.data_model_src
    }

    /// The storage crate's sources, where `RepositoryAccess` is.
    #[must_use]
    pub fn storage_src(&self) -> &Path {
        &self.storage_src
    }

    /// The PostgreSQL crate's sources.
    #[must_use]
    pub fn pg_src(&self) -> &Path {
        &self.pg_src
    }

    /// The migrations.
    #[must_use]
    pub fn migrations(&self) -> &Path {
        &self.migrations
    }

    /// The migration that creates `table`, at `version`.
    #[must_use]
    pub fn create_migration(&self, version: impl std::fmt::Display, table: &str) -> PathBuf {
        self.migration(version, &format!("create_{table}"), "sql")
    }

    /// The migration that drops `table`, at `version`.
    #[must_use]
    pub fn drop_migration(&self, version: impl std::fmt::Display, table: &str) -> PathBuf {
        self.migration(version, &format!("drop_{table}"), "sql")
    }

    /// A migration named as sqlx-cli names them:
    /// `<version>_<description>.<extension>`, the extension `sql`,
    /// `up.sql` or `down.sql`.
    #[must_use]
    pub fn migration(
        &self,
        version: impl std::fmt::Display,
        description: &str,
        extension: &str,
    ) -> PathBuf {
        self.migrations
            .join(format!("{version}_{description}.{extension}"))
    }

    /// Whether `path` is one of the migrations.
    #[must_use]
    pub fn is_migration(&self, path: &Path) -> bool {
        path.parent() == Some(self.migrations.as_path())
    }

    /// The offline query data, `.sqlx`.
    #[must_use]
    pub fn offline_data(&self) -> &Path {
        &self.offline_data
    }

    /// The offline data file named `name` (`query-<hash>.json`).
    #[must_use]
    pub fn offline_file(&self, name: &str) -> PathBuf {
        self.offline_data.join(name)
    }

    /// Whether `path` is one of the offline data files sqlx writes.
    #[must_use]
    pub fn is_offline_file(&self, path: &Path) -> bool {
        path.parent() == Some(self.offline_data.as_path())
            && path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("query-") && name.ends_with(".json"))
    }

    /// The files of the entity whose module is `module`.
    #[must_use]
    pub fn entity(&self, module: &str) -> EntityFiles {
        let file = format!("{module}.rs");
        EntityFiles {
            data_model: self.data_model_src.join(&file),
            data_model_root: self.data_model_src.join("lib.rs"),
            storage: self.storage_src.join(&file),
            storage_root: self.storage_src.join("lib.rs"),
            pg: self.pg_src.join(&file),
            pg_root: self.pg_src.join("lib.rs"),
            tests: match self.tests_location {
                TestsLocation::Target => self.pg_tests_dir.join(&file),
                TestsLocation::Module => self.pg_src.join(module).join("tests.rs"),
            },
            tests_root: match self.tests_location {
                TestsLocation::Target => Some(self.pg_tests_dir.join("main.rs")),
                TestsLocation::Module => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            data_model_src: "/ws/model/src".into(),
            storage_src: "/ws/core/src".into(),
            pg_src: "/ws/pg/src".into(),
            pg_tests_dir: "/ws/pg/tests/repositories".into(),
            migrations: "/ws/pg/migrations".into(),
            offline_data: "/ws/.sqlx".into(),
            tests_location: TestsLocation::Target,
        }
    }

    #[test]
    fn an_entity_has_one_file_in_each_crate_and_its_tests() {
        let files = layout().entity("user_email");
        assert_eq!(files.data_model, Path::new("/ws/model/src/user_email.rs"));
        assert_eq!(files.storage_root, Path::new("/ws/core/src/lib.rs"));
        assert_eq!(files.pg, Path::new("/ws/pg/src/user_email.rs"));
        assert_eq!(
            files.tests,
            Path::new("/ws/pg/tests/repositories/user_email.rs")
        );
        assert_eq!(
            files.tests_root.as_deref(),
            Some(Path::new("/ws/pg/tests/repositories/main.rs"))
        );
    }

    #[test]
    fn tests_in_the_sources_are_a_module_of_the_entitys_own() {
        let layout = Layout {
            tests_location: TestsLocation::Module,
            ..layout()
        };
        let files = layout.entity("user_email");
        assert_eq!(files.tests, Path::new("/ws/pg/src/user_email/tests.rs"));
        assert_eq!(files.tests_root, None);
    }

    #[test]
    fn migrations_are_named_as_sqlx_cli_names_them() {
        let layout = layout();
        let create = layout.create_migration(20_261_201_120_000_u64, "devices");
        assert_eq!(
            create,
            Path::new("/ws/pg/migrations/20261201120000_create_devices.sql")
        );
        assert!(layout.is_migration(&create));
        assert!(layout.is_offline_file(&layout.offline_file("query-ab.json")));
        assert!(!layout.is_offline_file(Path::new("/ws/.sqlx/README")));
        assert!(!layout.is_offline_file(Path::new("/ws/pg/query-ab.json")));
        assert!(!layout.is_migration(Path::new("/ws/pg/src/devices.sql")));
        assert_eq!(
            layout.migration(1, "widen", "down.sql"),
            Path::new("/ws/pg/migrations/1_widen.down.sql")
        );
    }
}
