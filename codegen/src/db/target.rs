//! A database to work on: its URL, parsed the way sqlx parses it, and where
//! that URL came from, so that every message can say which database it
//! means and how the user chose it.

use std::{fmt, path::PathBuf, str::FromStr};

use sqlx::{ConnectOptions, postgres::PgConnectOptions};
use url::Url;

use crate::Error;

/// A PostgreSQL database, by URL.
#[derive(Debug, Clone)]
pub struct Target {
    url: Url,
    options: PgConnectOptions,
    origin: Origin,
}

/// Where a database URL came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The `--database-url` option.
    Flag,
    /// A variable of codegen's environment.
    Environment {
        /// The variable: `DATABASE_URL`, or the one `sqlx.toml` names.
        var: String,
    },
    /// A variable in a `.env` file, as sqlx-cli reads it.
    DotEnv {
        /// The variable.
        var: String,
        /// The file.
        file: PathBuf,
    },
    /// A throwaway PostgreSQL that codegen started for this command.
    Throwaway,
    /// A scratch database that codegen made for this command on the server
    /// of a database from elsewhere.
    Scratch(Box<Origin>),
}

impl Target {
    /// Parses `url` as sqlx does (path, `?dbname=`, `?host=`, sockets and
    /// all).
    ///
    /// # Errors
    ///
    /// [`Error::Config`]-like usage error naming the origin when it is not a
    /// PostgreSQL URL.
    pub fn parse(url: &str, origin: Origin) -> Result<Self, Error> {
        let invalid = |reason: String| {
            Error::Usage(format!(
                "{origin} is not a PostgreSQL URL sqlx can use ({reason}); write it as \
                 `postgres://user:password@host:5432/database`"
            ))
        };
        let parsed = Url::parse(url.trim()).map_err(|error| invalid(error.to_string()))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(invalid(format!(
                "its scheme is `{}`, not `postgres`",
                parsed.scheme()
            )));
        }
        let options =
            PgConnectOptions::from_url(&parsed).map_err(|error| invalid(error.to_string()))?;
        Ok(Self {
            url: parsed,
            options,
            origin,
        })
    }

    /// The same server with another database: `name` in the path, and every
    /// other way of naming a database (`?dbname=`) removed, so that nothing
    /// in the URL can point sqlx back at the original database.
    ///
    /// # Errors
    ///
    /// Fails when the URL cannot hold a path (it always can for
    /// `postgres://`), or when sqlx would still read another database from
    /// it: a bug that must stop codegen before it touches anything.
    pub fn with_database(&self, name: &str) -> Result<Self, Error> {
        let mut url = self.url.clone();
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| key != "dbname")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        url.set_query(None);
        if !kept.is_empty() {
            url.query_pairs_mut().extend_pairs(kept);
        }
        url.set_path(&format!("/{name}"));
        let scratch = Self::parse(url.as_str(), self.origin.clone())?;
        if scratch.database() != Some(name) {
            return Err(Error::Tool(format!(
                "codegen made the URL of database `{name}` from {}, but sqlx reads database \
                 `{}` from it; nothing was done: please report this",
                self.origin,
                scratch.database().unwrap_or("(none)")
            )));
        }
        Ok(scratch)
    }

    /// The same database, described as a scratch database on the server
    /// the original URL came from.
    #[must_use]
    pub fn into_scratch(self) -> Self {
        Self {
            origin: Origin::Scratch(Box::new(self.origin.clone())),
            ..self
        }
    }

    /// The database it names; `None` when the URL names none (sqlx then
    /// uses the user name, as libpq does).
    #[must_use]
    pub fn database(&self) -> Option<&str> {
        self.options.get_database()
    }

    /// The options sqlx connects with.
    pub(super) const fn options(&self) -> &PgConnectOptions {
        &self.options
    }

    /// Where the URL came from.
    #[must_use]
    pub const fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The URL without its password, for tools' command lines and
    /// environments; [`Target::password`] travels as `PGPASSWORD`.
    #[must_use]
    pub fn without_password(&self) -> String {
        let mut url = self.url.clone();
        // Only fails for URLs that cannot have a password at all.
        let _ = url.set_password(None);
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| key != "password")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        if url.query().is_some() {
            url.set_query(None);
            if !kept.is_empty() {
                url.query_pairs_mut().extend_pairs(kept);
            }
        }
        url.into()
    }

    /// The password the URL holds, decoded, if it holds one.
    #[must_use]
    pub fn password(&self) -> Option<String> {
        let in_query = self
            .url
            .query_pairs()
            .find(|(key, _)| key == "password")
            .map(|(_, value)| value.into_owned());
        let in_userinfo = self.url.password().map(|password| {
            url::form_urlencoded::parse(format!("p={password}").as_bytes())
                .next()
                .map_or_else(|| password.to_owned(), |(_, value)| value.into_owned())
        });
        // As sqlx reads them: the query after the userinfo.
        in_query.or(in_userinfo)
    }

    /// The URL with its password masked, for messages.
    #[must_use]
    pub fn shown(&self) -> String {
        let mut url = Url::from_str(&self.without_password()).unwrap_or_else(|_| self.url.clone());
        if self.password().is_some() {
            let _ = url.set_password(Some("***"));
        }
        url.into()
    }
}

impl fmt::Display for Target {
    /// The database and where it came from: `postgres://u:***@h/db (from
    /// DATABASE_URL in .env)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.shown(), self.origin)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("`--database-url`"),
            Self::Environment { var } => write!(f, "`{var}` in the environment"),
            Self::DotEnv { var, file } => write!(f, "`{var}` in `{}`", file.display()),
            Self::Throwaway => f.write_str("a throwaway PostgreSQL started by codegen"),
            Self::Scratch(server) => write!(f, "a scratch database on the server of {server}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> Target {
        Target::parse(
            url,
            Origin::Environment {
                var: "DATABASE_URL".to_owned(),
            },
        )
        .unwrap()
    }

    #[test]
    fn the_database_is_read_as_sqlx_reads_it() {
        assert_eq!(target("postgres://h/app").database(), Some("app"));
        // `dbname=` wins over the path.
        assert_eq!(
            target("postgres://h:5432?dbname=mydb&user=postgres").database(),
            Some("mydb")
        );
        assert_eq!(
            target("postgres://h/path?dbname=query").database(),
            Some("query")
        );
    }

    #[test]
    fn another_database_on_the_same_server_keeps_no_trace_of_the_first() {
        for url in [
            "postgres://127.0.0.1:5432?dbname=mydb&user=postgres",
            "postgres://u:p@h:5432/mydb?sslmode=disable&dbname=mydb",
            "postgresql:///mydb?host=/run/postgresql&port=5433",
            "postgres://h/mydb",
        ] {
            let scratch = target(url).with_database("codegen_scratch_1").unwrap();
            assert_eq!(scratch.database(), Some("codegen_scratch_1"), "{url}");
            assert!(!scratch.without_password().contains("mydb"), "{url}");
        }
        let scratch = target("postgresql:///mydb?host=/run/postgresql&port=5433")
            .with_database("s")
            .unwrap();
        assert_eq!(
            scratch.options().get_socket().map(|path| path.as_path()),
            Some(std::path::Path::new("/run/postgresql"))
        );
        assert_eq!(scratch.options().get_port(), 5433);
    }

    #[test]
    fn passwords_leave_the_url_and_are_masked_in_messages() {
        let with_password = target("postgres://app:s3cr%40t@db.example:5432/app?sslmode=require");
        assert_eq!(with_password.password().as_deref(), Some("s3cr@t"));
        assert_eq!(
            with_password.without_password(),
            "postgres://app@db.example:5432/app?sslmode=require"
        );
        assert_eq!(
            with_password.shown(),
            "postgres://app:***@db.example:5432/app?sslmode=require"
        );
        let in_query = target("postgres://h/app?user=me&password=pw");
        assert_eq!(in_query.password().as_deref(), Some("pw"));
        assert!(!in_query.without_password().contains("pw"));
        assert!(!in_query.shown().contains("pw"));
        assert_eq!(target("postgres://h/app").password(), None);
    }

    #[test]
    fn what_is_not_a_postgres_url_is_refused_with_its_origin() {
        for url in ["host=localhost dbname=app", "mysql://h/db", ""] {
            let error = Target::parse(url, Origin::Flag).unwrap_err().to_string();
            assert!(
                error.starts_with("`--database-url` is not a PostgreSQL URL"),
                "{error}"
            );
            assert!(
                error.contains("postgres://user:password@host:5432/database"),
                "{error}"
            );
        }
    }

    #[test]
    fn origins_say_which_variable_and_file() {
        let origin = Origin::DotEnv {
            var: "APP_DATABASE_URL".to_owned(),
            file: PathBuf::from("/ws/.env"),
        };
        assert_eq!(origin.to_string(), "`APP_DATABASE_URL` in `/ws/.env`");
        assert_eq!(
            Origin::Scratch(Box::new(Origin::Flag)).to_string(),
            "a scratch database on the server of `--database-url`"
        );
    }
}
