//! What a command tells its user about the files it wrote, or would write.

use std::io::Write;

use crate::{
    Error, Workspace,
    apply::{colorize, unified_diff},
    plan::FileChange,
};

/// Print a diff of every change (`--dry-run`), in colour if `color`.
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
    for change in changes {
        let shown = workspace.relative(&change.path).display().to_string();
        let diff = unified_diff(change, &shown);
        let diff = if color { colorize(&diff) } else { diff };
        write!(out, "{diff}").map_err(stdout_error)?;
    }
    writeln!(out, "dry run: nothing was written").map_err(stdout_error)
}

/// Print one line per written file: `created`, `changed` or `deleted`, and
/// its path.
///
/// # Errors
///
/// Fails only if `out` cannot be written.
pub fn print_summary(
    workspace: &Workspace,
    changes: &[FileChange],
    out: &mut dyn Write,
) -> Result<(), Error> {
    for change in changes {
        let verb = match (&change.before, &change.after) {
            (None, _) => "created",
            (Some(_), Some(_)) => "changed",
            (Some(_), None) => "deleted",
        };
        writeln!(out, "{verb} {}", workspace.relative(&change.path).display())
            .map_err(stdout_error)?;
    }
    Ok(())
}

/// The error for output that could not be written.
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}
