//! PostgreSQL implementations of the repository traits.
//!
//! [`PgRepository`] opens a transaction on a pool and hands out one
//! `Pg*Repository` per entity, each running compile-time checked queries on
//! that transaction. [`MIGRATOR`] holds the schema they expect.
//!
//! Entity modules are written by `codegen new-entity`.
//!
//! # Connections
//!
//! The `list` and `count` queries take every filter as a parameter that may
//! be NULL (`$1 IS NULL OR owner_id = $1`), so that one checked statement
//! serves every combination. PostgreSQL plans such a statement well only
//! with the parameters' values, and after five executions of a prepared
//! statement it may switch to one generic plan that cannot use the indexes.
//! Services should keep custom plans on their connections:
//!
//! ```text
//! PgConnectOptions::from_str(&url)?.options([("plan_cache_mode", "force_custom_plan")])
//! ```

mod errors;
mod repository;
pub mod user;
pub mod user_email;

pub use self::{
    errors::{DatabaseError, DatabaseInconsistencyError},
    repository::PgRepository,
};

/// The migrations of `migrations/`, embedded at compile time.
///
/// Run them with `MIGRATOR.run(&pool)`, or `codegen db migrate` from the
/// workspace.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();
