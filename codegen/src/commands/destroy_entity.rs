//! `codegen destroy-entity`: take out everything `new-entity` put in for an
//! entity, files and inserted lines, and undo its table.
//!
//! What `new-entity` wrote is known by writing it again: the entity's
//! data-model struct goes through the same render and plan, and each file it
//! would create and each item it would insert is looked for in the tree. A
//! file or item that differs from what the generator makes is a person's
//! work, and is only removed with `--force`.

use std::{io::Write, time::SystemTime};

use crate::{
    Error, Workspace,
    apply::{WorkspaceLock, write_all},
    commands::{
        regenerate::{regenerate, workspace_rustfmt},
        report::{print_diffs, print_summary, stdout_error},
        undo::Undo,
    },
    db::{Applied, migration_applied},
    input::ExistingEntity,
    inspect::{live_tables, migrations},
    model::{Entity, FieldType},
    naming,
    offline::{OfflineFormat, checked_queries, file_name},
    plan::{Edit, Layout, next_migration_version, read_if_exists},
    render::render_drop_migration,
    validate::{Diagnostics, Origin},
};

/// What `destroy-entity` was asked for.
#[derive(Debug, Clone, Default)]
pub struct DestroyEntity {
    /// The entity's name.
    pub name: String,
    /// Print the changes instead of making them.
    pub dry_run: bool,
    /// Remove what was edited since `new-entity` wrote it, too.
    pub force: bool,
    /// Colour the diff of a dry run.
    pub color: bool,
}

/// Run `destroy-entity` in `workspace`, reporting to `out`.
///
/// # Errors
///
/// Fails when the entity does not exist, is referenced by another, was not
/// written by the generator, or was edited since (without `force`), and when
/// a file cannot be written; in every case nothing has changed on disk.
pub fn destroy_entity(
    workspace: &Workspace,
    request: &DestroyEntity,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let _lock = WorkspaceLock::unless_dry_run(&workspace.root, request.dry_run)?;
    let existing = workspace.entities()?;
    let target = find_entity(workspace, &existing, &request.name)?;
    check_unreferenced(workspace, &existing, target)?;
    let entity = target.model.as_ref().ok_or_else(|| {
        Error::Conflict(format!(
            "nothing was changed, because `{}` in {} does not derive `Entity`, so codegen \
             cannot tell what was generated for it; remove it by hand",
            target.name,
            workspace.relative(&target.path).display()
        ))
    })?;

    let plan = regenerate(workspace, entity, &workspace_rustfmt(workspace))?;
    let mut undo = Undo::new(&workspace.root, request.force);
    let mut migration = None;
    for edit in plan.edits() {
        match edit {
            Edit::Create { path, contents } if Layout::of(workspace).is_migration(path) => {
                migration = Some(contents.as_str());
            }
            Edit::Create { path, contents } => undo.delete(path, contents)?,
            Edit::Insert { path, anchor, text } => undo.take_out(path, anchor, text)?,
            // Derived data: deleted whatever it holds, if it is there.
            Edit::Replace { path, .. } => undo.delete_derived(path)?,
            // new-entity creates, inserts and writes derived data; it
            // rewrites no regions and deletes nothing.
            Edit::Splice { .. } | Edit::Delete { .. } => {}
        }
    }
    // And those of the module's queries as they are now, should they
    // differ from the struct's (a struct edited since its last sync).
    let layout = Layout::of(workspace);
    if let Some(module) = read_if_exists(&layout.entity(&entity.module).pg)? {
        for query in checked_queries(&module) {
            undo.delete_derived(&layout.offline_file(&file_name(&query.text)))?;
        }
    }
    let note = match migration {
        Some(contents) => undo_migration(workspace, entity, contents, &mut undo)?,
        None => None,
    };
    let changes = undo.finish()?;

    if request.dry_run {
        print_diffs(workspace, &changes, request.color, out)?;
    } else {
        write_all(&changes)?;
        print_summary(workspace, &changes, out)?;
    }
    if let Some(note) = note {
        writeln!(out, "\n{note}").map_err(stdout_error)?;
    }
    // With a format codegen knows, the offline data went with the rest.
    if !request.dry_run
        && let Err(why) = OfflineFormat::of_workspace(&workspace.root)
    {
        writeln!(
            out,
            "\nnext: `codegen db prepare` to refresh .sqlx without `{}`'s queries ({why})",
            entity.name
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}

/// The entity called `name`, or an error that suggests the closest name.
fn find_entity<'a>(
    workspace: &Workspace,
    existing: &'a [ExistingEntity],
    name: &str,
) -> Result<&'a ExistingEntity, Error> {
    if let Some(found) = existing.iter().find(|entity| entity.name == name) {
        return Ok(found);
    }
    let names = existing.iter().map(|entity| entity.name.as_str());
    let hint = naming::closest(name, names)
        .map_or_else(String::new, |closest| format!("did you mean `{closest}`? "));
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(
        &Origin::Argument {
            position: 0,
            text: name.to_owned(),
        },
        format!(
            "no entity `{name}` in {}; {hint}`codegen list` shows the entities",
            workspace.relative(&workspace.data_model).display()
        ),
    );
    Err(Error::Invalid(diagnostics))
}

/// Refuse while another entity's field references `target`: its code and
/// foreign key would be left pointing at nothing.
fn check_unreferenced(
    workspace: &Workspace,
    existing: &[ExistingEntity],
    target: &ExistingEntity,
) -> Result<(), Error> {
    let referrers: Vec<String> = existing
        .iter()
        .filter_map(|other| Some((other, other.model.as_ref()?)))
        .flat_map(|(other, model)| {
            model
                .fields
                .iter()
                .filter_map(move |field| match &field.ty {
                    FieldType::Reference(reference) if reference.entity == target.name => {
                        Some(format!(
                            "  `{}` references it in field `{}` ({})",
                            other.name,
                            field.name,
                            workspace.relative(&other.path).display()
                        ))
                    }
                    _ => None,
                })
        })
        .collect();
    if referrers.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "nothing was changed, because other entities reference `{}`:\n{}\ndestroy them first, \
         or remove those fields",
        target.name,
        referrers.join("\n")
    )))
}

/// Take back the migration that created `entity`'s table (its expected
/// text is `expected`): delete it if it is the newest and the development
/// database has not applied it, or else write one that drops the table.
/// Returns what to tell the user about it.
fn undo_migration(
    workspace: &Workspace,
    entity: &Entity,
    expected: &str,
    undo: &mut Undo,
) -> Result<Option<String>, Error> {
    let layout = Layout::of(workspace);
    let migrations = migrations(layout.migrations())?;
    let tables = live_tables(&migrations);
    let Some(created) = tables
        .get(entity.table.as_str())
        .and_then(|path| migrations.iter().find(|m| m.path == *path))
    else {
        undo.missing(
            layout.migrations(),
            format!("holds no migration that creates table `{}`", entity.table),
        );
        return Ok(None);
    };
    let (version, path) = (created.version, &created.path);
    let shown = workspace.relative(path).display().to_string();
    if !undo.is_clean() {
        // Someone must look at the tree first; no need to ask a database.
        return Ok(None);
    }
    // A migration that is kept is not compared with what `new-entity`
    // wrote: once the struct has changed, the text rendered from it differs
    // from the migration anyway, and keeping it loses nothing.
    let newest = migrations.iter().all(|other| other.version <= version);
    let why = if newest {
        match migration_applied(workspace, version)? {
            Applied::No { database } => {
                undo.delete(path, expected)?;
                return Ok(Some(format!(
                    "deleted {shown}: it is the newest migration and the database \
                     {database} has not applied it"
                )));
            }
            Applied::Yes { database } => {
                format!("the database {database} has applied it")
            }
            Applied::Unknown { reason } => format!(
                "codegen cannot tell whether your database has applied it: {reason} (name the \
                 database with `--database-url` or `DATABASE_URL` to let codegen check, and \
                 delete both migrations by hand if no database ever applied it)"
            ),
        }
    } else {
        "it is not the newest migration, so later ones may depend on its table".to_owned()
    };
    let drop_version = next_migration_version(layout.migrations(), SystemTime::now())?;
    let drop_path = layout.drop_migration(drop_version, &entity.table);
    undo.create(
        &drop_path,
        workspace.with_sql_header(render_drop_migration(entity)?),
    );
    Ok(Some(format!(
        "kept {shown} and wrote {} to drop table `{}`: {why}",
        workspace.relative(&drop_path).display(),
        entity.table
    )))
}
