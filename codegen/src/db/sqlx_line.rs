//! The sqlx release line a workspace is on, read from its `Cargo.lock`: the
//! sqlx-cli that prepares its offline data must be of the same line, as
//! each line's macros read only their own `.sqlx` files.

use std::path::Path;

use serde::Deserialize;

use crate::Error;

/// A release line of sqlx: `0.8`, `0.9`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlxLine(String);

/// The line this toolkit's own workspace is on, for a workspace whose
/// `Cargo.lock` does not exist yet.
const DEFAULT_LINE: &str = "0.9";

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
}

impl SqlxLine {
    /// The line of the `sqlx` package in `root`'s `Cargo.lock`, or this
    /// toolkit's own when there is no lock yet.
    ///
    /// # Errors
    ///
    /// Fails when the lock cannot be read or parsed, or names no sqlx, or
    /// sqlx at two lines (the workspace then has no one line to match).
    pub fn of_workspace(root: &Path) -> Result<Self, Error> {
        let path = root.join("Cargo.lock");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self(DEFAULT_LINE.to_owned()));
            }
            Err(source) => return Err(Error::Io { path, source }),
        };
        let lock: Lock = toml::from_str(&text).map_err(|error| Error::Config {
            path: path.clone(),
            message: format!("cannot be read as a Cargo.lock ({error}); run `cargo update -w`"),
        })?;
        let mut lines: Vec<String> = lock
            .package
            .iter()
            .filter(|package| package.name == "sqlx")
            .map(|package| line_of(&package.version))
            .collect();
        lines.dedup();
        match lines.as_slice() {
            [line] => Ok(Self(line.clone())),
            [] => Err(Error::Config {
                path,
                message: "names no `sqlx` package, so codegen cannot tell which sqlx-cli \
                          matches the workspace; add sqlx to the PostgreSQL crate and build once"
                    .to_owned(),
            }),
            several => Err(Error::Config {
                path,
                message: format!(
                    "holds sqlx at {}; keep one release line, whose sqlx-cli then prepares \
                     `.sqlx`",
                    several.join(" and ")
                ),
            }),
        }
    }

    /// `0.8`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `sqlx --version`'s output (`sqlx-cli 0.9.0`) is of this
    /// line.
    #[must_use]
    pub fn matches(&self, version_output: &str) -> bool {
        version_output
            .split_whitespace()
            .last()
            .and_then(|number| number.strip_prefix(self.0.as_str()))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-', '+']))
    }

    /// The command that installs the sqlx-cli of this line with only what
    /// codegen needs (and `sqlx.toml` support, from 0.9 on).
    #[must_use]
    pub fn install_command(&self) -> String {
        let features = if self.0 == "0.8" || self.0.starts_with("0.7") {
            "postgres"
        } else {
            "postgres,sqlx-toml"
        };
        format!(
            "cargo install sqlx-cli --version '^{}' --no-default-features --features {features}",
            self.0
        )
    }
}

/// `0.8.6` → `0.8`; `1.2.3` → `1`: the part Cargo keeps compatible.
fn line_of(version: &str) -> String {
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or(version);
    if major == "0" {
        format!("0.{}", parts.next().unwrap_or("0"))
    } else {
        major.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(packages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let text: String = packages
            .iter()
            .map(|(name, version)| {
                format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n\n")
            })
            .collect();
        std::fs::write(
            dir.path().join("Cargo.lock"),
            format!("version = 4\n\n{text}"),
        )
        .unwrap();
        dir
    }

    #[test]
    fn the_line_comes_from_the_lock() {
        let dir = lock(&[
            ("sqlx-core", "0.8.6"),
            ("sqlx", "0.8.6"),
            ("serde", "1.0.1"),
        ]);
        let line = SqlxLine::of_workspace(dir.path()).unwrap();
        assert_eq!(line.as_str(), "0.8");
        assert!(line.matches("sqlx-cli 0.8.6"));
        assert!(!line.matches("sqlx-cli 0.9.0"));
        assert!(!line.matches("sqlx-cli 0.80.0"));
        assert_eq!(
            line.install_command(),
            "cargo install sqlx-cli --version '^0.8' --no-default-features --features postgres"
        );
    }

    #[test]
    fn this_workspace_is_on_0_9() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let line = SqlxLine::of_workspace(root).unwrap();
        assert_eq!(
            line.install_command(),
            "cargo install sqlx-cli --version '^0.9' --no-default-features --features \
             postgres,sqlx-toml"
        );
        assert!(line.matches("sqlx-cli 0.9.3-alpha.1"));
    }

    #[test]
    fn no_lock_is_the_default_and_two_lines_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(SqlxLine::of_workspace(dir.path()).unwrap().as_str(), "0.9");
        let both = lock(&[("sqlx", "0.8.6"), ("sqlx", "0.9.0")]);
        let error = SqlxLine::of_workspace(both.path()).unwrap_err().to_string();
        assert!(error.contains("holds sqlx at 0.8 and 0.9"), "{error}");
        let none = lock(&[("serde", "1.0.0")]);
        let error = SqlxLine::of_workspace(none.path()).unwrap_err().to_string();
        assert!(error.contains("names no `sqlx` package"), "{error}");
    }
}
