//! The database the `db` commands work on: the one in `DATABASE_URL`, or a
//! throwaway cluster's.

use crate::Error;

/// The variable sqlx, sqlx-cli and `#[sqlx::test]` all read.
pub(super) const VAR: &str = "DATABASE_URL";

/// The superuser `initdb` creates in a throwaway cluster.
pub(super) const THROWAWAY_USER: &str = "postgres";

/// The database created in a throwaway cluster; a name of its own so that
/// `sqlx database create` has something to do, as it would on a real server.
const THROWAWAY_DATABASE: &str = "codegen";

/// The URL in `DATABASE_URL`, if it is set to something.
///
/// # Errors
///
/// Fails when the variable is not valid UTF-8.
pub(super) fn from_env() -> Result<Option<String>, Error> {
    parse_env(std::env::var(VAR))
}

fn parse_env(value: Result<String, std::env::VarError>) -> Result<Option<String>, Error> {
    match value {
        Ok(url) if url.trim().is_empty() => Ok(None),
        Ok(url) => Ok(Some(url)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Tool(format!(
            "`{VAR}` is not valid UTF-8; set it to a URL such as \
             `postgres://user:password@localhost:5432/db`, or unset it to use a throwaway PostgreSQL"
        ))),
    }
}

/// The URL of the throwaway cluster listening on `port`. Trust auth, so no
/// password.
pub(super) fn throwaway(port: u16) -> String {
    format!("postgres://{THROWAWAY_USER}@127.0.0.1:{port}/{THROWAWAY_DATABASE}")
}

/// `url` with its password masked, for progress lines and errors.
pub(super) fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    // The userinfo ends at the last `@`: an unescaped `@` in a password is
    // common enough in hand-written URLs.
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throwaway_url_names_the_port_user_and_database() {
        assert_eq!(
            throwaway(54321),
            "postgres://postgres@127.0.0.1:54321/codegen"
        );
    }

    #[test]
    fn an_empty_or_missing_variable_means_no_url() {
        assert!(parse_env(Ok("  ".to_owned())).unwrap().is_none());
        assert!(
            parse_env(Err(std::env::VarError::NotPresent))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            parse_env(Ok("postgres://h/db".to_owned()))
                .unwrap()
                .as_deref(),
            Some("postgres://h/db")
        );
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redacted("postgres://app:s3cr@t@db.example:5432/app?sslmode=require"),
            "postgres://app:***@db.example:5432/app?sslmode=require"
        );
        assert_eq!(
            redacted("postgresql://app:pw@localhost"),
            "postgresql://app:***@localhost"
        );
    }

    #[test]
    fn urls_without_a_password_are_kept() {
        for url in [
            "postgres://postgres@127.0.0.1:5432/postgres",
            "postgres://localhost/db?user=me",
            "postgres:///db?host=/run/postgresql",
            "not a url",
        ] {
            assert_eq!(redacted(url), url);
        }
    }
}
