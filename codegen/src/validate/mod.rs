//! Checks on the input before anything is rendered: every problem is
//! collected and reported at its origin.
//!
//! Both front doors lower their input into one [`UncheckedEntity`]
//! (`crate::model`): a command line's field specs
//! ([`crate::input::EntitySpec`]) and a data-model struct read from source
//! ([`crate::source::entity`]). The same rules then run on either
//! ([`check_entity`]); a new entity is also checked against the workspace
//! it joins ([`check_new_entity`]).
//!
//! [`UncheckedEntity`]: crate::model::UncheckedEntity

mod clashes;
mod entity;
mod fields;
mod names;
mod workspace;

pub use self::entity::{check_entity, check_new_entity};
// Where they live: the ground floor, below the model.
pub use crate::model::{Diagnostic, Diagnostics, Origin};
