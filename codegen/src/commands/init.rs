//! `codegen init`: write a workspace's `codegen.toml` from what its
//! crates hold, every setting explicit and commented with where it was
//! found.

use std::{io::Write, path::Path};

use crate::{
    Error, Workspace,
    adopt::{discover, render},
    apply::{WorkspaceLock, write_all},
    commands::report::stdout_error,
    config::CONFIG_FILE,
    plan::{FileChange, read_if_exists},
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
    Workspace::from_text(root, &text)?;
    for note in discovery.notes() {
        // A closed stderr loses only the warnings, which the file repeats.
        let _ = writeln!(warnings, "codegen: warning: {note}");
    }
    if request.dry_run {
        return out.write_all(text.as_bytes()).map_err(stdout_error);
    }
    let verb = if before.is_some() {
        "replaced"
    } else {
        "created"
    };
    write_all(&[FileChange {
        path,
        before,
        after: Some(text),
    }])?;
    writeln!(out, "{verb} {CONFIG_FILE}").map_err(stdout_error)
}
