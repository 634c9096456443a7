//! `codegen sync <Name>`: rewrite the generator's regions of an entity's
//! trait, PostgreSQL implementation and tests from its data-model struct,
//! which is the source of truth once it exists, and the offline data of
//! its queries with them.

use std::{collections::BTreeSet, io::Write, path::Path};

use crate::{
    Error, Workspace,
    apply::{WorkspaceLock, write_all},
    commands::{
        new_entity,
        report::{print_diffs, print_summary, stdout_error},
    },
    model::Entity,
    naming,
    offline::{OfflineFormat, checked_queries, file_name},
    plan::{Edit, FileChange, Layout, Plan},
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
    let existing = workspace.entities()?;
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
    let layout = Layout::of(workspace);
    let files = layout.entity(&found.module);
    let mut plan = Plan::default();
    for (path, rendered) in [
        (files.storage, rendered.storage),
        (files.pg.clone(), rendered.storage_pg),
        (files.tests, rendered.tests),
    ] {
        plan.push(Edit::Splice { path, rendered });
    }
    let mut changes = plan.resolve(&workspace.root, false)?;
    let offline = offline_data(workspace, entity, &layout, &changes, &files.pg);
    changes.extend(offline.resolve(&workspace.root, false)?);
    changes.retain(|change| change.before != change.after);
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
    match OfflineFormat::of_workspace(&workspace.root) {
        Ok(_) => Ok(()),
        Err(why) => writeln!(
            out,
            "\nnext: `codegen db prepare` to refresh .sqlx for the changed queries ({why})"
        )
        .map_err(stdout_error),
    }
}

/// The offline data of the entity's queries as the struct gives them, and
/// the deletion of the files of those the PostgreSQL module held before
/// `changes` and holds no more. A query outside the generator's regions
/// is in the module before and after, so its file stays.
fn offline_data(
    workspace: &Workspace,
    entity: &Entity,
    layout: &Layout,
    changes: &[FileChange],
    pg: &Path,
) -> Plan {
    let mut plan = new_entity::offline_data(workspace, entity);
    if plan.edits().is_empty() {
        return plan;
    }
    let Some(module) = changes.iter().find(|change| change.path == pg) else {
        return plan;
    };
    let names = |text: &Option<String>| -> BTreeSet<String> {
        text.as_deref()
            .map(checked_queries)
            .unwrap_or_default()
            .iter()
            .map(|query| file_name(&query.text))
            .collect()
    };
    let kept = names(&module.after);
    for gone in names(&module.before).difference(&kept) {
        let path = layout.offline_file(gone);
        if !plan.edits().iter().any(|edit| edit.path() == path) {
            plan.push(Edit::Delete { path });
        }
    }
    plan
}
