//! The commands: each runs the pipeline for one thing a user asks for.

mod new_entity;
mod report;

pub use self::new_entity::{NewEntity, new_entity};
