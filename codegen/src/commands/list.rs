//! `codegen list`: the entities, and where each of their parts lives.

use std::io::Write;

use crate::{
    Error, Workspace,
    commands::report::stdout_error,
    config::Wiring,
    inspect::{EntityParts, Location, entity_parts},
};

/// Print every entity of `workspace` with the place of each of its parts,
/// `missing` for a part that is not there.
///
/// # Errors
///
/// Fails when the workspace cannot be read, or `out` written.
pub fn list(workspace: &Workspace, out: &mut dyn Write) -> Result<(), Error> {
    let entities = entity_parts(workspace)?;
    if entities.is_empty() {
        writeln!(
            out,
            "no entities in {}; add one with `codegen new-entity`",
            workspace.relative(&workspace.data_model).display()
        )
        .map_err(stdout_error)?;
    }
    for (index, entity) in entities.iter().enumerate() {
        if index > 0 {
            writeln!(out).map_err(stdout_error)?;
        }
        write!(out, "{}", describe(workspace, entity)).map_err(stdout_error)?;
    }
    Ok(())
}

fn describe(workspace: &Workspace, entity: &EntityParts) -> String {
    let shown = |location: Option<&Location>| {
        location.map_or_else(|| "missing".to_owned(), ToString::to_string)
    };
    let mut lines = vec![
        format!("{} (table `{}`)", entity.name, entity.table),
        format!("  struct          {}", entity.data_model),
        format!("  repository      {}", shown(entity.repository.as_ref())),
    ];
    if workspace.wiring == Wiring::BuildScript {
        lines.push(format!(
            "  accessors       written at build time by {}/build.rs and {}/build.rs",
            workspace.relative(&workspace.storage).display(),
            workspace.relative(&workspace.storage_pg).display()
        ));
    }
    for (index, (site, accessor)) in entity.accessors.iter().enumerate() {
        let label = if index == 0 { "accessors" } else { "" };
        lines.push(format!(
            "  {label:<15} {}  in {site}",
            shown(accessor.as_ref())
        ));
    }
    lines.push(format!(
        "  postgres        {}",
        shown(entity.implementation.as_ref())
    ));
    let path = |path: Option<&std::path::PathBuf>| {
        path.map_or_else(|| "missing".to_owned(), |path| path.display().to_string())
    };
    lines.push(format!(
        "  migration       {}",
        path(entity.migration.as_ref())
    ));
    lines.push(format!("  tests           {}", path(entity.tests.as_ref())));
    lines.iter().map(|line| format!("{line}\n")).collect()
}
