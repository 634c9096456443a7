//! The database work: migrations, `.sqlx` offline data, and the scratch
//! databases that `check`, `migrate diff` and `db prepare` read schemas
//! from.
//!
//! The user's database is theirs. It is looked up as sqlx-cli looks it up
//! (`--database-url`, the variable `sqlx.toml` names or `DATABASE_URL`, in
//! the environment or a `.env` file), every message says which one it is
//! and where its URL came from, and only `db migrate` and `migrate
//! run`/`revert` change it. Everything else works on a scratch database
//! made from the migrations on the same server (dropped afterwards, see
//! `scratch.rs`), or, with no database URL at all, on a throwaway PostgreSQL
//! under `target/codegen-pg/`, started and stopped for the one command.

mod account;
mod applied;
mod bindir;
mod cluster_dir;
mod connection;
mod database_url;
mod offline_data;
use crate::process;
mod scratch;
mod sqlx_cli;
mod sqlx_line;
pub mod sqlx_toml;
mod target;
mod throwaway;
mod url_lookup;

pub use self::{
    applied::{Applied, migration_applied},
    connection::Connected,
    sqlx_line::SqlxLine,
    sqlx_toml::SqlxToml,
    target::{Origin, Target},
};
use self::{
    connection::quote_identifier, offline_data::OfflineDataGuard, scratch::ScratchDatabase,
    sqlx_cli::SqlxCli, throwaway::Throwaway,
};
use crate::{
    Error, Workspace, interrupt,
    offline::{self, OfflineFormat, Problem},
    plan::Layout,
    progress,
};

/// Apply pending migrations to the user's database (`codegen db migrate`,
/// `codegen migrate run`), creating it if it is missing. Without a database
/// URL this runs on a throwaway cluster, which checks that the migrations
/// apply cleanly and changes nothing of the user's.
///
/// # Errors
///
/// Fails when sqlx-cli is missing, when no database can be reached or
/// started, or when a migration fails; the message quotes the failing tool.
pub fn migrate(workspace: &Workspace) -> Result<(), Error> {
    let sqlx = SqlxCli::locate(workspace)?;
    if let Some(target) = url_lookup::chosen(workspace)? {
        eprintln!("codegen: migrating {target}");
        ensure_database(&target)?;
        return migrate_on(workspace, &sqlx, &target);
    }
    let cluster = start_throwaway(workspace)?;
    migrate_on(workspace, &sqlx, cluster.target())?;
    drop(cluster);
    // Said last, as the applied migrations' lines could read as if the
    // user's own database had been migrated.
    eprintln!(
        "codegen: the migrations apply cleanly; {}, so no database of yours was migrated: \
         set it to the database to migrate",
        url_lookup::places_looked(workspace)
    );
    Ok(())
}

/// Refresh `.sqlx` (`codegen db prepare`): `cargo sqlx prepare`, where
/// the workspace keeps it, against a scratch database made from the migrations, so
/// every checked query's offline data matches the migrations and the
/// user's own database is left as it is. If it fails or is interrupted,
/// `.sqlx` is put back as it was.
///
/// # Errors
///
/// As [`migrate`], and when a query does not check against the schema.
pub fn prepare(workspace: &Workspace) -> Result<(), Error> {
    let sqlx = SqlxCli::locate(workspace)?;
    with_migrated_scratch(workspace, |database| {
        interrupt::check()?;
        let guard = OfflineDataGuard::snapshot(Layout::of(workspace).offline_data())?;
        progress::phase(format_args!(
            "refreshing {} ({}): it builds every crate whose queries it holds against the \
             database",
            workspace.relative(workspace.offline_data.dir()).display(),
            workspace.offline_data.prepare_command(false)
        ));
        sqlx.prepare(&workspace.offline_data, database.target())?;
        interrupt::check()?;
        guard.keep();
        progress::phase(".sqlx refreshed");
        compare_with_model(workspace)
    })
}

/// Say where what sqlx-cli just wrote differs from the offline data
/// codegen computes for the generated queries. What sqlx-cli wrote stays:
/// it asked PostgreSQL, and is the arbiter.
fn compare_with_model(workspace: &Workspace) -> Result<(), Error> {
    let Ok(format) = OfflineFormat::of_workspace(&workspace.root) else {
        return Ok(());
    };
    let models: Vec<_> = workspace.entity_models()?;
    let layout = Layout::of(workspace);
    let verified = offline::verify(layout.offline_data(), &models, format)?;
    for finding in &verified.findings {
        let shown = workspace.relative(&finding.path).display();
        let (entity, query) = (&finding.entity, finding.query());
        match finding.problem {
            Problem::Missing => eprintln!(
                "codegen: warning: {shown}: no query of the workspace is the one the `{entity}` \
                 struct gives {query}; run `codegen sync {entity}`"
            ),
            Problem::Stale => eprintln!(
                "codegen: warning: {shown}: sqlx-cli wrote other offline data for {query} than \
                 codegen computes from the struct: either the \
                 migrations give its columns other types than the struct (`codegen check` says \
                 which), or codegen computes it wrong (please report it, with both files)"
            ),
        }
    }
    if verified.findings.is_empty() {
        progress::phase(format_args!(
            "sqlx-cli wrote for the {} generated queries what codegen computes from the model",
            verified.files
        ));
    }
    Ok(())
}

/// Revert the newest migration applied to the user's database (`codegen
/// migrate revert`).
///
/// # Errors
///
/// Fails when no database URL is given (a throwaway database has nothing to
/// revert), sqlx-cli is missing, or the revert fails.
pub fn revert(workspace: &Workspace) -> Result<(), Error> {
    let sqlx = SqlxCli::locate(workspace)?;
    let target = url_lookup::chosen(workspace)?.ok_or_else(|| {
        Error::Usage(format!(
            "{}; name the database whose newest migration to revert",
            url_lookup::places_looked(workspace)
        ))
    })?;
    eprintln!("codegen: reverting the newest migration of {target}");
    sqlx.revert_migration(&workspace.root, &target, Layout::of(workspace).migrations())
}

/// Whether `.sqlx` is stale against `database` (migrated by the caller):
/// `cargo sqlx prepare --check`, where the workspace keeps it. Returns what is stale, or
/// `None`.
///
/// # Errors
///
/// Fails when sqlx-cli is missing, or the workspace does not build against
/// the migrated schema.
pub fn check_offline_data(
    workspace: &Workspace,
    database: &Connected,
) -> Result<Option<String>, Error> {
    let sqlx = SqlxCli::locate(workspace)?;
    progress::phase(format_args!(
        "checking {} ({}): it builds every crate whose queries it holds against the database",
        workspace.relative(workspace.offline_data.dir()).display(),
        workspace.offline_data.prepare_command(true)
    ));
    let stale = sqlx.prepare_check(&workspace.offline_data, database.target())?;
    progress::phase(".sqlx checked");
    Ok(stale)
}

/// Run `inspect` on a fresh database with every migration of `workspace`
/// applied: a scratch database on the user's server (dropped afterwards),
/// or a throwaway cluster when no database URL is given.
///
/// # Errors
///
/// Fails when no database can be made, a migration fails, or `inspect` does.
pub fn with_migrated_scratch<T>(
    workspace: &Workspace,
    inspect: impl FnOnce(&mut Connected) -> Result<T, Error>,
) -> Result<T, Error> {
    let sqlx = SqlxCli::locate(workspace)?;
    if let Some(server) = url_lookup::chosen(workspace)? {
        let mut scratch = ScratchDatabase::create(&server)?;
        progress::phase(format_args!("working on {}", scratch.target()));
        migrate_on(workspace, &sqlx, scratch.target())?;
        interrupt::check()?;
        return inspect(scratch.connection()?);
    }
    let cluster = start_throwaway(workspace)?;
    migrate_on(workspace, &sqlx, cluster.target())?;
    interrupt::check()?;
    let mut database = Connected::open(cluster.target())?;
    let result = inspect(&mut database);
    database.close();
    result
}

fn migrate_on(workspace: &Workspace, sqlx: &SqlxCli, target: &Target) -> Result<(), Error> {
    interrupt::check()?;
    let migrations = Layout::of(workspace).migrations().to_path_buf();
    progress::phase(format_args!(
        "applying migrations from {}",
        workspace.relative(&migrations).display()
    ));
    sqlx.run_migrations(&workspace.root, target, &migrations)
}

/// Creates the database `target` names unless it exists, as `sqlx database
/// create` would.
fn ensure_database(target: &Target) -> Result<(), Error> {
    let name = target
        .database()
        .unwrap_or_else(|| target.options().get_username())
        .to_owned();
    let mut admin = Connected::maintenance(target, &name)?;
    let exists = admin
        .try_rows("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .map_err(|error| Error::Tool(format!("cannot list the databases of {target}: {error}")))?;
    if exists.is_empty() {
        eprintln!("codegen: creating database `{name}`");
        admin.execute(format!("CREATE DATABASE {}", quote_identifier(&name)))?;
    }
    admin.close();
    Ok(())
}

/// A throwaway cluster and its database, which it creates.
struct ThrowawayDatabase {
    target: Target,
    // Declared last so it is dropped after everything that uses it.
    _cluster: Throwaway,
}

impl ThrowawayDatabase {
    const fn target(&self) -> &Target {
        &self.target
    }
}

fn start_throwaway(workspace: &Workspace) -> Result<ThrowawayDatabase, Error> {
    let cluster = Throwaway::start(&workspace.root.join("target").join("codegen-pg"))?;
    let target = Target::parse(&cluster.url(), Origin::Throwaway)?;
    ensure_database(&target)?;
    Ok(ThrowawayDatabase {
        target,
        _cluster: cluster,
    })
}
