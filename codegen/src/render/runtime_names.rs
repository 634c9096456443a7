//! The workspace's runtime items as the templates write them: each item's
//! own name in code (its import brings it into scope), and the paths the
//! `use` blocks import them by from each crate.

use crate::config::{Forwarding, Runtime};

/// The name of what forwards a repository trait, by its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardingName {
    /// An attribute on the trait: `repository`.
    Attribute(String),
    /// A `macro_rules!` macro called after the trait: `repository_impl`.
    Macro(String),
}

/// The names generated code calls the runtime items by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeNames {
    /// `Clock`.
    pub clock: String,
    /// `Rng`.
    pub rng: String,
    /// The expression that makes a new id: `new_id(clock, rng)`.
    pub new_id: String,
    /// `Entity`, the derive and the trait.
    pub entity: String,
    /// `Page`.
    pub page: String,
    /// `Node`.
    pub node: String,
    /// `Pagination`.
    pub pagination: String,
    /// The direction of a pagination: `PaginationDirection`.
    pub pagination_direction: String,
    /// What forwards a repository trait: `repository`, the attribute, or
    /// `repository_impl`, the macro.
    pub forwarding: ForwardingName,
    /// `RepositoryAccess`.
    pub repository_access: String,
    /// `DatabaseError`.
    pub database_error: String,
    /// `DatabaseInconsistencyError`.
    pub inconsistency_error: String,
    /// The migrator's whole path, as `#[sqlx::test(migrator = …)]` takes it.
    pub migrator: String,
    /// `Context`.
    pub test_context: String,
}

impl RuntimeNames {
    /// The names of `runtime`'s items.
    #[must_use]
    pub fn of(runtime: &Runtime) -> Self {
        Self {
            clock: runtime.clock.name().to_owned(),
            rng: runtime.rng.name().to_owned(),
            new_id: runtime.id_maker.expression(),
            entity: runtime.entity.name().to_owned(),
            page: runtime.page.name().to_owned(),
            node: runtime.node.name().to_owned(),
            pagination: runtime.pagination.name().to_owned(),
            pagination_direction: runtime.pagination_direction.name().to_owned(),
            forwarding: match &runtime.forwarding {
                Forwarding::Attribute(path) => ForwardingName::Attribute(path.name().to_owned()),
                Forwarding::Macro(path) => ForwardingName::Macro(path.name().to_owned()),
            },
            repository_access: runtime.repository_access.name().to_owned(),
            database_error: runtime.database_error.name().to_owned(),
            inconsistency_error: runtime.inconsistency_error.name().to_owned(),
            migrator: runtime
                .tests
                .pg_item(&runtime.crates.storage_pg, runtime.migrator.as_str()),
            test_context: runtime.test_context.name().to_owned(),
        }
    }
}
