//! What every entity is to the code around it: its table, its columns, its
//! id. `#[derive(Entity)]` implements it from the struct, so generated code
//! reads these names instead of repeating them as string literals.

use chrono::{DateTime, Utc};
/// The derive, under the trait's name: importing `Entity` brings both.
pub use storage_macros::Entity;
use ulid::Ulid;

/// A kind of stored data: one data-model struct, one table.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an entity",
    label = "not an entity",
    note = "entities are data-model structs with `#[derive(Entity)]`; `references = …` must name one"
)]
pub trait Entity {
    /// The struct's name: `UserEmail`.
    const NAME: &'static str;
    /// The table: `user_emails`.
    const TABLE: &'static str;
    /// The key column: `user_email_id`.
    const KEY_COLUMN: &'static str;
    /// Every column, the key first, in the struct's order.
    const COLUMNS: &'static [&'static str];

    /// The id, which is also the keyset pagination cursor.
    fn id(&self) -> Ulid;

    /// When it was added.
    fn created_at(&self) -> DateTime<Utc>;
}
