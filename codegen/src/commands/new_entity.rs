//! `codegen new-entity`: one command from a name and field specs to a
//! compiling, tested entity in every crate.

use std::{io::Write, path::Path, time::SystemTime};

use crate::{
    Error, Workspace,
    apply::{WorkspaceLock, write_all},
    commands::{
        regenerate::workspace_rustfmt,
        report::{print_diffs, print_summary, stdout_error},
    },
    config::Wiring,
    input::parse_entity_spec,
    model::Entity,
    offline::{OfflineFormat, entity_files},
    plan::{Anchor, Edit, Layout, Plan, body_indent, find_file_holding, next_migration_version},
    render::{RenderedEntity, Rustfmt, render_entity},
    validate::{Diagnostics, check_new_entity},
};

/// What `new-entity` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewEntity {
    /// The entity name.
    pub name: String,
    /// The field specs, as typed.
    pub fields: Vec<String>,
    /// Print the changes instead of writing them.
    pub dry_run: bool,
    /// Replace files that exist already.
    pub force: bool,
    /// Colour the diff of a dry run.
    pub color: bool,
}

/// Run `new-entity` in `workspace`, reporting to `out`.
///
/// # Errors
///
/// Fails on invalid input, on conflicts with the tree, or when a file cannot
/// be written; in every case nothing has changed on disk.
pub fn new_entity(
    workspace: &Workspace,
    request: &NewEntity,
    out: &mut dyn Write,
) -> Result<(), Error> {
    // Held from before the tree is read until it is written.
    let _lock = WorkspaceLock::unless_dry_run(&workspace.root, request.dry_run)?;
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(&request.name, &request.fields, &mut diagnostics);
    let existing = workspace.entities()?;
    let entity = check_new_entity(&spec, &existing, diagnostics).map_err(Error::Invalid)?;

    let rendered = render_entity(&entity, &workspace.runtime, &workspace_rustfmt(workspace))?;

    let plan = plan(workspace, &entity, rendered, SystemTime::now())?;
    let changes = plan.resolve(&workspace.root, request.force)?;
    if request.dry_run {
        return print_diffs(workspace, &changes, request.color, out);
    }
    write_all(&changes)?;
    print_summary(workspace, &changes, out)?;
    let test = format!("cargo test -p {}", pg_package(workspace));
    let next = match OfflineFormat::of_workspace(&workspace.root) {
        Ok(_) => format!(
            "`{test}`; .sqlx holds the new queries' offline data, so the workspace builds with \
             no database"
        ),
        Err(why) => format!("`codegen db prepare` to refresh .sqlx ({why}), then `{test}`"),
    };
    writeln!(out, "\nnext: {next}").map_err(stdout_error)
}

/// The edits that add `entity` to `workspace`, its queries' offline data
/// among them when codegen knows the format of the workspace's sqlx;
/// `destroy-entity` and `check` read them too, to know what `new-entity`
/// writes.
pub fn plan(
    workspace: &Workspace,
    entity: &Entity,
    rendered: RenderedEntity,
    now: SystemTime,
) -> Result<Plan, Error> {
    let module = &entity.module;
    let layout = Layout::of(workspace);
    let files = layout.entity(module);
    let mut plan = Plan::default();

    plan.push(Edit::Create {
        path: files.data_model,
        contents: workspace.with_header(rendered.data_model),
    });
    plan.push(declare_module(&files.data_model_root, module, ""));
    plan.push(Edit::Insert {
        path: files.data_model_root,
        anchor: Anchor::UseDeclaration {
            path: format!("self::{module}::{}", entity.name),
        },
        text: format!("pub use self::{module}::{};\n", entity.name),
    });

    plan.push(Edit::Create {
        path: files.storage,
        contents: workspace.with_header(rendered.storage),
    });
    plan.push(declare_module(&files.storage_root, module, "pub "));
    let inline = workspace.wiring == Wiring::Inline;
    if inline {
        let access = Anchor::TraitEnd {
            name: "RepositoryAccess".to_owned(),
        };
        let rustfmt = workspace_rustfmt(workspace);
        let access_file = locate(workspace, layout.storage_src(), &access)?;
        plan.push(Edit::Insert {
            text: fitted(&rustfmt, &access_file, &access, rendered.access_method)?,
            path: access_file,
            anchor: access,
        });
        for (self_type, text) in [
            ("Box", rendered.boxed_access),
            ("MapErr", rendered.map_err_access),
        ] {
            let anchor = access_impl(self_type);
            let path = locate(workspace, layout.storage_src(), &anchor)?;
            plan.push(Edit::Insert {
                text: fitted(&rustfmt, &path, &anchor, text)?,
                path,
                anchor,
            });
        }
    }

    plan.push(Edit::Create {
        path: files.pg,
        contents: workspace.with_header(rendered.storage_pg),
    });
    plan.push(declare_module(&files.pg_root, module, "pub "));
    if inline {
        let pg_access = access_impl("PgRepository");
        let path = locate(workspace, layout.pg_src(), &pg_access)?;
        plan.push(Edit::Insert {
            text: fitted(
                &workspace_rustfmt(workspace),
                &path,
                &pg_access,
                rendered.pg_access,
            )?,
            path,
            anchor: pg_access,
        });
    }

    let version = next_migration_version(layout.migrations(), now)?;
    plan.push(Edit::Create {
        path: layout.create_migration(version, &entity.table),
        contents: workspace.with_sql_header(rendered.migration),
    });

    plan.push(Edit::Create {
        path: files.tests,
        contents: workspace.with_header(rendered.tests),
    });
    if let Some(tests_root) = &files.tests_root {
        plan.push(declare_module(tests_root, module, ""));
    }

    plan.extend(offline_data(workspace, entity));
    Ok(plan)
}

/// The offline data of `entity`'s queries, in the format of the
/// workspace's sqlx; none when codegen does not know that format (`db
/// prepare` then writes it, from a database).
pub(super) fn offline_data(workspace: &Workspace, entity: &Entity) -> Plan {
    let mut plan = Plan::default();
    let Ok(format) = OfflineFormat::of_workspace(&workspace.root) else {
        return plan;
    };
    let layout = Layout::of(workspace);
    for file in entity_files(entity, format) {
        plan.push(Edit::Replace {
            path: layout.offline_file(&file.name),
            contents: file.contents,
        });
    }
    plan
}

/// `text`, an accessor formatted for a body at the top level, formatted for
/// the body `anchor` names in `path`, which may stand inside a module (as
/// `mod impls { … }` holds the `Box<R>` impl): what rustfmt would make of it
/// there. A file that cannot be read or parsed is the insertion's to report.
fn fitted(rustfmt: &Rustfmt, path: &Path, anchor: &Anchor, text: String) -> Result<String, Error> {
    let Some(file) = std::fs::read_to_string(path)
        .ok()
        .and_then(|source| syn::parse_file(&source).ok())
    else {
        return Ok(text);
    };
    rustfmt.format_snippet_at(&text, body_indent(&file, anchor))
}

/// The PostgreSQL crate's package name, for `cargo test -p`; its folder's
/// name when the manifest says none (the build would have failed first).
fn pg_package(workspace: &Workspace) -> String {
    std::fs::read_to_string(workspace.storage_pg.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|manifest| {
            manifest
                .get("package")?
                .get("name")?
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| {
            workspace
                .storage_pg
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
        })
}

fn declare_module(path: &Path, module: &str, visibility: &str) -> Edit {
    Edit::Insert {
        path: path.to_path_buf(),
        anchor: Anchor::ModDeclaration {
            module: module.to_owned(),
        },
        text: format!("{visibility}mod {module};\n"),
    }
}

fn access_impl(self_type: &str) -> Anchor {
    Anchor::ImplEnd {
        trait_name: "RepositoryAccess".to_owned(),
        self_type: self_type.to_owned(),
    }
}

/// The file under `dir` that holds `anchor`'s item, or a conflict naming it.
fn locate(workspace: &Workspace, dir: &Path, anchor: &Anchor) -> Result<std::path::PathBuf, Error> {
    find_file_holding(dir, "RepositoryAccess", anchor)?.ok_or_else(|| {
        Error::Conflict(format!(
            "nothing was written, because no file under {} holds {anchor}, where the new \
             repository's accessor goes; check that `codegen.toml` points at the right crates",
            workspace.relative(dir).display()
        ))
    })
}
