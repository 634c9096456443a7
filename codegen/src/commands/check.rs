//! `codegen check`: whether the workspace is in sync, for CI. Each finding
//! says what is out of sync, where, and how to bring it back.

use std::{io::Write, path::PathBuf, time::Instant};

use crate::{
    Error, Workspace,
    commands::{
        regenerate::{regenerate, workspace_rustfmt},
        report::stdout_error,
    },
    config::Wiring,
    db,
    input::ExistingEntity,
    inspect::{
        Location, access_sites, live_tables, migrations, missing_implementations, missing_wiring,
        read_sources, repository_traits,
    },
    model::Entity,
    offline::{self, OfflineFormat, Problem},
    plan::{Edit, Layout},
    progress,
    schema::{
        diff::{Supplied, diff},
        introspect::introspect,
        sql,
    },
    validate::Origin,
};

/// What `check` was asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check {
    /// How to check `.sqlx`.
    pub sqlx: SqlxCheck,
}

/// How `check` checks `.sqlx`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SqlxCheck {
    /// The offline data of the generated queries, computed from the
    /// data-model structs and compared file by file: no database, no
    /// build.
    #[default]
    Model,
    /// `cargo sqlx prepare --workspace --check` on the scratch database:
    /// every checked query, hand-written ones too, at the cost of a build.
    Full,
    /// Not at all.
    None,
}

/// Check `workspace`, reporting to `out` when it is in sync.
///
/// # Errors
///
/// [`Error::OutOfSync`] with every finding; other errors when the
/// workspace cannot be read or a tool cannot run.
pub fn check(workspace: &Workspace, request: Check, out: &mut dyn Write) -> Result<(), Error> {
    let entities = workspace.entities()?;
    let mut findings = wiring_findings(workspace)?;
    findings.extend(migration_findings(workspace, &entities)?);
    findings.extend(format_findings(workspace, &entities)?);
    // One database made from the migrations alone serves both checks that
    // need one; the development database is never touched.
    let models: Vec<_> = entities
        .iter()
        .filter_map(|entity| entity.model.clone())
        .collect();
    // First, as it needs nothing and takes no time.
    let sqlx = match request.sqlx {
        SqlxCheck::Model => {
            let (found, said) = offline_data_findings(workspace, &models)?;
            findings.extend(found);
            said
        }
        SqlxCheck::Full => ", .sqlx of every query (cargo sqlx prepare --check)".to_owned(),
        SqlxCheck::None => String::new(),
    };
    findings.extend(db::with_migrated_scratch(workspace, |database| {
        let mut found = schema_findings(database, &models)?;
        if request.sqlx == SqlxCheck::Full
            && let Some(stale) = db::check_offline_data(workspace, database)?
        {
            found.push(format!("{stale}; run `codegen db prepare` to refresh it"));
        }
        Ok(found)
    })?);
    if !findings.is_empty() {
        return Err(Error::OutOfSync(findings));
    }
    writeln!(
        out,
        "in sync: {} entities, their wiring, migrations and schema, formatting{sqlx}",
        models.len()
    )
    .map_err(stdout_error)
}

/// Every generated query whose offline data `.sqlx` lacks or holds
/// otherwise than the model gives it, and what the summary says of the
/// check: which it was, or why it did not run.
fn offline_data_findings(
    workspace: &Workspace,
    models: &[Entity],
) -> Result<(Vec<String>, String), Error> {
    let started = Instant::now();
    let format = match OfflineFormat::of_workspace(&workspace.root) {
        Ok(format) => format,
        Err(why) => {
            progress::phase(format_args!(
                ".sqlx not checked: {why}; `codegen check --sqlx=full` checks it with sqlx-cli"
            ));
            return Ok((Vec::new(), ", but not .sqlx".to_owned()));
        }
    };
    let layout = Layout::of(workspace);
    let verified = offline::verify(layout.offline_data(), models, format)?;
    progress::phase(format_args!(
        "checked the offline data of {} generated queries from the model, with no database \
         or build, in {:.1} ms; `--sqlx=full` checks hand-written queries too",
        verified.files,
        started.elapsed().as_secs_f64() * 1000.0
    ));
    let findings = verified
        .findings
        .into_iter()
        .map(|finding| {
            let (what, fix) = match finding.problem {
                Problem::Missing => ("is missing", "write it"),
                Problem::Stale => ("is not what the struct gives", "rewrite it"),
            };
            format!(
                "{}: the offline data of the query of {} {what}; run `codegen sync {}` to {fix}",
                workspace.relative(&finding.path).display(),
                finding.query(),
                finding.entity
            )
        })
        .collect();
    Ok((
        findings,
        ", .sqlx of the generated queries (from the model)".to_owned(),
    ))
}

/// How the schema the migrations give differs from the one the data-model
/// structs describe, as one finding with the statements that are missing.
fn schema_findings(database: &mut db::Connected, models: &[Entity]) -> Result<Vec<String>, Error> {
    let actual = introspect(|sql| database.rows(sql))?;
    let statements = match diff(&actual, models, &Supplied::default()) {
        Ok(changes) if changes.is_empty() => return Ok(Vec::new()),
        Ok(changes) => sql::up(&changes, |entity| {
            Ok::<_, Error>(format!("CREATE TABLE {} (...);", entity.table))
        })?,
        Err(unsafe_changes) => unsafe_changes.to_string(),
    };
    Ok(vec![format!(
        "the migrations do not give the schema the data-model structs describe; \
         run `codegen migrate diff` to write the migration for:\n{}",
        crate::error::indented(&statements.lines().map(str::to_owned).collect::<Vec<_>>())
    )])
}

/// Every repository trait without its accessor somewhere it needs one: in
/// the hand-kept wiring, or, with build scripts, in what they can write.
fn wiring_findings(workspace: &Workspace) -> Result<Vec<String>, Error> {
    let layout = Layout::of(workspace);
    let storage = read_sources(&workspace.root, layout.storage_src())?;
    let pg = read_sources(&workspace.root, layout.pg_src())?;
    let repositories = repository_traits(&storage);
    match workspace.wiring {
        Wiring::Inline => Ok(missing_wiring(
            &repositories,
            &access_sites(storage.iter().chain(&pg)),
        )),
        Wiring::BuildScript => {
            let mut findings = build_script_findings(workspace)?;
            findings.extend(missing_implementations(&repositories, &pg, "storage-pg"));
            Ok(findings)
        }
    }
}

/// With `wiring = "build-script"`: each crate's `build.rs` writes its part
/// of the wiring and its source includes it.
fn build_script_findings(workspace: &Workspace) -> Result<Vec<String>, Error> {
    let mut findings = Vec::new();
    let layout = Layout::of(workspace);
    let crates = [
        (
            &workspace.storage,
            layout.storage_src(),
            "write_repository_access",
        ),
        (
            &workspace.storage_pg,
            layout.pg_src(),
            "write_backend_access",
        ),
    ];
    for (dir, src, writer) in crates {
        let shown = workspace.relative(dir).display().to_string();
        let build = std::fs::read_to_string(dir.join("build.rs")).unwrap_or_default();
        if !build.contains(&format!("codegen::build::{writer}")) {
            findings.push(format!(
                "{shown}/build.rs does not call `codegen::build::{writer}`, which writes the \
                 wiring when codegen.toml says `wiring = \"build-script\"`; call it there, \
                 or keep the wiring by hand with `wiring = \"inline\"`"
            ));
        }
        let included = read_sources(&workspace.root, src)?.iter().any(|file| {
            std::fs::read_to_string(workspace.root.join(&file.path))
                .is_ok_and(|text| text.contains("/repository_access.rs\")"))
        });
        if !included {
            findings.push(format!(
                "{shown}/src includes no `repository_access.rs`; add \
                 `include!(concat!(env!(\"OUT_DIR\"), \"/repository_access.rs\"));` \
                 where the wiring belongs"
            ));
        }
    }
    Ok(findings)
}

/// Every entity whose table no migration leaves in place.
fn migration_findings(
    workspace: &Workspace,
    entities: &[ExistingEntity],
) -> Result<Vec<String>, Error> {
    let layout = Layout::of(workspace);
    let migrations = migrations(layout.migrations())?;
    let tables = live_tables(&migrations);
    let dir = workspace.relative(layout.migrations()).display();
    Ok(entities
        .iter()
        .filter(|entity| entity.is_managed() && !tables.contains_key(entity.table.as_str()))
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
        let plan = match regenerate(workspace, model, &rustfmt) {
            Ok(plan) => plan,
            // Wiring with nowhere to go is a wiring finding already.
            Err(Error::Conflict(_)) => continue,
            Err(error) => return Err(error),
        };
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
