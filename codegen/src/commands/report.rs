//! What a command tells its user about the files it wrote, or would write.

use std::io::Write;

use crate::{Error, Workspace, apply::unified_diff, plan::FileChange};

/// Print a diff of every change (`--dry-run`).
///
/// # Errors
///
/// Fails only if `out` cannot be written.
pub fn print_diffs(
    workspace: &Workspace,
    changes: &[FileChange],
    out: &mut dyn Write,
) -> Result<(), Error> {
    for change in changes {
        let shown = workspace.relative(&change.path).display().to_string();
        write!(out, "{}", unified_diff(change, &shown)).map_err(stdout_error)?;
    }
    writeln!(out, "dry run: nothing was written").map_err(stdout_error)
}

/// Print one line per written file: `created` or `changed`, and its path.
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

pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}
