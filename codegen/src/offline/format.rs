//! Which shape of offline data a workspace's sqlx reads: its macros read
//! only the files their own release line writes.

use std::path::Path;

use crate::{Error, db::SqlxLine};

/// The shape of `.sqlx/query-<hash>.json` across sqlx's release lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineFormat {
    /// sqlx 0.7 and 0.8: each column is its ordinal, name and type.
    WithoutOrigin,
    /// sqlx 0.9: each column also says where it comes from (`origin`: the
    /// table and column, or an expression).
    WithOrigin,
}

impl OfflineFormat {
    /// The format of sqlx `line`, or `None` for a line codegen does not
    /// know the format of (before 0.7 there was no `.sqlx` directory).
    #[must_use]
    pub fn of_line(line: &SqlxLine) -> Option<Self> {
        match line.as_str() {
            "0.7" | "0.8" => Some(Self::WithoutOrigin),
            "0.9" => Some(Self::WithOrigin),
            _ => None,
        }
    }

    /// The format of the sqlx in the `Cargo.lock` of the workspace at
    /// `root`.
    ///
    /// # Errors
    ///
    /// A sentence saying why codegen cannot compute the workspace's
    /// offline data: its sqlx line is unknown, or the lock cannot tell it.
    pub fn of_workspace(root: &Path) -> Result<Self, String> {
        let line = SqlxLine::of_workspace(root).map_err(|error| match error {
            Error::Config { message, .. } => format!("Cargo.lock {message}"),
            other => other.to_string(),
        })?;
        Self::of_line(&line).ok_or_else(|| {
            format!(
                "codegen computes offline data for sqlx 0.7 to 0.9, and this workspace is on \
                 sqlx {}",
                line.as_str()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_has_its_format() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert_eq!(
            OfflineFormat::of_workspace(root),
            Ok(OfflineFormat::WithOrigin)
        );
        let dir = tempfile::tempdir().unwrap();
        for (version, format) in [
            ("0.7.4", Some(OfflineFormat::WithoutOrigin)),
            ("0.8.6", Some(OfflineFormat::WithoutOrigin)),
            ("0.9.0", Some(OfflineFormat::WithOrigin)),
            ("0.10.0", None),
        ] {
            std::fs::write(
                dir.path().join("Cargo.lock"),
                format!("version = 4\n\n[[package]]\nname = \"sqlx\"\nversion = \"{version}\"\n"),
            )
            .unwrap();
            assert_eq!(
                OfflineFormat::of_workspace(dir.path()).ok(),
                format,
                "{version}"
            );
        }
        let error = OfflineFormat::of_workspace(dir.path()).unwrap_err();
        assert!(error.contains("this workspace is on sqlx 0.10"), "{error}");
    }
}
