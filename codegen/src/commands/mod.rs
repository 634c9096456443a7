//! The commands: each runs the pipeline for one thing a user asks for.

mod check;
mod destroy_entity;
mod list;
mod new_entity;
mod regenerate;
mod report;
mod undo;

pub use self::{
    check::{Check, check},
    destroy_entity::{DestroyEntity, destroy_entity},
    list::list,
    new_entity::{NewEntity, new_entity},
};
