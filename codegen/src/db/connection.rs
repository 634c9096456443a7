//! Talking to PostgreSQL through sqlx itself: connections with a timeout,
//! driven by a small runtime of their own, so that the synchronous commands
//! can ask a database a question without a tool in between (and without a
//! password on any command line).

use std::time::Duration;

use sqlx::{
    AssertSqlSafe, Column, Connection, PgConnection, Row, SqlSafeStr, TypeInfo, postgres::PgRow,
};
use tokio::runtime::Runtime;

use super::target::Target;
use crate::Error;

/// How long a connection attempt may take, as sqlx-cli's default.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The databases every PostgreSQL server has, for statements that must run
/// from outside the database they are about (`CREATE`/`DROP DATABASE`).
const MAINTENANCE_DATABASES: [&str; 2] = ["postgres", "template1"];

/// An open connection to one database.
#[derive(Debug)]
pub struct Connected {
    runtime: Runtime,
    connection: Option<PgConnection>,
    target: Target,
}

impl Connected {
    /// Connects to `target`.
    ///
    /// # Errors
    ///
    /// [`Error::Tool`] naming the database and where its URL came from,
    /// when the server cannot be reached or refuses the connection.
    pub fn open(target: &Target) -> Result<Self, Error> {
        let runtime = runtime()?;
        let connection = runtime.block_on(connect(target))?;
        Ok(Self {
            runtime,
            connection: Some(connection),
            target: target.clone(),
        })
    }

    /// A connection to the server of `target` from outside the database
    /// `avoid` (which is about to be created or dropped): `target`'s own
    /// database if it is another one, else `postgres`, else `template1`.
    ///
    /// # Errors
    ///
    /// As [`Connected::open`], with the last attempt's error.
    pub fn maintenance(target: &Target, avoid: &str) -> Result<Self, Error> {
        let own = target.database().filter(|database| *database != avoid);
        let candidates = own.into_iter().chain(
            MAINTENANCE_DATABASES
                .into_iter()
                .filter(|name| *name != avoid),
        );
        let mut last_error = None;
        for database in candidates {
            match Self::open(&target.with_database(database)?) {
                Ok(connected) => return Ok(connected),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or_else(|| {
            Error::Tool(format!(
                "no database to connect to on the server of {target}"
            ))
        }))
    }

    /// The database it is connected to.
    #[must_use]
    pub const fn target(&self) -> &Target {
        &self.target
    }

    /// Runs `sql`, one statement, and returns each row's fields as text
    /// (booleans as `t` and `f`, as psql prints them; integers in decimal;
    /// NULL as empty).
    ///
    /// # Errors
    ///
    /// Fails, naming the database, when the statement fails or a column
    /// is of a type other than text, name, boolean or integer.
    pub fn rows(&mut self, sql: &'static str) -> Result<Vec<Vec<String>>, Error> {
        self.try_rows(sql, &[])
            .map_err(|error| statement_failed(&self.target, &error))
    }

    /// As [`Connected::rows`], with `binds` for `$1`, `$2`…, and sqlx's own
    /// error, for callers that tell one failure from another.
    ///
    /// # Errors
    ///
    /// The statement's error.
    pub fn try_rows(
        &mut self,
        sql: impl SqlSafeStr,
        binds: &[&str],
    ) -> Result<Vec<Vec<String>>, sqlx::Error> {
        let Some(connection) = self.connection.as_mut() else {
            return Err(sqlx::Error::PoolClosed);
        };
        let mut query = sqlx::query(sql);
        for bind in binds {
            query = query.bind(*bind);
        }
        let rows = self.runtime.block_on(query.fetch_all(connection))?;
        rows.iter().map(text_fields).collect()
    }

    /// Runs `statement`, which codegen composed itself with every name
    /// quoted as an identifier and every literal as a string, by this
    /// module's quoting helpers.
    ///
    /// # Errors
    ///
    /// Fails, naming the database, when the statement fails.
    pub fn execute(&mut self, statement: String) -> Result<(), Error> {
        let Some(connection) = self.connection.as_mut() else {
            return Err(statement_failed(&self.target, &sqlx::Error::PoolClosed));
        };
        self.runtime
            .block_on(sqlx::raw_sql(AssertSqlSafe(statement)).execute(connection))
            .map(drop)
            .map_err(|error| statement_failed(&self.target, &error))
    }

    /// Closes the connection cleanly, so the server sees it gone at once.
    pub fn close(mut self) {
        if let Some(connection) = self.connection.take() {
            let _ = self.runtime.block_on(connection.close());
        }
    }
}

/// A runtime for one command's database work: one thread is plenty.
fn runtime() -> Result<Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Tool(format!("cannot start codegen's database runtime: {error}")))
}

async fn connect(target: &Target) -> Result<PgConnection, Error> {
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        PgConnection::connect_with(target.options()),
    )
    .await
    {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(Error::Tool(format!(
            "cannot connect to {target}: {error}; check that PostgreSQL runs there and that \
             the URL is right"
        ))),
        Err(_) => Err(Error::Tool(format!(
            "cannot connect to {target}: no answer in {} seconds; check that PostgreSQL runs \
             there and that the URL is right",
            CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

fn statement_failed(target: &Target, error: &sqlx::Error) -> Error {
    Error::Tool(format!("a statement failed on {target}: {error}"))
}

/// The SQLSTATE of a database error, if `error` is one.
#[must_use]
pub fn sqlstate(error: &sqlx::Error) -> Option<String> {
    match error {
        sqlx::Error::Database(database) => database.code().map(|code| code.into_owned()),
        _ => None,
    }
}

fn text_fields(row: &PgRow) -> Result<Vec<String>, sqlx::Error> {
    (0..row.len())
        .map(|index| {
            let text = match row.columns()[index].type_info().name() {
                "BOOL" => row
                    .try_get::<Option<bool>, _>(index)?
                    .map(|value| if value { "t" } else { "f" }.to_owned()),
                "INT2" => row.try_get::<Option<i16>, _>(index)?.map(|n| n.to_string()),
                "INT4" => row.try_get::<Option<i32>, _>(index)?.map(|n| n.to_string()),
                "INT8" => row.try_get::<Option<i64>, _>(index)?.map(|n| n.to_string()),
                _ => row.try_get::<Option<String>, _>(index)?,
            };
            Ok(text.unwrap_or_default())
        })
        .collect()
}

/// `name` as a quoted SQL identifier.
#[must_use]
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `text` as a quoted SQL string literal (standard-conforming strings, on
/// by default since PostgreSQL 9.1).
#[must_use]
pub fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
