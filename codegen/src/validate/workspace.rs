//! The rules for a new entity against the workspace it joins: its name,
//! table and module must be free.

use crate::{
    input::ExistingEntity,
    model::{Diagnostics, Entity},
};

/// Check that `entity`'s name, table and module are not taken by one of the
/// `existing` entities.
pub(super) fn check_free(
    entity: &Entity,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) {
    let name = entity.name.as_str();
    let origin = &entity.origin;
    if let Some(taken) = existing.iter().find(|other| other.name == name) {
        diagnostics.push(
            origin,
            format!(
                "entity `{name}` already exists in `{}`; choose another name, \
                 or edit that struct to change the entity",
                taken.path.display()
            ),
        );
        return;
    }
    let table = &entity.table;
    let module = &entity.module;
    if let Some(taken) = existing.iter().find(|other| other.table == *table) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` would be stored in table `{table}`, which entity `{}` already uses; \
                 choose another name",
                taken.name
            ),
        );
    } else if let Some(taken) = existing.iter().find(|other| other.module == *module) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` would be written to module `{module}`, which `{}` already uses; \
                 choose another name",
                taken.name
            ),
        );
    }
}
