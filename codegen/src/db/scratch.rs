//! A scratch database on the server in `DATABASE_URL`: made from nothing
//! for one check, so that the check neither needs nor changes the
//! development database, and dropped afterwards.

use std::path::Path;

use super::sqlx_cli::SqlxCli;
use crate::Error;

/// A database created on a server for one use; dropping the guard drops it.
#[derive(Debug)]
pub(super) struct ScratchDatabase<'a> {
    sqlx: &'a SqlxCli,
    root: &'a Path,
    url: String,
}

impl<'a> ScratchDatabase<'a> {
    /// Creates a database named after this process on the server of
    /// `server_url`.
    ///
    /// # Errors
    ///
    /// Fails when the server cannot be reached or refuses to create it.
    pub(super) fn create(
        sqlx: &'a SqlxCli,
        root: &'a Path,
        server_url: &str,
    ) -> Result<Self, Error> {
        let name = format!("codegen_scratch_{}", std::process::id());
        let url = with_database(server_url, &name);
        // Left by a run that was killed before it could drop it.
        sqlx.drop_database(root, &url)?;
        sqlx.create_database(root, &url)?;
        Ok(Self { sqlx, root, url })
    }

    /// Its URL.
    pub(super) fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ScratchDatabase<'_> {
    fn drop(&mut self) {
        if let Err(error) = self.sqlx.drop_database(self.root, &self.url) {
            eprintln!("codegen: warning: could not drop the scratch database: {error}");
        }
    }
}

/// `url` with its database name replaced by `name`, its query kept.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail.find('?').map_or("", |start| &tail[start..]);
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/app?sslmode=disable", "scratch"),
            "postgres://u:p@h:5432/scratch?sslmode=disable"
        );
        assert_eq!(
            with_database("postgresql://h", "scratch"),
            "postgresql://h/scratch"
        );
        assert_eq!(
            with_database("postgres://h?host=/run", "scratch"),
            "postgres://h/scratch?host=/run"
        );
    }
}
