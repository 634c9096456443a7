//! What a command tells its user about the files it wrote, or would write.

use std::{collections::BTreeMap, io::Write};

use crate::{
    Error, Workspace,
    apply::{colorize, unified_diff},
    plan::{FileChange, Layout},
};

/// Print a diff of every change (`--dry-run`), in colour if `color`; a
/// line for each file of offline query data, whose JSON no one reviews.
///
/// # Errors
///
/// Fails only if `out` cannot be written.
pub fn print_diffs(
    workspace: &Workspace,
    changes: &[FileChange],
    color: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let layout = Layout::of(workspace);
    for change in changes {
        let shown = workspace.relative(&change.path).display().to_string();
        if layout.is_offline_file(&change.path) {
            writeln!(
                out,
                "{shown} (offline query data) would be {}",
                verb(change)
            )
            .map_err(stdout_error)?;
            continue;
        }
        let diff = unified_diff(change, &shown);
        let diff = if color { colorize(&diff) } else { diff };
        write!(out, "{diff}").map_err(stdout_error)?;
    }
    writeln!(out, "dry run: nothing was written").map_err(stdout_error)
}

/// Print one line per written file: `created`, `changed` or `deleted`, and
/// its path; the files of offline query data, named by hashes, are
/// counted instead, on a line of their own for each verb.
///
/// # Errors
///
/// Fails only if `out` cannot be written.
pub fn print_summary(
    workspace: &Workspace,
    changes: &[FileChange],
    out: &mut dyn Write,
) -> Result<(), Error> {
    let layout = Layout::of(workspace);
    let mut offline: BTreeMap<&str, usize> = BTreeMap::new();
    for change in changes {
        if layout.is_offline_file(&change.path) {
            *offline.entry(verb(change)).or_default() += 1;
            continue;
        }
        writeln!(
            out,
            "{} {}",
            verb(change),
            workspace.relative(&change.path).display()
        )
        .map_err(stdout_error)?;
    }
    let dir = workspace.relative(layout.offline_data()).display();
    for (verb, count) in offline {
        let files = if count == 1 { "file" } else { "files" };
        writeln!(out, "{verb} {count} {files} of offline query data in {dir}")
            .map_err(stdout_error)?;
    }
    Ok(())
}

/// `created`, `changed` or `deleted`.
const fn verb(change: &FileChange) -> &'static str {
    match (&change.before, &change.after) {
        (None, _) => "created",
        (Some(_), Some(_)) => "changed",
        (Some(_), None) => "deleted",
    }
}

/// The error for output that could not be written.
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}
