//! Where the generated tests of an entity go: into the PostgreSQL crate's
//! test target (this repository's reference stack), or into the crate's own
//! sources, as a `tests` module of the entity's module (as
//! matrix-authentication-service keeps them).

use serde::Deserialize;

/// Where the generated tests of an entity go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestsLocation {
    /// `tests/repositories/<entity>.rs`, a module of the test target
    /// `tests/repositories/main.rs` declares.
    #[default]
    Target,
    /// `src/<entity>/tests.rs`, which the entity's `src/<entity>.rs`
    /// declares as `#[cfg(test)] pub(crate) mod tests;`, so that the tests
    /// of an entity that references it can add its samples.
    Module,
}

impl TestsLocation {
    /// How the generated tests name an item `path` of the PostgreSQL crate
    /// (`storage_pg` its library name): from the crate itself when they
    /// live in its sources.
    #[must_use]
    pub fn pg_item(self, storage_pg: &str, path: &str) -> String {
        match self {
            Self::Target => path.to_owned(),
            Self::Module => path
                .strip_prefix(storage_pg)
                .and_then(|rest| rest.strip_prefix("::"))
                .map_or_else(|| path.to_owned(), |rest| format!("crate::{rest}")),
        }
    }

    /// The module path, from the crate root, of the tests of the entity
    /// whose module is `module`.
    #[must_use]
    pub fn tests_module(self, module: &str) -> String {
        match self {
            Self::Target => format!("crate::{module}"),
            Self::Module => format!("crate::{module}::tests"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_the_crates_sources_its_items_are_named_from_the_crate() {
        let module = TestsLocation::Module;
        assert_eq!(
            module.pg_item("acme_pg", "acme_pg::MIGRATOR"),
            "crate::MIGRATOR"
        );
        assert_eq!(
            module.pg_item("acme_pg", "acme_pgx::MIGRATOR"),
            "acme_pgx::MIGRATOR"
        );
        assert_eq!(module.tests_module("user"), "crate::user::tests");
        let target = TestsLocation::Target;
        assert_eq!(
            target.pg_item("acme_pg", "acme_pg::MIGRATOR"),
            "acme_pg::MIGRATOR"
        );
        assert_eq!(target.tests_module("user"), "crate::user");
    }
}
