//! Table names: an entity's name in snake_case, its last word plural.

use super::{case::to_snake_case, plural::pluralize};

/// The table that holds entity `entity` (a `PascalCase` name): its
/// snake_case name with the last word plural, `user_emails` for
/// `UserEmail`.
#[must_use]
pub fn table_name(entity: &str) -> String {
    let snake = to_snake_case(entity);
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
        assert_eq!(table_name("OAuth2Session"), "o_auth2_sessions");
        assert_eq!(table_name("HttpServer"), "http_servers");
        assert_eq!(table_name("Status"), "statuses");
    }
}
