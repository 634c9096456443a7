//! The runtime items generated code uses, by their paths in the workspace:
//! `codegen.toml`'s `[runtime]` table, each entry defaulting to where this
//! toolkit's reference stack keeps it, under the workspace's own crate
//! names. Templates and the planner name none of these themselves.

use std::{fmt, path::Path};

use serde::Deserialize;

use super::{EntityMarks, Forwarding, IdMaker, TestsLocation};
use crate::Error;

/// A path to an item, from outside its crate: `data_model::Clock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPath(String);

impl ItemPath {
    /// `path`, if it is `a::b::C`-shaped: identifiers joined by `::`.
    #[must_use]
    pub fn new(path: &str) -> Option<Self> {
        is_rust_path(path).then(|| Self(path.to_owned()))
    }

    /// The path as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The item's own name, its last segment: `Clock`.
    #[must_use]
    pub fn name(&self) -> &str {
        self.0.rsplit("::").next().unwrap_or(&self.0)
    }

    /// The path as code inside the crate whose library is `lib` writes it:
    /// `crate::Clock` there, the path itself elsewhere.
    #[must_use]
    pub fn seen_from(&self, lib: &str) -> String {
        match self
            .0
            .strip_prefix(lib)
            .and_then(|rest| rest.strip_prefix("::"))
        {
            Some(rest) => format!("crate::{rest}"),
            None => self.0.clone(),
        }
    }
}

impl fmt::Display for ItemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The library names of the three crates, as code that depends on them
/// writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateNames {
    /// `data_model`.
    pub data_model: String,
    /// `storage`.
    pub storage: String,
    /// `storage_pg`.
    pub storage_pg: String,
}

/// Every runtime item the generated code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runtime {
    /// The crates' library names.
    pub crates: CrateNames,
    /// The clock trait, passed as `clock: &dyn Clock`.
    pub clock: ItemPath,
    /// What makes a new entity's id.
    pub id_maker: IdMaker,
    /// The random number generator trait, passed as `&mut (dyn Rng + Send)`.
    pub rng: ItemPath,
    /// The same trait as the PostgreSQL crate names it, when its
    /// dependencies give it another path (`rand::RngCore` for
    /// `rand_core::RngCore`).
    pub pg_rng: Option<ItemPath>,
    /// The `Entity` trait and derive of the data-model crate, with
    /// [`EntityMarks::Derive`].
    pub entity: ItemPath,
    /// How the structs codegen manages are marked (`entity-marks`).
    pub entity_marks: EntityMarks,
    /// The page of results a list returns.
    pub page: ItemPath,
    /// The trait of what a page holds, which gives each item's cursor.
    pub node: ItemPath,
    /// The pagination a list takes.
    pub pagination: ItemPath,
    /// The direction a pagination takes, whose `Backward` a list asks about.
    pub pagination_direction: ItemPath,
    /// What forwards a repository trait through `Box<R>` and `MapErr`.
    pub forwarding: Forwarding,
    /// The trait that gives every repository of a unit of work.
    pub repository_access: ItemPath,
    /// The error-mapping wrapper of repositories.
    pub map_err: ItemPath,
    /// The PostgreSQL crate's error.
    pub database_error: ItemPath,
    /// The error for a row that cannot be converted.
    pub inconsistency_error: ItemPath,
    /// The embedded migrator the tests run.
    pub migrator: ItemPath,
    /// What a test gets a repository from, in the test target.
    pub test_context: ItemPath,
    /// What each PostgreSQL repository's `new` is given in the unit of
    /// work, an expression: `&mut self.txn`.
    pub pg_connection: String,
    /// The extension trait of sqlx's queries whose `.traced()` records a
    /// query's SQL on the current span, as `db.query.text`; `None` traces
    /// no query.
    pub query_tracing: Option<ItemPath>,
    /// Where the generated tests go (`[tests] location`), which decides how
    /// they name the PostgreSQL crate's items and each other.
    pub tests: TestsLocation,
}

/// The method of [`Runtime::query_tracing`]'s trait that the generated
/// code calls on each query.
pub const TRACED_METHOD: &str = "traced";

/// `[runtime]` as written; every entry optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RuntimeSection {
    clock: Option<String>,
    new_id: Option<String>,
    id_from_datetime: Option<String>,
    rng: Option<String>,
    pg_rng: Option<String>,
    entity: Option<String>,
    page: Option<String>,
    node: Option<String>,
    pagination: Option<String>,
    pagination_direction: Option<String>,
    repository_attribute: Option<String>,
    repository_macro: Option<String>,
    repository_access: Option<String>,
    map_err: Option<String>,
    database_error: Option<String>,
    inconsistency_error: Option<String>,
    migrator: Option<String>,
    test_context: Option<String>,
    pg_connection: Option<String>,
    query_tracing: Option<String>,
}

impl RuntimeSection {
    /// Whether it sets `entity`, which only the derive needs.
    pub(super) const fn sets_entity(&self) -> bool {
        self.entity.is_some()
    }
}

impl Runtime {
    /// The runtime of a workspace whose crates are `crates`, with the
    /// entries `section` sets.
    ///
    /// # Errors
    ///
    /// Fails, naming the entry, when a path is not a Rust path, and naming
    /// both when the attribute and the macro that forward a trait are set.
    pub(super) fn new(
        crates: CrateNames,
        section: RuntimeSection,
        config: &Path,
    ) -> Result<Self, Error> {
        let checked = |key: &str, path: String| -> Result<ItemPath, Error> {
            if is_rust_path(&path) {
                Ok(ItemPath(path))
            } else {
                Err(Error::Config {
                    path: config.to_path_buf(),
                    message: format!(
                        "`runtime.{key}` is `{path}`, which is not a Rust path; write the \
                         item's path as another crate would, such as `my_storage::Pagination`"
                    ),
                })
            }
        };
        let item =
            |key: &str, set: Option<String>, default: String| checked(key, set.unwrap_or(default));
        let CrateNames {
            data_model,
            storage,
            storage_pg,
        } = &crates;
        Ok(Self {
            clock: item("clock", section.clock, format!("{data_model}::Clock"))?,
            id_maker: match (section.new_id, section.id_from_datetime) {
                (Some(function), Some(method)) => {
                    return Err(Error::Config {
                        path: config.to_path_buf(),
                        message: format!(
                            "`runtime.{}` (`{function}`) and `runtime.{}` (`{method}`) are both \
                             set, but new ids are made one way; keep the one this workspace's \
                             repositories use and remove the other",
                            IdMaker::FUNCTION_KEY,
                            IdMaker::METHOD_KEY,
                        ),
                    });
                }
                (None, Some(method)) => IdMaker::UlidMethod(checked(IdMaker::METHOD_KEY, method)?),
                (function, None) => IdMaker::Function(item(
                    IdMaker::FUNCTION_KEY,
                    function,
                    format!("{data_model}::new_id"),
                )?),
            },
            rng: item("rng", section.rng, "rand_core::Rng".to_owned())?,
            entity: item("entity", section.entity, format!("{data_model}::Entity"))?,
            page: item("page", section.page, format!("{storage}::Page"))?,
            node: item("node", section.node, format!("{storage}::Node"))?,
            pagination: item(
                "pagination",
                section.pagination,
                format!("{storage}::Pagination"),
            )?,
            pagination_direction: item(
                "pagination-direction",
                section.pagination_direction,
                format!("{storage}::PaginationDirection"),
            )?,
            forwarding: match (section.repository_attribute, section.repository_macro) {
                (Some(attribute), Some(mac)) => {
                    return Err(Error::Config {
                        path: config.to_path_buf(),
                        message: format!(
                            "`runtime.{}` (`{attribute}`) and `runtime.{}` (`{mac}`) are both \
                             set, but a repository trait is forwarded by one of them; keep the \
                             one this workspace's traits use and remove the other",
                            Forwarding::ATTRIBUTE_KEY,
                            Forwarding::MACRO_KEY,
                        ),
                    });
                }
                (None, Some(mac)) => Forwarding::Macro(checked(Forwarding::MACRO_KEY, mac)?),
                (attribute, None) => Forwarding::Attribute(item(
                    Forwarding::ATTRIBUTE_KEY,
                    attribute,
                    format!("{storage}::repository"),
                )?),
            },
            repository_access: item(
                "repository-access",
                section.repository_access,
                format!("{storage}::RepositoryAccess"),
            )?,
            map_err: item("map-err", section.map_err, format!("{storage}::MapErr"))?,
            database_error: item(
                "database-error",
                section.database_error,
                format!("{storage_pg}::DatabaseError"),
            )?,
            inconsistency_error: item(
                "inconsistency-error",
                section.inconsistency_error,
                format!("{storage_pg}::DatabaseInconsistencyError"),
            )?,
            migrator: item(
                "migrator",
                section.migrator,
                format!("{storage_pg}::MIGRATOR"),
            )?,
            test_context: item(
                "test-context",
                section.test_context,
                "crate::context::Context".to_owned(),
            )?,
            pg_connection: match section.pg_connection {
                Some(expression) if syn::parse_str::<syn::Expr>(&expression).is_err() => {
                    return Err(Error::Config {
                        path: config.to_path_buf(),
                        message: format!(
                            "`[runtime] pg-connection` is `{expression}`, which is not a Rust \
                             expression; write what the accessors of `impl RepositoryAccess` \
                             pass to each repository's `new`, such as `&mut self.conn`"
                        ),
                    });
                }
                Some(expression) => expression,
                None => "&mut self.txn".to_owned(),
            },
            pg_rng: section
                .pg_rng
                .map(|path| checked("pg-rng", path))
                .transpose()?,
            query_tracing: section
                .query_tracing
                .map(|path| checked("query-tracing", path))
                .transpose()?,
            tests: TestsLocation::default(),
            entity_marks: EntityMarks::default(),
            crates,
        })
    }

    /// The reference stack's runtime, for tests and benches that render
    /// without a workspace.
    #[must_use]
    pub fn reference() -> Self {
        Self::defaults(CrateNames {
            data_model: "data_model".to_owned(),
            storage: "storage".to_owned(),
            storage_pg: "storage_pg".to_owned(),
        })
    }

    /// The runtime of a workspace whose crates are `crates` and whose
    /// `[runtime]` sets nothing: what `codegen init` says applies to an
    /// entry it could not find.
    #[must_use]
    pub fn defaults(crates: CrateNames) -> Self {
        // Every default is a Rust path when the crate names are, and a
        // library name is an identifier.
        Self::new(crates, RuntimeSection::default(), Path::new("codegen.toml"))
            .unwrap_or_else(|_| unreachable!("the default runtime's paths are Rust paths"))
    }

    /// Every entry that applies, with its key in `[runtime]`, in the order
    /// `codegen init` writes them: one of the two forwarding keys, and
    /// `query-tracing` only when set.
    #[must_use]
    pub fn entries(&self) -> Vec<(&'static str, &ItemPath)> {
        let mut entries = vec![
            ("clock", &self.clock),
            (self.id_maker.key(), self.id_maker.path()),
            ("rng", &self.rng),
            ("page", &self.page),
            ("node", &self.node),
            ("pagination", &self.pagination),
            ("pagination-direction", &self.pagination_direction),
            (self.forwarding.key(), self.forwarding.path()),
            ("repository-access", &self.repository_access),
            ("map-err", &self.map_err),
            ("database-error", &self.database_error),
            ("inconsistency-error", &self.inconsistency_error),
            ("migrator", &self.migrator),
            ("test-context", &self.test_context),
        ];
        if let Some(pg_rng) = &self.pg_rng {
            entries.insert(3, ("pg-rng", pg_rng));
        }
        if self.entity_marks == EntityMarks::Derive {
            let after_rng = entries
                .iter()
                .position(|(key, _)| *key == "rng")
                .map_or(0, |at| at + 1);
            let at = after_rng + usize::from(self.pg_rng.is_some());
            entries.insert(at, ("entity", &self.entity));
        }
        entries.extend(
            self.query_tracing
                .as_ref()
                .map(|path| ("query-tracing", path)),
        );
        entries
    }
}

/// The library name of the crate in `dir`, as code that depends on it
/// writes it: `[lib] name`, else the package name with `-` as `_`.
///
/// # Errors
///
/// Fails when its `Cargo.toml` cannot be read or names no package.
pub(crate) fn library_name(dir: &Path) -> Result<String, Error> {
    #[derive(Deserialize)]
    struct Manifest {
        package: Option<Named>,
        lib: Option<Lib>,
    }
    #[derive(Deserialize)]
    struct Named {
        name: String,
    }
    #[derive(Deserialize)]
    struct Lib {
        name: Option<String>,
    }
    let path = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let manifest: Manifest = toml::from_str(&text).map_err(|error| Error::Config {
        path: path.clone(),
        message: format!("cannot be read as a Cargo manifest: {error}"),
    })?;
    manifest
        .lib
        .and_then(|lib| lib.name)
        .or_else(|| {
            manifest
                .package
                .map(|package| package.name.replace('-', "_"))
        })
        .ok_or_else(|| Error::Config {
            path,
            message: "has no `[package]`; point `codegen.toml`'s `[crates]` at a crate's \
                      directory, not a workspace's"
                .to_owned(),
        })
}

/// Whether `path` is `a::b::C`-shaped: identifiers joined by `::`.
fn is_rust_path(path: &str) -> bool {
    !path.is_empty()
        && path.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(prefix: &str) -> CrateNames {
        CrateNames {
            data_model: format!("{prefix}_model"),
            storage: format!("{prefix}_storage"),
            storage_pg: format!("{prefix}_storage_pg"),
        }
    }

    #[test]
    fn defaults_follow_the_workspace_crate_names() {
        let runtime =
            Runtime::new(names("acme"), RuntimeSection::default(), Path::new("c")).unwrap();
        assert_eq!(runtime.clock.as_str(), "acme_model::Clock");
        assert_eq!(runtime.pagination.as_str(), "acme_storage::Pagination");
        assert_eq!(runtime.migrator.as_str(), "acme_storage_pg::MIGRATOR");
        assert_eq!(runtime.rng.as_str(), "rand_core::Rng");
    }

    #[test]
    fn set_entries_win_and_bad_paths_are_named() {
        let section: RuntimeSection = toml::from_str(
            "clock = \"acme_time::Clock\"\npagination = \"acme_storage::pagination::Pagination\"\n",
        )
        .unwrap();
        let runtime = Runtime::new(names("acme"), section, Path::new("c")).unwrap();
        assert_eq!(runtime.clock.as_str(), "acme_time::Clock");
        assert_eq!(runtime.pagination.name(), "Pagination");

        let section: RuntimeSection = toml::from_str("page = \"acme storage::Page\"\n").unwrap();
        let error = Runtime::new(names("acme"), section, Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`runtime.page` is `acme storage::Page`"),
            "{error}"
        );
        assert!(toml::from_str::<RuntimeSection>("clocks = \"x\"\n").is_err());
    }

    #[test]
    fn every_entry_is_the_key_that_sets_it() {
        let defaults = Runtime::defaults(names("acme"));
        let keys = defaults.entries().into_iter().map(|(key, _)| key);
        for key in keys.chain([Forwarding::MACRO_KEY, "query-tracing"]) {
            let section: RuntimeSection = toml::from_str(&format!("{key} = \"x::Set\"\n"))
                .unwrap_or_else(|error| panic!("`{key}` is no key of `[runtime]`: {error}"));
            let runtime = Runtime::new(names("acme"), section, Path::new("c")).unwrap();
            for (other, path) in runtime.entries() {
                assert_eq!(
                    path.as_str() == "x::Set",
                    other == key,
                    "{key} sets {other}"
                );
            }
        }
    }

    #[test]
    fn ids_come_from_new_id_unless_the_ulid_method_is_set_and_never_both() {
        let defaults = Runtime::defaults(names("acme"));
        assert_eq!(
            defaults.id_maker,
            IdMaker::Function(ItemPath("acme_model::new_id".to_owned()))
        );

        let method = "id-from-datetime = \"acme_model::UlidExt::from_datetime_with_rng\"\n";
        let section: RuntimeSection = toml::from_str(method).unwrap();
        let runtime = Runtime::new(names("acme"), section, Path::new("c")).unwrap();
        assert_eq!(
            runtime.id_maker,
            IdMaker::UlidMethod(ItemPath(
                "acme_model::UlidExt::from_datetime_with_rng".to_owned()
            ))
        );

        let both = format!("new-id = \"acme_model::new_id\"\n{method}");
        let section: RuntimeSection = toml::from_str(&both).unwrap();
        let error = Runtime::new(names("acme"), section, Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`runtime.new-id`") && error.contains("`runtime.id-from-datetime`"),
            "{error}"
        );
    }

    #[test]
    fn the_attribute_forwards_unless_the_macro_is_set_and_never_both() {
        let defaults = Runtime::defaults(names("acme"));
        assert_eq!(
            defaults.forwarding,
            Forwarding::Attribute(ItemPath("acme_storage::repository".to_owned()))
        );
        assert_eq!(defaults.query_tracing, None);

        let section: RuntimeSection =
            toml::from_str("repository-macro = \"acme_storage::repository_impl\"\n").unwrap();
        let runtime = Runtime::new(names("acme"), section, Path::new("c")).unwrap();
        assert_eq!(
            runtime.forwarding,
            Forwarding::Macro(ItemPath("acme_storage::repository_impl".to_owned()))
        );

        let section: RuntimeSection = toml::from_str(
            "repository-attribute = \"acme_storage::repository\"\n\
             repository-macro = \"acme_storage::repository_impl\"\n",
        )
        .unwrap();
        let error = Runtime::new(names("acme"), section, Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(
                "`runtime.repository-attribute` (`acme_storage::repository`) and \
                 `runtime.repository-macro` (`acme_storage::repository_impl`) are both set"
            ) && error.contains("remove the other"),
            "{error}"
        );

        let section: RuntimeSection =
            toml::from_str("query-tracing = \"crate::tracing::Execute Ext\"\n").unwrap();
        let error = Runtime::new(names("acme"), section, Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("`runtime.query-tracing` is"), "{error}");
    }

    #[test]
    fn a_path_inside_its_own_crate_starts_with_crate() {
        let path = ItemPath("acme_storage::Page".to_owned());
        assert_eq!(path.seen_from("acme_storage"), "crate::Page");
        assert_eq!(path.seen_from("acme_storage_pg"), "acme_storage::Page");
        assert_eq!(path.seen_from("acme"), "acme_storage::Page");
    }

    #[test]
    fn library_names_come_from_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"mas-storage-pg\"\nversion = \"1.0.0\"\n",
        )
        .unwrap();
        assert_eq!(library_name(dir.path()).unwrap(), "mas_storage_pg");
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"x\"\n\n[lib]\nname = \"renamed\"\n",
        )
        .unwrap();
        assert_eq!(library_name(dir.path()).unwrap(), "renamed");
    }
}
