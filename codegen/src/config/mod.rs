//! `codegen.toml`: where a workspace keeps the crates the generator writes
//! into, how its wiring is kept, and the runtime items generated code uses.

mod forwarding;
mod id_maker;
mod offline_data;
mod references;
mod runtime;
mod tests_location;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use self::runtime::RuntimeSection;
pub(crate) use self::runtime::library_name;
pub use self::{
    forwarding::Forwarding,
    id_maker::IdMaker,
    offline_data::OfflineData,
    references::ReferenceSettings,
    runtime::{CrateNames, ItemPath, Runtime, TRACED_METHOD},
    tests_location::TestsLocation,
};
pub use crate::source::entity::{ENTITY_COMMENT, EntityMarks};
use crate::{
    Error,
    db::SqlxToml,
    input::{ExistingEntity, HandWrittenSources, NotReferenceable, scan_entities},
    model::Entity,
};

/// The name of the file that marks a workspace's root.
pub const CONFIG_FILE: &str = "codegen.toml";

/// A workspace the generator works on: its root and its crate locations,
/// all resolved to absolute paths.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The directory that holds `codegen.toml`.
    pub root: PathBuf,
    /// The data-model crate's directory.
    pub data_model: PathBuf,
    /// The storage (repository traits) crate's directory.
    pub storage: PathBuf,
    /// The PostgreSQL crate's directory.
    pub storage_pg: PathBuf,
    /// The PostgreSQL crate's migrations directory.
    pub migrations: PathBuf,
    /// Where `.sqlx` is, and from where sqlx-cli rewrites it.
    pub offline_data: OfflineData,
    /// How `RepositoryAccess` is kept in step with the repositories.
    pub wiring: Wiring,
    /// What `sqlx.toml` in the root says of the database URL's variable
    /// and the migrations, which sqlx-cli follows and so codegen too.
    pub sqlx: SqlxToml,
    /// The database URL given on the command line (`--database-url`), which
    /// wins over the environment and `.env`.
    pub database_url: Option<String>,
    /// The runtime items generated code uses, by path.
    pub runtime: Runtime,
    /// The comment every Rust file `new-entity` creates begins with (a
    /// licence, say), each line ending in a newline; empty for none.
    pub header: String,
    /// What `[references.<Entity>]` sets of hand-written entities, by name.
    pub references: BTreeMap<String, ReferenceSettings>,
}

/// How the `RepositoryAccess` wiring is kept in step with the repositories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wiring {
    /// Build scripts write it at compile time (`codegen::build`); adding an
    /// entity touches no wiring file.
    #[default]
    BuildScript,
    /// The wiring is kept in the source by hand, and `new-entity` inserts
    /// each new accessor into it.
    Inline,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    crates: CratesSection,
    wiring: Option<Wiring>,
    entity_marks: Option<EntityMarks>,
    header: Option<String>,
    #[serde(default)]
    runtime: RuntimeSection,
    #[serde(default)]
    tests: TestsSection,
    #[serde(default)]
    references: BTreeMap<String, ReferenceSettings>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestsSection {
    location: Option<TestsLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CratesSection {
    data_model: PathBuf,
    storage: PathBuf,
    storage_pg: PathBuf,
    migrations: Option<PathBuf>,
    offline_data: Option<PathBuf>,
}

impl Workspace {
    /// The workspace whose `codegen.toml` is in `start` or its nearest
    /// ancestor that has one.
    ///
    /// # Errors
    ///
    /// Fails when no ancestor holds a `codegen.toml`, when it cannot be read
    /// or parsed, or when a crate it names is missing.
    pub fn discover(start: &Path) -> Result<Self, Error> {
        let root = start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .ok_or_else(|| Error::NoWorkspace {
                searched_from: start.to_path_buf(),
            })?;
        Self::load(root)
    }

    /// The workspace whose `codegen.toml` is in `root`.
    ///
    /// # Errors
    ///
    /// As [`Workspace::discover`].
    pub fn load(root: &Path) -> Result<Self, Error> {
        if root.exists() && !root.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is a file, not a directory; pass `--workspace` the directory that holds \
                 your workspace's `{CONFIG_FILE}`",
                root.display()
            )));
        }
        let config_path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&config_path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::Config {
                    path: config_path.clone(),
                    message: format!(
                        "no such file; pass `--workspace` the directory that holds your \
                         workspace's `{CONFIG_FILE}`"
                    ),
                }
            } else {
                Error::Io {
                    path: config_path.clone(),
                    source,
                }
            }
        })?;
        Self::from_text(root, &text)
    }

    /// The workspace in `root` whose `codegen.toml` would be `text`: how
    /// `codegen init` checks the file before it writes it.
    ///
    /// # Errors
    ///
    /// As [`Workspace::load`], but for reading the file.
    pub fn from_text(root: &Path, text: &str) -> Result<Self, Error> {
        let config_path = root.join(CONFIG_FILE);
        let config: ConfigFile = toml::from_str(text).map_err(|error| Error::Config {
            path: config_path.clone(),
            message: format!(
                "{}\nfix `{CONFIG_FILE}` so that its `[crates]` table sets `data-model`, \
                 `storage` and `storage-pg` (and, if you like, `migrations` and `offline-data`) to directories \
                 relative to it",
                error.to_string().trim_end()
            ),
        })?;
        if config.entity_marks == Some(EntityMarks::Comments) && config.runtime.sets_entity() {
            return Err(Error::Config {
                path: config_path,
                message: "`entity-marks = \"comments\"` marks entities without the derive, yet \
                          `[runtime] entity` names one; remove one of the two"
                    .to_owned(),
            });
        }
        let crates = config.crates;
        let sqlx = SqlxToml::load(root)?;
        // codegen.toml first; then where sqlx-cli would look, as it is the
        // one that applies them.
        let migrations = crates
            .migrations
            .or_else(|| sqlx.migrations_dir.clone())
            .unwrap_or_else(|| crates.storage_pg.join("migrations"));
        let data_model = root.join(&crates.data_model);
        let storage = root.join(&crates.storage);
        let storage_pg = root.join(&crates.storage_pg);
        check_crates_exist(root, &config_path, [&data_model, &storage, &storage_pg])?;
        let offline_data = OfflineData::new(
            root,
            &storage_pg,
            crates.offline_data.as_deref(),
            &config_path,
        )?;
        let names = CrateNames {
            data_model: library_name(&data_model)?,
            storage: library_name(&storage)?,
            storage_pg: library_name(&storage_pg)?,
        };
        Ok(Self {
            wiring: config.wiring.unwrap_or_default(),
            root: root.to_path_buf(),
            data_model,
            storage,
            migrations: root.join(migrations),
            offline_data,
            storage_pg,
            sqlx,
            database_url: None,
            runtime: Runtime {
                tests: config.tests.location.unwrap_or_default(),
                entity_marks: config.entity_marks.unwrap_or_default(),
                ..Runtime::new(names, config.runtime, &config_path)?
            },
            header: header_lines(config.header.unwrap_or_default(), &config_path)?,
            references: references::checked(config.references, &config_path)?,
        })
    }

    /// The same workspace, with the database URL given on the command line.
    #[must_use]
    pub fn with_database_url(self, database_url: Option<String>) -> Self {
        Self {
            database_url,
            ..self
        }
    }

    /// Every entity of the data-model crate, managed or not, as
    /// [`scan_entities`] reads them with the workspace's marks.
    ///
    /// # Errors
    ///
    /// As [`scan_entities`].
    pub fn entities(&self) -> Result<Vec<ExistingEntity>, Error> {
        // Read only when the crate has a hand-written entity to resolve.
        let sources = std::cell::OnceCell::new();
        let hand_written = |name: &str| {
            if self.runtime.entity_marks == EntityMarks::Derive {
                // `#[entity(references = …)]` asks the target for the trait.
                return Err(NotReferenceable {
                    why: format!("`{name}` does not derive `Entity`, which a reference asks for"),
                    fix: "derive `Entity` on it for codegen to manage it".to_owned(),
                });
            }
            let sources = sources.get_or_init(|| {
                HandWrittenSources::read(
                    &self.root,
                    &self.storage,
                    &self.migrations,
                    self.runtime.clock.name(),
                    self.runtime.rng.name(),
                )
                .map_err(|error| error.to_string())
            });
            match sources {
                Ok(sources) => sources.resolve(name, self.references.get(name)),
                Err(error) => Err(NotReferenceable::settable(name, error.clone())),
            }
        };
        scan_entities(
            &self.root,
            &self.data_model,
            self.runtime.entity_marks,
            hand_written,
        )
    }

    /// The models of the entities codegen manages.
    ///
    /// # Errors
    ///
    /// As [`scan_entities`].
    pub fn entity_models(&self) -> Result<Vec<Entity>, Error> {
        Ok(self
            .entities()?
            .into_iter()
            .filter_map(|entity| entity.model)
            .collect())
    }

    /// Rust `code` under the workspace's header, with a blank line between.
    #[must_use]
    pub fn with_header(&self, code: String) -> String {
        if self.header.is_empty() {
            code
        } else {
            format!("{}\n{code}", self.header)
        }
    }

    /// SQL `code` under the workspace's header, each `//` of its lines
    /// written `--`, with a blank line between: a migration carries the
    /// licence the sources do.
    #[must_use]
    pub fn with_sql_header(&self, code: String) -> String {
        if self.header.is_empty() {
            return code;
        }
        let mut text: String = self
            .header
            .lines()
            .map(|line| {
                let indent = line.len() - line.trim_start().len();
                let comment = &line[indent..];
                let rest = comment.strip_prefix("//").unwrap_or(comment);
                format!("{}--{rest}\n", &line[..indent])
            })
            .collect();
        text.push('\n');
        text.push_str(&code);
        text
    }

    /// `path` relative to the workspace root, for messages.
    #[must_use]
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// `header` with every line ending in a newline, or refused when a line is
/// not a comment: it goes above the code of every file `new-entity` writes.
fn header_lines(header: String, config_path: &Path) -> Result<String, Error> {
    if header.trim().is_empty() {
        return Ok(String::new());
    }
    let mut lines = String::with_capacity(header.len() + 1);
    for line in header.lines() {
        if !line.trim_start().starts_with("//") {
            return Err(Error::Config {
                path: config_path.to_path_buf(),
                message: format!(
                    "`header` has the line `{line}`, which is not a `//` comment; write every \
                     line of the header as a comment"
                ),
            });
        }
        lines.push_str(line);
        lines.push('\n');
    }
    Ok(lines)
}

/// Fails, naming the key, when a crate `codegen.toml` names has no
/// `Cargo.toml`.
fn check_crates_exist(root: &Path, config_path: &Path, dirs: [&Path; 3]) -> Result<(), Error> {
    for (key, dir) in ["data-model", "storage", "storage-pg"]
        .into_iter()
        .zip(dirs)
    {
        if !dir.join("Cargo.toml").is_file() {
            return Err(Error::Config {
                path: config_path.to_path_buf(),
                message: format!(
                    "`crates.{key}` points at `{}`, which holds no Cargo.toml; \
                     set it to the directory of your {key} crate",
                    dir.strip_prefix(root).unwrap_or(dir).display()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(codegen_toml: &str, sqlx_toml: Option<&str>) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        for krate in ["model", "core", "pg"] {
            std::fs::create_dir(dir.path().join(krate)).unwrap();
            std::fs::write(
                dir.path().join(krate).join("Cargo.toml"),
                format!("[package]\nname = \"acme-{krate}\"\n"),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join(CONFIG_FILE), codegen_toml).unwrap();
        if let Some(text) = sqlx_toml {
            std::fs::write(dir.path().join("sqlx.toml"), text).unwrap();
        }
        // Only its paths are compared, so the directory may go.
        Workspace::load(dir.path()).unwrap()
    }

    const CRATES: &str =
        "[crates]\ndata-model = \"model\"\nstorage = \"core\"\nstorage-pg = \"pg\"\n";

    #[test]
    fn migrations_carry_the_header_as_sql_comments() {
        let headed = workspace_with(
            &format!(
                "header = \"\"\"\n// Copyright Acme\n//\n// SPDX-License-Identifier: MIT\n\"\"\"\n{CRATES}"
            ),
            None,
        );
        assert_eq!(
            headed.with_sql_header("CREATE TABLE t ();\n".to_owned()),
            "-- Copyright Acme\n--\n-- SPDX-License-Identifier: MIT\n\nCREATE TABLE t ();\n"
        );
        assert_eq!(
            headed.with_header("fn f() {}\n".to_owned()),
            "// Copyright Acme\n//\n// SPDX-License-Identifier: MIT\n\nfn f() {}\n"
        );
        let bare = workspace_with(CRATES, None);
        assert_eq!(
            bare.with_sql_header("SELECT 1;\n".to_owned()),
            "SELECT 1;\n"
        );
    }

    #[test]
    fn migrations_follow_codegen_toml_then_sqlx_toml_then_the_pg_crate() {
        let default = workspace_with(CRATES, None);
        assert!(default.migrations.ends_with("pg/migrations"));

        let sqlx = "[migrate]\nmigrations-dir = \"db/migrations\"\n";
        let from_sqlx = workspace_with(CRATES, Some(sqlx));
        assert!(from_sqlx.migrations.ends_with("db/migrations"));

        let own = format!("{CRATES}migrations = \"sql\"\n");
        let from_codegen = workspace_with(&own, Some(sqlx));
        assert!(from_codegen.migrations.ends_with("sql"));
        assert!(!from_codegen.migrations.ends_with("db/migrations"));
    }

    #[test]
    fn a_header_is_comment_lines_each_ending_in_a_newline() {
        let path = Path::new("codegen.toml");
        assert_eq!(
            header_lines("// Copyright Acme\n//\n// SPDX: MIT".to_owned(), path).unwrap(),
            "// Copyright Acme\n//\n// SPDX: MIT\n"
        );
        assert_eq!(header_lines(String::new(), path).unwrap(), "");
        let error = header_lines("Copyright Acme\n".to_owned(), path)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`Copyright Acme`, which is not a `//` comment"),
            "{error}"
        );
    }

    #[test]
    fn a_file_given_as_the_workspace_is_refused_as_usage() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let error = Workspace::load(file.path()).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(
            error.to_string().contains("is a file, not a directory"),
            "{error}"
        );
    }
}
