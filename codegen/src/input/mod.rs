//! The front doors: what the user typed, and what the workspace already
//! holds, before any of it is checked.

mod existing;
mod field_spec;
mod hand_written;
#[cfg(feature = "generator")]
mod hand_written_sources;

#[cfg(feature = "generator")]
pub use self::hand_written_sources::HandWrittenSources;
pub use self::{
    existing::{ExistingEntity, scan_entities},
    field_spec::{EntitySpec, FieldSpec, parse_entity_spec},
    hand_written::{HandWritten, NotReferenceable},
};
