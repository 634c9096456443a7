//! Rust source as input: data-model structs and repository traits, parsed
//! with syn and checked against the rules the generator relies on.
//!
//! This is the one parser of entities and repositories: `#[derive(Entity)]`
//! and `#[repository]` run it on their input, and the CLI runs it on the
//! files of the data-model crate, so the struct is the source of truth from
//! the moment it exists.

pub mod entity;
mod errors;
pub mod repository;

pub use self::errors::Errors;
