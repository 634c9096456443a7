//! Data-model structs: `#[derive(Entity)]` and its `#[entity(...)]`
//! attributes.
//!
//! ```text
//! #[derive(Entity)]
//! #[entity(table = "devices")]          // optional: the table name
//! pub struct Device {
//!     pub id: Ulid,
//!     pub created_at: DateTime<Utc>,
//!     #[entity(unique)]
//!     pub name: String,
//!     #[entity(index)]
//!     pub serial: i64,
//!     #[entity(references = User)]
//!     pub owner_id: Ulid,
//! }
//! ```

mod ast;
mod attr;
mod check;
mod comments;
mod marks;
mod model;
mod types;

pub use self::{
    ast::{EntityField, EntityStruct},
    comments::read_marks,
    marks::{ENTITY_COMMENT, EntityMarks},
    model::{lower, table_of},
    types::classify,
};

/// Whether `item` derives `Entity`.
#[must_use]
pub fn derives_entity(item: &syn::ItemStruct) -> bool {
    item.attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .any(|attr| {
            let mut found = false;
            // A derive list that does not parse is the compiler's to report.
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Entity");
                Ok(())
            });
            found
        })
}

/// Parse and check an entity struct.
///
/// # Errors
///
/// Returns every problem found, each at its span.
pub fn parse_entity(item: &syn::ItemStruct) -> syn::Result<EntityStruct> {
    let mut errors = crate::source::Errors::default();
    let entity = ast::EntityStruct::from_syn(item, &mut errors);
    if let Some(entity) = &entity {
        check::check(entity, &mut errors);
    }
    match entity {
        Some(entity) => errors.finish(entity),
        None => errors
            .finish(())
            .and_then(|()| Err(syn::Error::new_spanned(&item.ident, "not an entity"))),
    }
}
