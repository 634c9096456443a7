//! What `new-entity` writes for an entity the workspace already holds, made
//! again from its data-model struct (the source of truth) by the very same
//! pipeline: `destroy-entity` compares it with the tree to know what to take
//! out and whether a person has edited it, and `check` to know which files
//! are generated.

use std::time::SystemTime;

use crate::{
    Error, Workspace,
    commands::new_entity::plan,
    model::Entity,
    plan::Plan,
    render::{RustEdition, Rustfmt, render_entity},
};

/// rustfmt as `cargo fmt` runs it on the workspace's storage-pg crate.
pub fn workspace_rustfmt(workspace: &Workspace) -> Rustfmt {
    let edition = RustEdition::of_crate(&workspace.root, &workspace.storage_pg);
    Rustfmt::for_workspace(&workspace.root, edition)
}

/// The edits `new-entity` would make to add `entity` to `workspace` now.
/// The migration among them is named for `now`; the one in the tree has an
/// older version.
///
/// # Errors
///
/// As rendering and planning in `new-entity`.
pub fn regenerate(
    workspace: &Workspace,
    entity: &Entity,
    rustfmt: &Rustfmt,
) -> Result<Plan, Error> {
    let rendered = render_entity(entity, &workspace.runtime, rustfmt)?;
    plan(workspace, entity, rendered, SystemTime::now())
}
