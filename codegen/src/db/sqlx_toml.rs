//! The parts of sqlx's own configuration file, `sqlx.toml` in the workspace
//! root (where codegen runs sqlx-cli), that decide which database and which
//! migrations sqlx-cli works on; codegen follows them so that it never
//! points sqlx-cli one way while sqlx-cli reads another.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;

/// The file's name.
pub const FILE: &str = "sqlx.toml";

/// The variable sqlx reads the database URL from unless `sqlx.toml` names
/// another.
pub const DEFAULT_URL_VAR: &str = "DATABASE_URL";

/// What codegen takes from `sqlx.toml`; everything else in it is sqlx's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqlxToml {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// `common.database-url-var`: the variable holding the database URL.
    pub database_url_var: Option<String>,
    /// `migrate.migrations-dir`, relative to the workspace root.
    pub migrations_dir: Option<PathBuf>,
    /// `migrate.table-name`: where sqlx records applied migrations.
    pub migrations_table: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct File {
    common: Common,
    migrate: Migrate,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct Common {
    database_url_var: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct Migrate {
    migrations_dir: Option<PathBuf>,
    table_name: Option<String>,
}

impl SqlxToml {
    /// Reads `sqlx.toml` in `root`; no file means sqlx's defaults.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read or is not TOML of sqlx's shape.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = root.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(source) => return Err(Error::Io { path, source }),
        };
        let file: File = toml::from_str(&text).map_err(|error| Error::Config {
            path: path.clone(),
            message: format!(
                "{}\nfix it so that sqlx-cli can read it too (see sqlx's documentation of \
                 `sqlx.toml`)",
                error.to_string().trim_end()
            ),
        })?;
        Ok(Self {
            path: Some(path),
            database_url_var: file.common.database_url_var,
            migrations_dir: file.migrate.migrations_dir,
            migrations_table: file.migrate.table_name,
        })
    }

    /// The variable that holds the database URL.
    #[must_use]
    pub fn url_var(&self) -> &str {
        self.database_url_var.as_deref().unwrap_or(DEFAULT_URL_VAR)
    }

    /// The table of applied migrations.
    #[must_use]
    pub fn migrations_table(&self) -> &str {
        self.migrations_table
            .as_deref()
            .unwrap_or("_sqlx_migrations")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_means_sqlx_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = SqlxToml::load(dir.path()).unwrap();
        assert_eq!(config.url_var(), "DATABASE_URL");
        assert_eq!(config.migrations_table(), "_sqlx_migrations");
        assert_eq!(config.path, None);
    }

    #[test]
    fn the_url_variable_and_migrations_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            "[common]\ndatabase-url-var = \"APP_DATABASE_URL\"\n\n\
             [migrate]\nmigrations-dir = \"db/migrations\"\ntable-name = \"app._migrations\"\n\
             ignored-chars = [\"\\r\"]\n\n[macros]\npreferred-crates.date-time = \"chrono\"\n",
        )
        .unwrap();
        let config = SqlxToml::load(dir.path()).unwrap();
        assert_eq!(config.url_var(), "APP_DATABASE_URL");
        assert_eq!(
            config.migrations_dir.as_deref(),
            Some(Path::new("db/migrations"))
        );
        assert_eq!(config.migrations_table(), "app._migrations");
    }

    #[test]
    fn a_malformed_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "[common\n").unwrap();
        let error = SqlxToml::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("sqlx.toml"), "{error}");
        assert_eq!(SqlxToml::load(dir.path()).unwrap_err().exit_code(), 2);
    }
}
