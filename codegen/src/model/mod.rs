//! The entity model: what the generator knows about an entity, whatever the
//! input was: first as a front door read it ([`UncheckedEntity`]), then
//! checked ([`Entity`]).
//!
//! Every derived name comes from [`crate::naming`]; every node keeps its
//! [`Origin`] so later stages can point at it. Problems are recorded in
//! [`Diagnostics`], the ground floor every stage shares.

mod diagnostics;
mod entity;
mod field;
mod field_type;
mod filter;
mod unchecked;

pub use self::{
    diagnostics::{Diagnostic, Diagnostics, Origin},
    entity::{Entity, Index},
    field::Field,
    field_type::{FieldType, PgType, Reference, ScalarType},
    filter::{Filter, FilterKind},
    unchecked::{UncheckedEntity, UncheckedField, UncheckedType},
};
