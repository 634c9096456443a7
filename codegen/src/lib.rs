//! The storage scaffolding toolkit's library: everything the `codegen`
//! binary does, as one pipeline.
//!
//! ```text
//! input ──► model ──► validate ──► render ──► plan ──► apply
//! ```

pub mod config;
pub mod db;
mod error;
pub mod input;
pub mod model;
pub mod naming;
pub mod validate;

pub use self::{config::Workspace, error::Error};
