//! `codegen migrate`: migrations that follow the data-model structs
//! (`diff`), hand-written ones (`add`), and applying and reverting them.

use std::{collections::BTreeMap, io::Write, time::SystemTime};

use crate::{
    Error, Workspace,
    apply::{WorkspaceLock, write_all},
    commands::report::{print_diffs, print_summary, stdout_error},
    db::with_migrated_scratch,
    plan::{Edit, Layout, Plan, next_migration_version},
    render::render_migration,
    schema::{
        diff::{Supplied, diff},
        introspect::introspect,
        sql,
    },
    validate::{Diagnostics, Origin},
};

/// What `migrate diff` was asked for.
#[derive(Debug, Clone, Default)]
pub struct MigrateDiff {
    /// The migration's description, for its file name.
    pub description: Option<String>,
    /// Write an up and a down migration.
    pub reversible: bool,
    /// `table.column=SQL`: values for rows that get a new NOT NULL column.
    pub defaults: Vec<String>,
    /// `table.column=SQL`: conversions for type changes.
    pub casts: Vec<String>,
    /// Print the changes instead of writing them.
    pub dry_run: bool,
    /// Colour the diff of a dry run.
    pub color: bool,
}

/// Run `migrate diff` in `workspace`, reporting to `out`.
///
/// # Errors
///
/// Fails when a struct breaks the rules, an option is malformed, the
/// migrations cannot be applied to a scratch database, or a change cannot be
/// made safely without something the person must supply; nothing is written
/// then.
pub fn migrate_diff(
    workspace: &Workspace,
    request: &MigrateDiff,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let supplied = parse_supplied(request)?;
    let entities: Vec<_> = workspace.entity_models()?;
    let actual = with_migrated_scratch(workspace, |database| introspect(|sql| database.rows(sql)))?;
    let changes = diff(&actual, &entities, &supplied).map_err(Error::Invalid)?;
    if changes.is_empty() {
        return writeln!(
            out,
            "the migrations already give the schema the data model describes: nothing to write"
        )
        .map_err(stdout_error);
    }

    let up = sql::up(&changes, render_migration)?;
    let header = "-- Written by `codegen migrate diff`: from the schema of the migrations before\n\
                  -- this one to the schema the data-model structs describe.\n";
    let description = file_description(request.description.as_deref().unwrap_or("update_schema"));
    let layout = Layout::of(workspace);
    let version = next_migration_version(layout.migrations(), SystemTime::now())?;
    let mut plan = Plan::default();
    if request.reversible {
        plan.push(Edit::Create {
            path: layout.migration(version, &description, "up.sql"),
            contents: workspace.with_sql_header(format!("{header}{up}")),
        });
        plan.push(Edit::Create {
            path: layout.migration(version, &description, "down.sql"),
            contents: workspace.with_sql_header(format!(
                "-- Reverts {version}_{description}.up.sql.\n{}",
                sql::down(&changes)
            )),
        });
    } else {
        plan.push(Edit::Create {
            path: layout.migration(version, &description, "sql"),
            contents: workspace.with_sql_header(format!("{header}{up}")),
        });
    }
    write_plan(workspace, &plan, request.dry_run, request.color, out)?;
    if !request.dry_run {
        writeln!(
            out,
            "\nnext: `codegen migrate run`, then `codegen sync <Entity>` for each changed entity"
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}

/// What `migrate add` was asked for.
#[derive(Debug, Clone, Default)]
pub struct MigrateAdd {
    /// The migration's description, for its file name.
    pub description: String,
    /// Write an up and a down migration.
    pub reversible: bool,
    /// Print the changes instead of writing them.
    pub dry_run: bool,
    /// Colour the diff of a dry run.
    pub color: bool,
}

/// Run `migrate add`: an empty migration for the person to write, named as
/// sqlx-cli names them.
///
/// # Errors
///
/// Fails when the description is empty or a file cannot be written.
pub fn migrate_add(
    workspace: &Workspace,
    request: &MigrateAdd,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let description = file_description(&request.description);
    if description.is_empty() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            &Origin::Argument {
                position: 0,
                text: request.description.clone(),
            },
            "the description has no letters or digits; describe the migration, such as `backfill_names`",
        );
        return Err(Error::Invalid(diagnostics));
    }
    let layout = Layout::of(workspace);
    let version = next_migration_version(layout.migrations(), SystemTime::now())?;
    let mut plan = Plan::default();
    let files: &[(&str, &str)] = if request.reversible {
        &[
            ("up.sql", "-- Write the migration here.\n"),
            (
                "down.sql",
                "-- Write here what reverts the .up.sql beside this file.\n",
            ),
        ]
    } else {
        &[("sql", "-- Write the migration here.\n")]
    };
    for (extension, contents) in files {
        plan.push(Edit::Create {
            path: layout.migration(version, &description, extension),
            contents: workspace.with_sql_header((*contents).to_owned()),
        });
    }
    write_plan(workspace, &plan, request.dry_run, request.color, out)
}

fn write_plan(
    workspace: &Workspace,
    plan: &Plan,
    dry_run: bool,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let _lock = WorkspaceLock::unless_dry_run(&workspace.root, dry_run)?;
    let changes = plan.resolve(&workspace.root, false)?;
    if dry_run {
        return print_diffs(workspace, &changes, color, out);
    }
    write_all(&changes)?;
    print_summary(workspace, &changes, out)
}

/// `Add Device notes!` as `add_device_notes`: lowercase words joined by `_`.
fn file_description(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// The `--default` and `--using` values, each `table.column=SQL`.
fn parse_supplied(request: &MigrateDiff) -> Result<Supplied, Error> {
    let mut diagnostics = Diagnostics::default();
    let mut parse = |name: &'static str, values: &[String]| {
        let mut parsed = BTreeMap::new();
        for value in values {
            let origin = Origin::Option {
                name,
                value: value.clone(),
            };
            match value.split_once('=') {
                Some((key, sql)) if key.contains('.') && !sql.trim().is_empty() => {
                    if parsed.insert(key.trim().to_owned(), sql.trim().to_owned()).is_some() {
                        diagnostics.push(&origin, format!("`{}` is given twice; give it once", key.trim()));
                    }
                }
                _ => diagnostics.push(
                    &origin,
                    format!("write it as `{name} <table>.<column>=<SQL>`, such as `{name} devices.serial=0`"),
                ),
            }
        }
        parsed
    };
    let defaults = parse("--default", &request.defaults);
    let casts = parse("--using", &request.casts);
    diagnostics
        .finish(Supplied { defaults, casts })
        .map_err(Error::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_become_file_names() {
        assert_eq!(file_description("Add Device notes!"), "add_device_notes");
        assert_eq!(file_description("rename_colour"), "rename_colour");
        assert_eq!(file_description("  --  "), "");
    }

    #[test]
    fn supplied_values_are_checked() {
        let request = MigrateDiff {
            defaults: vec!["devices.serial=0".to_owned(), "serial=0".to_owned()],
            casts: vec![
                "devices.name=name::integer".to_owned(),
                "devices.name=1".to_owned(),
            ],
            ..MigrateDiff::default()
        };
        let error = parse_supplied(&request).unwrap_err().to_string();
        assert!(
            error.contains("`--default serial=0`: write it as"),
            "{error}"
        );
        assert!(error.contains("`devices.name` is given twice"), "{error}");

        let request = MigrateDiff {
            defaults: vec!["devices.serial = 0".to_owned()],
            ..MigrateDiff::default()
        };
        let supplied = parse_supplied(&request).unwrap();
        assert_eq!(
            supplied.defaults.get("devices.serial").map(String::as_str),
            Some("0")
        );
    }
}
