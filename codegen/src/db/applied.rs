//! Whether the user's database has applied a migration: what decides if
//! `destroy-entity` may delete one or must write another that undoes it.
//!
//! Only a successful connection and a successful read can say "not
//! applied": any failure along the way (no URL, a wrong role, a server that
//! does not answer) means codegen cannot tell, and then keeps the migration.

use sqlx::AssertSqlSafe;

use super::{
    connection::{Connected, sqlstate},
    url_lookup,
};
use crate::{Error, Workspace};

/// PostgreSQL's SQLSTATE for a table that does not exist.
const UNDEFINED_TABLE: &str = "42P01";

/// What the user's database knows of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The database has applied it.
    Yes {
        /// The database and where its URL came from, password masked.
        database: String,
    },
    /// The database was read, and has not applied it.
    No {
        /// The database and where its URL came from, password masked.
        database: String,
    },
    /// Codegen cannot tell.
    Unknown {
        /// Why: no database was named, or it could not be read.
        reason: String,
    },
}

/// Whether the user's database has applied the migration of `version`.
///
/// # Errors
///
/// Fails only when the database URL itself is malformed; every failure to
/// reach or read the database is [`Applied::Unknown`].
pub fn migration_applied(workspace: &Workspace, version: u64) -> Result<Applied, Error> {
    let Some(target) = url_lookup::chosen(workspace)? else {
        return Ok(Applied::Unknown {
            reason: url_lookup::places_looked(workspace),
        });
    };
    let database = target.to_string();
    let mut connected = match Connected::open(&target) {
        Ok(connected) => connected,
        Err(error) => {
            return Ok(Applied::Unknown {
                reason: error.to_string(),
            });
        }
    };
    let table = workspace.sqlx.migrations_table();
    // The table name is the user's own setting, used as sqlx uses it.
    let applied = connected.try_rows(
        AssertSqlSafe(format!("SELECT version::text FROM {table} WHERE success")),
        &[],
    );
    connected.close();
    let versions = match applied {
        Ok(rows) => rows,
        Err(error) if sqlstate(&error).as_deref() == Some(UNDEFINED_TABLE) => Vec::new(),
        Err(error) => {
            return Ok(Applied::Unknown {
                reason: format!("cannot read `{table}` in {database}: {error}"),
            });
        }
    };
    let version = version.to_string();
    Ok(
        if versions.iter().any(|row| row.first() == Some(&version)) {
            Applied::Yes { database }
        } else {
            Applied::No { database }
        },
    )
}
