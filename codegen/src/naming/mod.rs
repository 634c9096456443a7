//! Naming: how an entity's name becomes module, table, column, type and
//! method names, and which names are off limits.
//!
//! Every name the generator derives comes from here, so that the CLI, the
//! templates and the source scanner agree on them.

mod case;
mod keywords;
mod plural;
mod similar;

pub use self::{
    case::{is_pascal_case, is_snake_case, to_pascal_case, to_snake_case, words},
    keywords::{RESERVED_TYPE_NAMES, is_rust_keyword, is_sql_reserved, quote_sql_identifier},
    plural::pluralize,
    similar::closest,
};

/// PostgreSQL truncates identifiers longer than this many bytes.
pub const MAX_SQL_IDENTIFIER_LEN: usize = 63;

/// The table that holds entity `pascal_name`: its snake_case name, plural.
#[must_use]
pub fn table_name(pascal_name: &str) -> String {
    let snake = to_snake_case(pascal_name);
    match snake.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", pluralize(last)),
        None => pluralize(&snake),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_pluralise_the_last_word() {
        assert_eq!(table_name("User"), "users");
        assert_eq!(table_name("UserEmail"), "user_emails");
        assert_eq!(table_name("Person"), "people");
        assert_eq!(table_name("People"), "people");
        assert_eq!(table_name("AccessToken"), "access_tokens");
        assert_eq!(table_name("DeviceCategory"), "device_categories");
        assert_eq!(table_name("Oauth2Session"), "oauth2_sessions");
        assert_eq!(table_name("Status"), "statuses");
    }
}
