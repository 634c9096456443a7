//! The storage scaffolding toolkit's library: everything the `codegen`
//! binary does, as one pipeline.
//!
//! ```text
//! input ──► model ──► validate ──► render ──► plan ──► apply
//! ```

pub mod apply;
pub mod commands;
pub mod config;
pub mod db;
mod error;
pub mod input;
pub mod model;
pub mod naming;
pub mod plan;
pub mod render;
pub mod validate;

pub use self::{config::Workspace, error::Error};
