//! Expansion: what the procedural macros (`#[derive(Entity)]`,
//! `#[repository]`) and the build scripts (the `RepositoryAccess` wiring)
//! write. The `storage-macros` crate only hands tokens to these functions;
//! everything they know comes from [`crate::source`].
//!
//! The output is hygienic: every path is absolute (`::core::…`, the
//! runtime crates by their names or the path the user gives), and generic
//! parameters are named so they cannot collide with the user's.

pub mod access;
mod entity;
mod repository;

pub use self::{entity::derive_entity, repository::repository};
