//! Reading from a database with `psql`, which comes with PostgreSQL's
//! client and server packages, so codegen needs no driver of its own.

use std::{path::PathBuf, process::Command};

use super::{bindir, database_url};
use crate::Error;

/// The separator between fields of a row: a control character no catalog
/// name contains.
const FIELD_SEPARATOR: &str = "\u{1f}";

/// Run `sql` (one statement) on the database at `url`; each row as its
/// fields' text.
///
/// # Errors
///
/// Fails when psql cannot be found or run, or the statement fails.
pub fn query(url: &str, sql: &str) -> Result<Vec<Vec<String>>, Error> {
    let output = Command::new(program())
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-F",
            FIELD_SEPARATOR,
        ])
        .arg("-d")
        .arg(url)
        .arg("-c")
        .arg(sql)
        .output()
        .map_err(|error| {
            Error::Tool(format!(
                "cannot run `psql` ({error}); install PostgreSQL's client package \
                 (`apt-get install postgresql-client` on Debian and Ubuntu)"
            ))
        })?;
    if !output.status.success() {
        return Err(Error::Tool(format!(
            "psql failed on {}: {}",
            database_url::redacted(url),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.split(FIELD_SEPARATOR).map(str::to_owned).collect())
        .collect())
}

/// psql beside the server programs, where Debian keeps it, or on PATH.
fn program() -> PathBuf {
    bindir::find()
        .ok()
        .map(|dir| dir.join("psql"))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from("psql"))
}
