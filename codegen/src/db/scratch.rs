//! A database that exists for one command: the migrations applied to it
//! show what schema they produce, and then it is gone.

use std::path::Path;

use super::{database_url, sqlx_cli::SqlxCli, throwaway::Throwaway};
use crate::{Error, Workspace};

/// Run `inspect` on a fresh database with every migration of `workspace`
/// applied: a new database on the server in `DATABASE_URL` (dropped
/// afterwards), or a throwaway cluster without it.
///
/// # Errors
///
/// Fails when no database can be made, a migration fails, or `inspect` does.
pub fn with_migrated_scratch<T>(
    workspace: &Workspace,
    inspect: impl FnOnce(&str) -> Result<T, Error>,
) -> Result<T, Error> {
    let sqlx = SqlxCli::locate()?;
    let migrate = |url: &str| -> Result<T, Error> {
        sqlx.create_database(&workspace.root, url)?;
        sqlx.run_migrations(&workspace.root, url, &workspace.migrations)?;
        inspect(url)
    };
    match database_url::from_env()? {
        Some(url) => {
            let name = format!("codegen_scratch_{}", std::process::id());
            let scratch = ScratchDatabase {
                sqlx: &sqlx,
                root: &workspace.root,
                url: database_url::with_database(&url, &name),
            };
            eprintln!(
                "codegen: applying the migrations to a scratch database `{name}` ({})",
                database_url::redacted(&url)
            );
            migrate(&scratch.url)
        }
        None => {
            let cluster = Throwaway::start(&workspace.root.join("target").join("codegen-pg"))?;
            migrate(&cluster.url())
        }
    }
}

/// Drops its database when it goes out of scope, whatever happened.
struct ScratchDatabase<'a> {
    sqlx: &'a SqlxCli,
    root: &'a Path,
    url: String,
}

impl Drop for ScratchDatabase<'_> {
    fn drop(&mut self) {
        if let Err(error) = self.sqlx.drop_database(self.root, &self.url) {
            eprintln!("codegen: could not drop the scratch database: {error}");
        }
    }
}
