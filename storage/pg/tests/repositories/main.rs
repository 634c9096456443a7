//! Tests of every PostgreSQL repository against a real database.
//!
//! Each test gets a fresh database with the migrations applied
//! (`#[sqlx::test]`), a seeded rng and a mock clock, bundled in a
//! [`context::Context`]. `codegen new-entity` adds a module here for each
//! entity.

mod context;
mod user;
mod user_email;
