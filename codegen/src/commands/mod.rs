//! The commands: each runs the pipeline for one thing a user asks for.

mod migrate;
mod new_entity;
mod report;
mod sync;

pub use self::{
    migrate::{MigrateAdd, MigrateDiff, migrate_add, migrate_diff},
    new_entity::{NewEntity, new_entity},
    sync::{Sync, sync},
};
