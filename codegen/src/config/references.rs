//! `[references.<Entity>]`: what codegen cannot read off a hand-written
//! entity that a generated one references, set by hand. Each key is
//! optional; what is left out is found in the workspace
//! ([`crate::input::HandWrittenSources`]).

use std::{collections::BTreeMap, path::Path};

use serde::Deserialize;

use crate::Error;

/// The settings of one hand-written entity, as `codegen.toml` gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReferenceSettings {
    /// The entity's table, as the migrations create it.
    pub table: Option<String>,
    /// The table's key column, which a reference's foreign key names.
    pub key: Option<String>,
    /// How the generated tests add one: an expression of `cx` (the test
    /// context) and `fresh` (a `u8` no other sample of the test uses) that
    /// adds the entity and gives it.
    pub add_sample: Option<String>,
}

/// The settings of every entity `[references]` names, each checked.
///
/// # Errors
///
/// Fails, naming the entity and the key, when a table or key is not a
/// plain SQL identifier or `add-sample` is not a Rust expression.
pub fn checked(
    references: BTreeMap<String, ReferenceSettings>,
    config_path: &Path,
) -> Result<BTreeMap<String, ReferenceSettings>, Error> {
    for (entity, settings) in &references {
        let refuse = |message: String| Error::Config {
            path: config_path.to_path_buf(),
            message: format!("[references.{entity}] {message}"),
        };
        for (key, value) in [("table", &settings.table), ("key", &settings.key)] {
            if let Some(value) = value
                && !is_sql_identifier(value)
            {
                return Err(refuse(format!(
                    "`{key} = \"{value}\"` is not a lowercase SQL identifier; write the name \
                     the migrations give it, such as `users` or `user_id`"
                )));
            }
        }
        if let Some(expression) = &settings.add_sample
            && let Err(error) = syn::parse_str::<syn::Expr>(expression)
        {
            return Err(refuse(format!(
                "`add-sample` is not a Rust expression ({error}); write one that adds a \
                 `{entity}` and gives it, such as `cx.repo.user().add(&mut cx.rng, &cx.clock, \
                 format!(\"user{{fresh}}\")).await.unwrap()`"
            )));
        }
    }
    Ok(references)
}

/// Lowercase ASCII letters, digits and underscores, not starting with a
/// digit: a name PostgreSQL keeps as written without quotes.
fn is_sql_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|first| !first.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(toml: &str) -> Result<BTreeMap<String, ReferenceSettings>, String> {
        let references: BTreeMap<String, ReferenceSettings> = toml::from_str(toml).unwrap();
        checked(references, Path::new("codegen.toml")).map_err(|error| error.to_string())
    }

    #[test]
    fn settings_are_read_and_checked() {
        let read = check(
            "[User]\ntable = \"accounts\"\nkey = \"account_id\"\nadd-sample = \"add_user(cx, fresh).await\"\n",
        )
        .unwrap();
        assert_eq!(read["User"].table.as_deref(), Some("accounts"));
        assert_eq!(read["User"].key.as_deref(), Some("account_id"));

        let error = check("[User]\ntable = \"Users\"\n").unwrap_err();
        assert!(
            error.contains(
                "[references.User] `table = \"Users\"` is not a lowercase SQL identifier"
            ),
            "{error}"
        );
        let error = check("[User]\nadd-sample = \"cx.repo.user(\"\n").unwrap_err();
        assert!(
            error.contains("[references.User] `add-sample` is not a Rust expression"),
            "{error}"
        );
    }
}
