//! `#[derive(Entity)]` and `#[repository]`.
//!
//! This crate only hands tokens over: parsing, checks and expansion live in
//! the `codegen` library (`codegen::source`, `codegen::expand`), which the
//! generator uses to read the same structs and traits.

use proc_macro::TokenStream;

/// Derive `data_model::Entity` for a data-model struct: its table, key
/// column and columns as constants, its id and creation time as methods.
///
/// The struct needs `pub id: Ulid` and `pub created_at: DateTime<Utc>`, and
/// fields of the types the generator supports. Attributes:
///
/// - on the struct, `#[entity(table = "devices")]` overrides the table name,
///   and `#[entity(crate = "my_data_model")]` the path of the crate that
///   defines `Entity` (`data_model` by default);
/// - on a field, `#[entity(unique)]`, `#[entity(index)]`, and
///   `#[entity(references = User)]` for the id of another entity.
#[proc_macro_derive(Entity, attributes(entity))]
pub fn derive_entity(input: TokenStream) -> TokenStream {
    codegen::expand::derive_entity(input.into()).into()
}

/// Forward every method of a repository trait through `Box<R>`, `&mut R`
/// and `MapErr<R, F>`, so that a method added to the trait needs no other
/// edit than its implementations.
///
/// Every method must be `async fn`, take `&mut self`, not be generic, and
/// return `Result<_, Self::Error>`; the trait needs `type Error;`. The
/// trait gets `#[async_trait]` unless it has it. `#[repository(crate =
/// "path")]` names the crate that defines `MapErr` (`storage` by default).
#[proc_macro_attribute]
pub fn repository(args: TokenStream, input: TokenStream) -> TokenStream {
    codegen::expand::repository(args.into(), input.into()).into()
}
