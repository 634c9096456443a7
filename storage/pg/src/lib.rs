//! PostgreSQL implementations of the repository traits.
//!
//! [`PgRepository`] opens a transaction on a pool and hands out one
//! `Pg*Repository` per entity, each running compile-time checked queries on
//! that transaction. [`MIGRATOR`] holds the schema they expect.
//!
//! Entity modules are written by `codegen new-entity`.

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
