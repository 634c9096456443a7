//! An entity as a front door read it, before any rule is checked: what the
//! command line's field specs and a data-model struct read from source both
//! lower into, so that one set of checks runs on either (the pattern of
//! thiserror's `Input::from_syn`, then `validate()`).

use crate::model::{Origin, ScalarType};

/// An entity, unchecked: names as written, types not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedEntity {
    /// The name as written: `UserEmail`, or anything a person typed.
    pub name: String,
    /// Where the name was written.
    pub origin: Origin,
    /// The module of its files, when a front door knows it (the file stem
    /// of a struct read from source); otherwise made from the name.
    pub module: Option<String>,
    /// The table, when written out (`#[entity(table = "...")]`); otherwise
    /// made from the name.
    pub table: Option<String>,
    /// The fields a front door could read, in order.
    pub fields: Vec<UncheckedField>,
    /// How many fields were written, read or not: an entity whose fields
    /// were all malformed is not one without fields.
    pub declared_fields: usize,
}

/// A field, unchecked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedField {
    /// The name of the field in the model: `notes`, or `owner` for a
    /// reference whose Rust field and column are `owner_id`.
    pub name: String,
    /// The type, resolved or to resolve.
    pub ty: UncheckedType,
    /// Whether the value may be absent.
    pub nullable: bool,
    /// Whether no two rows may share a value.
    pub unique: bool,
    /// Whether the column gets a plain index.
    pub indexed: bool,
    /// The column's name before a rename, if one is recorded.
    pub renamed_from: Option<String>,
    /// Where the field was written.
    pub origin: Origin,
}

/// The type of an unchecked field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UncheckedType {
    /// A built-in type.
    Scalar(ScalarType),
    /// A type word that is no built-in type (the command line's
    /// `owner:User`): a reference, if an entity of that name exists.
    Named(String),
    /// A reference said to be one (`#[entity(references = User)]`) to the
    /// entity of this name.
    Reference(String),
}
