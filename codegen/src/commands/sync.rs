//! `codegen sync <Name>`: rewrite the generator's regions of an entity's
//! trait, PostgreSQL implementation and tests from its data-model struct,
//! which is the source of truth once it exists.

use std::io::Write;

use crate::{
    Error, Workspace,
    apply::{WorkspaceLock, write_all},
    commands::report::{print_diffs, print_summary, stdout_error},
    input::scan_entities,
    naming,
    plan::{Edit, Layout, Plan},
    render::{RustEdition, Rustfmt, render_entity},
    validate::{Diagnostics, Origin},
};

/// What `sync` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Sync {
    /// The entity.
    pub name: String,
    /// Print the changes instead of writing them.
    pub dry_run: bool,
    /// Colour the diff of a dry run.
    pub color: bool,
}

/// Run `sync` in `workspace`, reporting to `out`.
///
/// # Errors
///
/// Fails when the entity does not exist or its struct breaks the rules, when
/// a file's region markers are missing or broken, or when a file cannot be
/// written; in every case nothing has changed on disk.
pub fn sync(workspace: &Workspace, request: &Sync, out: &mut dyn Write) -> Result<(), Error> {
    let _lock = WorkspaceLock::unless_dry_run(&workspace.root, request.dry_run)?;
    let existing = scan_entities(&workspace.root, &workspace.data_model)?;
    let Some(found) = existing.iter().find(|entity| entity.name == request.name) else {
        let mut diagnostics = Diagnostics::default();
        let names = existing.iter().map(|entity| entity.name.as_str());
        let hint = naming::closest(&request.name, names.clone()).map_or_else(
            || format!("the entities are: {}", names.collect::<Vec<_>>().join(", ")),
            |close| format!("did you mean `{close}`?"),
        );
        diagnostics.push(
            &Origin::Argument {
                position: 0,
                text: request.name.clone(),
            },
            format!(
                "no entity `{}` in the data-model crate; {hint}",
                request.name
            ),
        );
        return Err(Error::Invalid(diagnostics));
    };
    let Some(entity) = &found.model else {
        return Err(Error::Conflict(format!(
            "`{}` in {} does not derive `Entity`, so codegen cannot read it; \
             add `#[derive(Entity)]` to sync it",
            found.name,
            workspace.relative(&found.path).display()
        )));
    };

    let edition = RustEdition::of_crate(&workspace.root, &workspace.storage_pg);
    let rustfmt = Rustfmt::for_workspace(&workspace.root, edition);
    let rendered = render_entity(entity, &workspace.runtime, &rustfmt)?;
    let files = Layout::of(workspace).entity(&found.module);
    let mut plan = Plan::default();
    for (path, rendered) in [
        (files.storage, rendered.storage),
        (files.pg, rendered.storage_pg),
        (files.tests, rendered.tests),
    ] {
        plan.push(Edit::Splice { path, rendered });
    }
    let changes: Vec<_> = plan
        .resolve(&workspace.root, false)?
        .into_iter()
        .filter(|change| change.before != change.after)
        .collect();
    if changes.is_empty() {
        return writeln!(
            out,
            "`{}` is in sync with its struct: nothing to write",
            request.name
        )
        .map_err(stdout_error);
    }
    if request.dry_run {
        return print_diffs(workspace, &changes, request.color, out);
    }
    write_all(&changes)?;
    print_summary(workspace, &changes, out)?;
    writeln!(
        out,
        "\nnext: `codegen db prepare` to refresh .sqlx for the changed queries"
    )
    .map_err(stdout_error)
}
