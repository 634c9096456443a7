//! The `codegen db` commands: migrations and `.sqlx` offline data.
//!
//! Both work on the database in `DATABASE_URL` when it is set. Without it
//! they start a throwaway PostgreSQL under `target/codegen-pg/`, do their
//! work there, and stop and delete it afterwards, so `codegen db prepare`
//! needs nothing but PostgreSQL's server package and sqlx-cli installed.

mod account;
mod applied;
mod bindir;
mod cluster_dir;
mod database_url;
mod process;
pub mod psql;
mod scratch;
mod sqlx_cli;
mod throwaway;

pub use self::applied::{Applied, migration_applied};
use self::{scratch::ScratchDatabase, sqlx_cli::SqlxCli, throwaway::Throwaway};
use crate::{Error, Workspace};

/// Apply pending migrations (`codegen db migrate`).
///
/// Creates the database if it is missing, then applies the migrations in
/// [`Workspace::migrations`] it lacks. Without `DATABASE_URL` this runs on a
/// throwaway cluster, which checks that the migrations apply cleanly.
///
/// # Errors
///
/// Fails when sqlx-cli is missing, when no database can be reached or
/// started, or when a migration fails; the message quotes the failing tool.
pub fn migrate(workspace: &Workspace) -> Result<(), Error> {
    let on_throwaway = database_url::from_env()?.is_none();
    with_database(workspace, |sqlx, url| migrate_on(workspace, sqlx, url))?;
    if on_throwaway {
        // Said last, as the applied migrations' lines could read as if the
        // user's own database had been migrated.
        eprintln!(
            "codegen: the migrations apply cleanly; DATABASE_URL is not set, so no database of \
             yours was migrated: set it to the database to migrate"
        );
    }
    Ok(())
}

/// Migrate a database, then refresh `.sqlx` (`codegen db prepare`).
///
/// Runs `cargo sqlx prepare --workspace` in the workspace root against the
/// migrated database, so every checked query's offline data matches the
/// migrations.
///
/// # Errors
///
/// As [`migrate`], and when a query does not check against the schema.
pub fn prepare(workspace: &Workspace) -> Result<(), Error> {
    with_database(workspace, |sqlx, url| {
        migrate_on(workspace, sqlx, url)?;
        eprintln!("codegen: refreshing .sqlx (cargo sqlx prepare --workspace)");
        sqlx.prepare(&workspace.root, url)
    })
}

/// Revert the newest migration applied to the database in `DATABASE_URL`
/// (`codegen migrate revert`).
///
/// # Errors
///
/// Fails when `DATABASE_URL` is unset (a throwaway database has nothing to
/// revert), sqlx-cli is missing, or the revert fails.
pub fn revert(workspace: &Workspace) -> Result<(), Error> {
    let sqlx = SqlxCli::locate()?;
    let url = database_url::from_env()?.ok_or_else(|| {
        Error::Tool("set DATABASE_URL to the database whose newest migration to revert".to_owned())
    })?;
    sqlx.revert_migration(&workspace.root, &url, &workspace.migrations)
}

/// Whether `.sqlx` is stale against the database at `url` (migrated by the
/// caller): `cargo sqlx prepare --workspace --check`. Returns what is
/// stale, or `None`.
///
/// # Errors
///
/// Fails when sqlx-cli is missing, or the workspace does not build against
/// the migrated schema.
pub fn check_offline_data(workspace: &Workspace, url: &str) -> Result<Option<String>, Error> {
    let sqlx = SqlxCli::locate()?;
    eprintln!(
        "codegen: checking .sqlx (cargo sqlx prepare --workspace --check); this builds the workspace"
    );
    sqlx.prepare_check(&workspace.root, url)
}

/// Run `inspect` on a fresh database with every migration of `workspace`
/// applied: a scratch database on the server in `DATABASE_URL` (dropped
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
    if let Some(url) = database_url::from_env()? {
        let scratch = ScratchDatabase::create(&sqlx, &workspace.root, &url)?;
        migrate_on(workspace, &sqlx, scratch.url())?;
        return inspect(scratch.url());
    }
    let cluster = Throwaway::start(&workspace.root.join("target").join("codegen-pg"))?;
    migrate_on(workspace, &sqlx, &cluster.url())?;
    inspect(&cluster.url())
}

fn migrate_on(workspace: &Workspace, sqlx: &SqlxCli, url: &str) -> Result<(), Error> {
    sqlx.create_database(&workspace.root, url)?;
    eprintln!(
        "codegen: applying migrations from {}",
        workspace.relative(&workspace.migrations).display()
    );
    sqlx.run_migrations(&workspace.root, url, &workspace.migrations)
}

/// Runs `steps` on the database in `DATABASE_URL`, or on a throwaway
/// cluster that is stopped and deleted afterwards, even when `steps` fails
/// or panics.
fn with_database(
    workspace: &Workspace,
    steps: impl FnOnce(&SqlxCli, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    // First, so that a missing sqlx-cli fails before a server is started.
    let sqlx = SqlxCli::locate()?;
    if let Some(url) = database_url::from_env()? {
        eprintln!(
            "codegen: using DATABASE_URL ({})",
            database_url::redacted(&url)
        );
        return steps(&sqlx, &url);
    }
    let cluster = Throwaway::start(&workspace.root.join("target").join("codegen-pg"))?;
    steps(&sqlx, &cluster.url())
}
