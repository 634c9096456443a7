//! The commands: each runs the pipeline for one thing a user asks for.

mod check;
mod destroy_entity;
mod init;
mod list;
mod migrate;
mod new_entity;
mod regenerate;
mod report;
mod sync;
mod undo;

pub use self::{
    check::{Check, SqlxCheck, check},
    destroy_entity::{DestroyEntity, destroy_entity},
    init::{Init, init},
    list::list,
    migrate::{MigrateAdd, MigrateDiff, migrate_add, migrate_diff},
    new_entity::{NewEntity, new_entity, plan as plan_new_entity},
    report::stdout_error,
    sync::{Sync, sync},
};
