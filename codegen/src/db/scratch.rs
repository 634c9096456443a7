//! A scratch database on the user's server: made from nothing for one
//! command, so that the command neither needs nor changes the user's own
//! database, and dropped afterwards.
//!
//! Dropping a database is the one irreversible thing codegen does, so it
//! proves ownership first. The name is fresh (`codegen_scratch_<pid>_<nonce>`)
//! and `CREATE DATABASE` of a fresh name succeeds only for its creator; the
//! database then gets a comment naming this run, written from a connection
//! that stays open as long as the run needs the database; and the drop is
//! made only after reading that comment back. A run killed before it could
//! drop its database leaves one that is marked and that no one is connected
//! to: the next run drops those, and says so.

use std::{
    hash::{BuildHasher, RandomState},
    time::{SystemTime, UNIX_EPOCH},
};

use super::{
    connection::{Connected, quote_identifier, quote_literal},
    target::Target,
};
use crate::Error;

/// What every scratch database's name starts with.
const NAME_PREFIX: &str = "codegen_scratch_";

/// What every scratch database's comment starts with.
const MARKER_PREFIX: &str = "codegen scratch database";

/// Marked scratch databases no one is connected to: left by a run that was
/// killed before it could drop them.
const ABANDONED: &str = "
    SELECT d.datname
      FROM pg_database d
     WHERE starts_with(d.datname, $1)
       AND starts_with(shobj_description(d.oid, 'pg_database'), $2)
       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
     ORDER BY d.datname";

const COMMENT: &str =
    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1";

/// PostgreSQL 13 is the first to drop a database others are connected to.
const FORCE_SINCE: &str = "SELECT current_setting('server_version_num')::int >= 130000";

/// A database this run created on a server; dropping the guard drops it.
#[derive(Debug)]
pub struct ScratchDatabase {
    server: Target,
    target: Target,
    name: String,
    marker: String,
    /// Open from just after creation until the drop: it tells other runs
    /// that this database is in use.
    holder: Option<Connected>,
    marked: bool,
}

impl ScratchDatabase {
    /// Creates a fresh database on the server of `server`, after dropping
    /// the ones interrupted runs left there.
    ///
    /// # Errors
    ///
    /// Fails when the server cannot be reached or refuses to create it
    /// (a role without `CREATEDB`, say).
    pub fn create(server: &Target) -> Result<Self, Error> {
        let nonce = RandomState::new().hash_one(SystemTime::now()) % 1_000_000;
        let name = format!("{NAME_PREFIX}{}_{nonce:06}", std::process::id());
        let target = server.with_database(&name)?.into_scratch();
        let mut admin = Connected::maintenance(server, &name)?;
        drop_abandoned(&mut admin);
        admin
            .execute(format!("CREATE DATABASE {}", quote_identifier(&name)))
            .map_err(|error| {
                Error::Tool(format!(
                    "{error}\ncodegen needs a scratch database on that server; grant its role \
                     CREATEDB, or point `--database-url` at a server where it may create one"
                ))
            })?;
        admin.close();
        let created_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        // The guard exists from here on, so an error below still drops it.
        let mut scratch = Self {
            server: server.clone(),
            target,
            marker: format!(
                "{MARKER_PREFIX} of codegen pid {} ({nonce:06}), created at {created_at}; \
                 dropped when that run ends",
                std::process::id()
            ),
            name,
            holder: None,
            marked: false,
        };
        let mut holder = Connected::open(&scratch.target)?;
        holder.execute(format!(
            "COMMENT ON DATABASE {} IS {}",
            quote_identifier(&scratch.name),
            quote_literal(&scratch.marker)
        ))?;
        scratch.marked = true;
        scratch.holder = Some(holder);
        Ok(scratch)
    }

    /// The scratch database.
    #[must_use]
    pub const fn target(&self) -> &Target {
        &self.target
    }

    /// The connection held to it, for reading its catalog.
    pub fn connection(&mut self) -> Result<&mut Connected, Error> {
        self.holder.as_mut().ok_or_else(|| {
            Error::Tool("the scratch database is closed; please report this".to_owned())
        })
    }

    fn drop_it(&mut self) -> Result<(), Error> {
        if let Some(holder) = self.holder.take() {
            holder.close();
        }
        let mut admin = Connected::maintenance(&self.server, &self.name)?;
        if self.marked {
            let comment = admin
                .try_rows(COMMENT, &[&self.name])
                .map_err(|error| Error::Tool(format!("cannot read its comment: {error}")))?;
            let comment = comment.first().and_then(|row| row.first());
            if comment != Some(&self.marker) {
                return Err(Error::Tool(format!(
                    "its comment is {comment:?}, not the one this run wrote, so it is not \
                     codegen's to drop; drop it by hand if it is"
                )));
            }
        }
        drop_database(&mut admin, &self.name)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if let Err(error) = self.drop_it() {
            eprintln!(
                "codegen: warning: did not drop the scratch database `{}` on the server of {}: \
                 {error}",
                self.name, self.server
            );
        }
    }
}

/// Drops the scratch databases interrupted runs left on `admin`'s server;
/// a failure here only means they stay for a later run.
fn drop_abandoned(admin: &mut Connected) {
    let Ok(abandoned) = admin.try_rows(ABANDONED, &[NAME_PREFIX, MARKER_PREFIX]) else {
        return;
    };
    for name in abandoned
        .into_iter()
        .filter_map(|row| row.into_iter().next())
    {
        match drop_database(admin, &name) {
            Ok(()) => eprintln!(
                "codegen: dropped the scratch database `{name}`, left on the server of {} by an \
                 interrupted codegen run",
                admin.target()
            ),
            Err(error) => eprintln!(
                "codegen: warning: could not drop `{name}`, a scratch database an interrupted \
                 codegen run left: {error}"
            ),
        }
    }
}

fn drop_database(admin: &mut Connected, name: &str) -> Result<(), Error> {
    let force = admin.try_rows(FORCE_SINCE, &[]).ok().is_some_and(|rows| {
        rows.first()
            .and_then(|row| row.first())
            .is_some_and(|v| v == "t")
    });
    let with_force = if force { " WITH (FORCE)" } else { "" };
    admin.execute(format!(
        "DROP DATABASE IF EXISTS {}{with_force}",
        quote_identifier(name)
    ))
}
