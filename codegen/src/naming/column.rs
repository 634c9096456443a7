//! Column names that follow from other names: the key column after its
//! entity, and a reference's column after the reference.

use super::case::to_snake_case;

/// What a column holding another row's id ends with.
const ID_SUFFIX: &str = "_id";

/// The key column of entity `entity` (a `PascalCase` name): `user_email_id`
/// for `UserEmail`.
///
/// After the entity's name, not its module, which a hand-written crate may
/// name otherwise: the column must not move when a file does.
#[must_use]
pub fn key_column(entity: &str) -> String {
    reference_column(&to_snake_case(entity))
}

/// The Rust field and column of the reference named `reference`:
/// `owner_id` for `owner`.
#[must_use]
pub fn reference_column(reference: &str) -> String {
    format!("{reference}{ID_SUFFIX}")
}

/// The reference whose column is `column`, the inverse of
/// [`reference_column`]: `owner` for `owner_id`, `None` for a column that
/// cannot hold a reference.
#[must_use]
pub fn reference_name(column: &str) -> Option<&str> {
    column.strip_suffix(ID_SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_columns_follow_the_entity_name() {
        assert_eq!(key_column("User"), "user_id");
        assert_eq!(key_column("UserEmail"), "user_email_id");
        assert_eq!(key_column("OAuth2Session"), "o_auth2_session_id");
        assert_eq!(key_column("HTTPServer"), "http_server_id");
    }

    #[test]
    fn reference_columns_and_back() {
        assert_eq!(reference_column("owner"), "owner_id");
        assert_eq!(reference_name("owner_id"), Some("owner"));
        assert_eq!(
            reference_name(&reference_column("last_editor")),
            Some("last_editor")
        );
        assert_eq!(reference_name("owner"), None);
        assert_eq!(reference_name("identity"), None);
    }
}
