//! Whether the development database has applied a migration: what decides
//! if `destroy-entity` may delete one or must write another that undoes it.

use std::path::Path;

use super::{database_url, sqlx_cli::SqlxCli};
use crate::{Error, Workspace};

/// What the development database knows of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// It is applied to the database in `DATABASE_URL` (shown redacted).
    Yes {
        /// The database, its password masked.
        database: String,
    },
    /// The database in `DATABASE_URL` has not applied it, or does not exist.
    No {
        /// The database, its password masked.
        database: String,
    },
    /// `DATABASE_URL` is not set, so there is no development database to ask.
    Unknown,
}

/// Whether the database in `DATABASE_URL` has applied the migration of
/// `version` from the workspace's migrations directory.
///
/// # Errors
///
/// Fails when `DATABASE_URL` is set but sqlx-cli is missing or cannot reach
/// the server.
pub fn migration_applied(workspace: &Workspace, version: u64) -> Result<Applied, Error> {
    let Some(url) = database_url::from_env()? else {
        return Ok(Applied::Unknown);
    };
    let database = database_url::redacted(&url);
    let applied = applied_versions(&workspace.root, &url, &workspace.migrations)?;
    Ok(if applied.contains(&version) {
        Applied::Yes { database }
    } else {
        Applied::No { database }
    })
}

fn applied_versions(root: &Path, url: &str, source: &Path) -> Result<Vec<u64>, Error> {
    let sqlx = SqlxCli::locate_sqlx()?;
    match sqlx.migration_info(root, url, source) {
        Ok(info) => Ok(parse_info(&info)),
        // A database that does not exist has applied nothing.
        Err(Error::Tool(message))
            if message.contains("database") && message.contains("does not exist") =>
        {
            Ok(Vec::new())
        }
        Err(error) => Err(error),
    }
}

/// The applied versions in `sqlx migrate info`'s output, whose lines read
/// `<version>/installed <description>` or `<version>/pending <description>`.
fn parse_info(info: &str) -> Vec<u64> {
    strip_ansi(info)
        .lines()
        .filter_map(|line| {
            let (version, rest) = line.trim().split_once('/')?;
            rest.starts_with("installed")
                .then(|| version.parse().ok())
                .flatten()
        })
        .collect()
}

/// `text` without ANSI colour sequences, which sqlx-cli may print.
fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // An escape sequence ends at its first letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_versions_are_read_from_migrate_info() {
        let info = "20261125173736/installed create users\n\
                    \u{1b}[36m20261125173737\u{1b}[0m/\u{1b}[32minstalled\u{1b}[0m create user emails\n\
                    20261125173738/installed (different checksum) create devices\n\
                    applied migration had checksum 0a\n\
                    20261125173739/pending create tags\n";
        assert_eq!(
            parse_info(info),
            vec![20_261_125_173_736, 20_261_125_173_737, 20_261_125_173_738]
        );
    }
}
