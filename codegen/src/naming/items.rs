//! The Rust items made for an entity: its module in each crate, and the
//! types and traits the storage crates declare for it.

use super::case::to_snake_case;

/// What a repository trait's name ends with, after its entity's.
const REPOSITORY_SUFFIX: &str = "Repository";

/// The module of entity `entity` in each crate: `user_email` for
/// `UserEmail`.
#[must_use]
pub fn module_name(entity: &str) -> String {
    to_snake_case(entity)
}

/// The repository trait of entity `entity`: `UserEmailRepository`.
#[must_use]
pub fn repository_trait(entity: &str) -> String {
    format!("{entity}{REPOSITORY_SUFFIX}")
}

/// The entity whose repository trait is `trait_name`, the inverse of
/// [`repository_trait`]: `UserEmail` for `UserEmailRepository`; `None` if
/// the name does not end in `Repository` or is nothing else.
#[must_use]
pub fn entity_of_repository_trait(trait_name: &str) -> Option<&str> {
    trait_name
        .strip_suffix(REPOSITORY_SUFFIX)
        .filter(|entity| !entity.is_empty())
}

/// The PostgreSQL implementation of the repository of `entity`:
/// `PgUserEmailRepository`.
#[must_use]
pub fn pg_repository(entity: &str) -> String {
    pg_implementation(&repository_trait(entity))
}

/// The PostgreSQL implementation of the repository trait `trait_name`:
/// `PgUserEmailRepository` for `UserEmailRepository`.
#[must_use]
pub fn pg_implementation(trait_name: &str) -> String {
    format!("Pg{trait_name}")
}

/// The struct of the fields `add` takes for `entity`: `NewUserEmail`.
#[must_use]
pub fn params_type(entity: &str) -> String {
    format!("New{entity}")
}

/// The filter type of `list` and `count` for `entity`: `UserEmailFilter`.
#[must_use]
pub fn filter_type(entity: &str) -> String {
    format!("{entity}Filter")
}

/// The row struct a PostgreSQL query reads for `entity`:
/// `UserEmailLookup`.
#[must_use]
pub fn row_type(entity: &str) -> String {
    format!("{entity}Lookup")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_names() {
        assert_eq!(module_name("UserEmail"), "user_email");
        assert_eq!(repository_trait("UserEmail"), "UserEmailRepository");
        assert_eq!(pg_repository("UserEmail"), "PgUserEmailRepository");
        assert_eq!(params_type("UserEmail"), "NewUserEmail");
        assert_eq!(filter_type("UserEmail"), "UserEmailFilter");
        assert_eq!(row_type("UserEmail"), "UserEmailLookup");
    }

    #[test]
    fn repository_traits_name_their_entity() {
        assert_eq!(
            entity_of_repository_trait(&repository_trait("UserEmail")),
            Some("UserEmail")
        );
        assert_eq!(entity_of_repository_trait("Repository"), None);
        assert_eq!(entity_of_repository_trait("Clock"), None);
    }
}
