//! The storage scaffolding toolkit's library: everything the `codegen`
//! binary does, as one pipeline.
//!
//! ```text
//! input ──► model ──► validate ──► render ──► plan ──► apply
//! ```
//!
//! The procedural macros (`storage-macros`) and build scripts use the same
//! library without its default `generator` feature: Rust source is read by
//! [`source`] and macros are expanded by [`expand`], with the same naming
//! and model as the generator.

#[cfg(feature = "generator")]
mod adopt;
#[cfg(feature = "generator")]
pub mod apply;
pub mod build;
#[cfg(feature = "generator")]
pub mod commands;
#[cfg(feature = "generator")]
pub mod config;
#[cfg(feature = "generator")]
pub mod db;
mod error;
pub mod expand;
pub mod input;
#[cfg(feature = "generator")]
pub mod inspect;
#[cfg(feature = "generator")]
pub mod interrupt;
pub mod model;
pub mod naming;
#[cfg(feature = "generator")]
pub mod offline;
#[cfg(feature = "generator")]
pub mod plan;
#[cfg(feature = "generator")]
mod process;
#[cfg(feature = "generator")]
pub mod progress;
#[cfg(feature = "generator")]
pub mod render;
#[cfg(feature = "generator")]
pub mod schema;
pub mod source;
pub mod validate;

#[cfg(feature = "generator")]
pub use self::config::Workspace;
pub use self::error::Error;
