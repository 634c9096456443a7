//! The entity model: what the generator knows about an entity once its input
//! has been parsed and checked, whatever the input was.
//!
//! Every derived name comes from [`crate::naming`]; every node keeps its
//! [`Origin`](crate::validate::Origin) so later stages can point at it.

mod entity;
mod field;
mod field_type;
mod filter;

pub use self::{
    entity::{Entity, Index},
    field::Field,
    field_type::{FieldType, Reference, ScalarType},
    filter::{Filter, FilterKind},
};
