//! Checks on the input before anything is rendered: every problem is
//! collected and reported at its origin.

mod diagnostics;
mod entity;

pub use self::{
    diagnostics::{Diagnostic, Diagnostics, Origin},
    entity::check_new_entity,
};
