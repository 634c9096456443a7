//! `codegen check`: whether the workspace is in sync, for CI. Each finding
//! says what is out of sync, where, and how to bring it back.

use std::{io::Write, path::PathBuf};

use crate::{
    Error, Workspace,
    commands::{
        regenerate::{regenerate, workspace_rustfmt},
        report::stdout_error,
    },
    db,
    input::{ExistingEntity, scan_entities},
    inspect::{
        Location, Wiring, access_sites, live_tables, migrations, missing_wiring, read_sources,
        repository_traits,
    },
    plan::Edit,
    validate::Origin,
};

/// What `check` was asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check {
    /// How the workspace wires its repositories into `RepositoryAccess`.
    pub wiring: Wiring,
    /// Leave out the `.sqlx` check, which needs a database and a build.
    pub skip_sqlx: bool,
}

/// Check `workspace`, reporting to `out` when it is in sync.
///
/// # Errors
///
/// [`Error::OutOfSync`] with every finding; other errors when the
/// workspace cannot be read or a tool cannot run.
pub fn check(workspace: &Workspace, request: Check, out: &mut dyn Write) -> Result<(), Error> {
    let entities = scan_entities(&workspace.root, &workspace.data_model)?;
    let mut findings = wiring_findings(workspace, request.wiring)?;
    findings.extend(migration_findings(workspace, &entities)?);
    findings.extend(format_findings(workspace, &entities)?);
    if !request.skip_sqlx
        && let Some(stale) = db::check_offline_data(workspace)?
    {
        findings.push(format!("{stale}; run `codegen db prepare` to refresh it"));
    }
    if !findings.is_empty() {
        return Err(Error::OutOfSync(findings));
    }
    let sqlx = if request.skip_sqlx { "" } else { ", .sqlx" };
    writeln!(
        out,
        "in sync: {} entities, their wiring, migrations, formatting{sqlx}",
        entities.len()
    )
    .map_err(stdout_error)
}

/// Every repository trait without its accessor somewhere it needs one.
fn wiring_findings(workspace: &Workspace, wiring: Wiring) -> Result<Vec<String>, Error> {
    let storage = read_sources(&workspace.root, &workspace.storage.join("src"))?;
    let pg = read_sources(&workspace.root, &workspace.storage_pg.join("src"))?;
    Ok(missing_wiring(
        wiring,
        &repository_traits(&storage),
        &access_sites(storage.iter().chain(&pg)),
    ))
}

/// Every entity whose table no migration leaves in place.
fn migration_findings(
    workspace: &Workspace,
    entities: &[ExistingEntity],
) -> Result<Vec<String>, Error> {
    let migrations = migrations(&workspace.migrations)?;
    let tables = live_tables(&migrations);
    let dir = workspace.relative(&workspace.migrations).display();
    Ok(entities
        .iter()
        .filter(|entity| !tables.contains_key(entity.table.as_str()))
        .map(|entity| {
            format!(
                "{}: entity `{}` has no migration that creates its table `{}`; add one to {dir} \
                 (`sqlx migrate add --source {dir} create_{}`)",
                struct_location(workspace, entity),
                entity.name,
                entity.table,
                entity.table
            )
        })
        .collect())
}

/// Every file `new-entity` writes for the workspace's entities that
/// rustfmt would change.
fn format_findings(
    workspace: &Workspace,
    entities: &[ExistingEntity],
) -> Result<Vec<String>, Error> {
    let rustfmt = workspace_rustfmt(workspace);
    let mut generated: Vec<PathBuf> = Vec::new();
    for entity in entities {
        let Some(model) = &entity.model else {
            continue;
        };
        let plan = regenerate(workspace, model, &rustfmt)?;
        let paths = plan.edits().iter().map(Edit::path);
        for path in paths {
            let is_rust = path.extension().is_some_and(|ext| ext == "rs");
            if is_rust && path.is_file() && !generated.iter().any(|seen| seen == path) {
                generated.push(path.to_path_buf());
            }
        }
    }
    if generated.is_empty() {
        return Ok(Vec::new());
    }
    Ok(rustfmt
        .unformatted(&generated)?
        .into_iter()
        .map(|(path, line)| {
            let location = Location {
                path: workspace.relative(&path).to_path_buf(),
                line,
            };
            format!("{location}: not rustfmt-clean; run `cargo fmt`")
        })
        .collect())
}

/// Where an entity's struct is, as precisely as known.
fn struct_location(workspace: &Workspace, entity: &ExistingEntity) -> String {
    match entity.model.as_ref().map(|model| &model.origin) {
        Some(origin @ Origin::File { .. }) => origin.to_string(),
        _ => workspace.relative(&entity.path).display().to_string(),
    }
}
