//! The migration `destroy-entity` writes when the one that created the
//! table cannot simply be deleted.

use askama::Template;

use crate::{Error, model::Entity};

/// `storage-pg/migrations/<version>_drop_<table>.sql`.
#[derive(Template)]
#[template(path = "storage-pg/drop_migration.sql.askama", escape = "none")]
struct DropMigration<'a> {
    entity: &'a Entity,
}

/// The migration that drops `entity`'s table.
///
/// # Errors
///
/// Fails only if the template fails to render.
pub fn render_drop_migration(entity: &Entity) -> Result<String, Error> {
    let mut text = super::render(&DropMigration { entity })?;
    super::ensure_trailing_newline(&mut text);
    Ok(text)
}
