//! `codegen init`: write a workspace's `codegen.toml` from what its
//! crates hold, every setting explicit and commented with where it was
//! found.

use std::{io::Write, path::Path};

use crate::{
    Error, Workspace,
    adopt::{TestContextFile, discover, render},
    apply::{WorkspaceLock, write_all},
    commands::{regenerate::workspace_rustfmt, report::stdout_error},
    config::CONFIG_FILE,
    plan::{FileChange, read_if_exists},
    render::{TEST_CONTEXT_MODULE, render_test_context},
};

/// What `init` was asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Init {
    /// Print the file instead of writing it.
    pub dry_run: bool,
    /// Replace a `codegen.toml` that exists already.
    pub force: bool,
}

/// Run `init` in the workspace whose root `Cargo.toml` is in `root`:
/// print the file to `out` (`--dry-run`) or write it, and tell `warnings`
/// of each runtime item it could not find.
///
/// # Errors
///
/// [`Error::Usage`] when `root` is not a workspace's root, when a crate's
/// part cannot be found, or when `codegen.toml` exists and `force` is not
/// set; in every case nothing is written. Fails as
/// [`crate::apply::write_all`] when the file cannot be written.
pub fn init(
    root: &Path,
    request: Init,
    out: &mut dyn Write,
    warnings: &mut dyn Write,
) -> Result<(), Error> {
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a directory; pass `--workspace` the root of your Cargo workspace",
            root.display()
        )));
    }
    // Held from before the tree is read until it is written.
    let _lock = WorkspaceLock::unless_dry_run(root, request.dry_run)?;
    let path = root.join(CONFIG_FILE);
    let before = read_if_exists(&path)?;
    if before.is_some() && !request.dry_run && !request.force {
        return Err(Error::Usage(format!(
            "`{}` exists already, and `codegen init` never replaces it without `--force`: \
             compare it with what `codegen init --dry-run` prints, then run \
             `codegen init --force` to replace it",
            path.display()
        )));
    }
    let discovery = discover(root)?;
    let text = render(&discovery);
    // The generator must accept what it writes; a refusal here is a bug of
    // discovery, reported before the file exists.
    let workspace = Workspace::from_text(root, &text)?;
    for note in discovery.notes() {
        // A closed stderr loses only the warnings, which the file repeats.
        let _ = writeln!(warnings, "codegen: warning: {note}");
    }
    let context_changes = match &discovery.test_context {
        Some(file) => test_context_changes(&workspace, file)?,
        None => Vec::new(),
    };
    if request.dry_run {
        for change in &context_changes {
            let _ = writeln!(
                warnings,
                "codegen: note: without --dry-run, init also {} {}",
                if change.before.is_some() {
                    "adds a line to"
                } else {
                    "creates"
                },
                workspace.relative(&change.path).display()
            );
        }
        return out.write_all(text.as_bytes()).map_err(stdout_error);
    }
    let verb = if before.is_some() {
        "replaced"
    } else {
        "created"
    };
    let mut changes = vec![FileChange {
        path,
        before,
        after: Some(text),
    }];
    changes.extend(context_changes);
    write_all(&changes)?;
    writeln!(out, "{verb} {CONFIG_FILE}").map_err(stdout_error)?;
    for change in &changes[1..] {
        let verb = if change.before.is_some() {
            "changed"
        } else {
            "created"
        };
        writeln!(out, "{verb} {}", workspace.relative(&change.path).display())
            .map_err(stdout_error)?;
    }
    Ok(())
}

/// The test context's module, formatted as the workspace formats its code,
/// and its declaration, added at the end of the crate root: the only lines
/// `init` writes outside `codegen.toml`. Nothing, for a module that is
/// there already.
fn test_context_changes(
    workspace: &Workspace,
    file: &TestContextFile,
) -> Result<Vec<FileChange>, Error> {
    let path = workspace.root.join(&file.path);
    if read_if_exists(&path)?.is_some() {
        return Ok(Vec::new());
    }
    let mut module = [workspace.with_header(render_test_context(&file.parts)?)];
    workspace_rustfmt(workspace).format(&mut module, &mut [])?;
    let [module] = module;
    let mut changes = vec![FileChange {
        path,
        before: None,
        after: Some(module),
    }];
    let lib = workspace.root.join(&file.declared_in);
    let root = read_if_exists(&lib)?.ok_or_else(|| {
        Error::Usage(format!(
            "`{}` is missing; the PostgreSQL crate's library root must exist for `codegen \
             init` to declare its test context there",
            file.declared_in.display()
        ))
    })?;
    let declaration = format!("mod {TEST_CONTEXT_MODULE};");
    if !root
        .lines()
        .any(|line| line.trim_end().ends_with(&declaration))
    {
        let mut after = root.clone();
        if !after.ends_with('\n') {
            after.push('\n');
        }
        after.push_str(&format!("\n#[cfg(test)]\n{declaration}\n"));
        changes.push(FileChange {
            path: lib,
            before: Some(root),
            after: Some(after),
        });
    }
    Ok(changes)
}
