//! Method names that follow from an entity's or a field's name, and the
//! tracing spans of repository methods.

use super::case::to_snake_case;

/// The accessor of entity `entity`'s repository on `RepositoryAccess`:
/// `user_email()` for `UserEmail`.
///
/// After the entity's name, so that a build script that sees only the
/// trait `UserEmailRepository` names it the same.
#[must_use]
pub fn accessor_method(entity: &str) -> String {
    to_snake_case(entity)
}

/// The constructor of an entity's filter type, which matches every row:
/// `DeviceFilter::new()`.
pub const FILTER_CONSTRUCTOR: &str = "new";

/// The lookup by the unique column `column`: `find_by_username`.
#[must_use]
pub fn find_by_method(column: &str) -> String {
    format!("find_by_{column}")
}

/// The filter builder that keeps the rows whose reference `field` points
/// at a given entity: `for_owner`.
#[must_use]
pub fn reference_filter_builder(field: &str) -> String {
    format!("for_{field}")
}

/// The filter builder that keeps the rows whose bool `field` has a given
/// value: `with_active`.
#[must_use]
pub fn bool_filter_builder(field: &str) -> String {
    format!("with_{field}")
}

/// The filter builder that keeps the rows whose nullable `field` is set,
/// or unset: `with_notes_present`.
#[must_use]
pub fn presence_filter_builder(field: &str) -> String {
    format!("with_{}", presence_filter_getter(field))
}

/// The getter of a presence filter on `field`, also the filter's private
/// field: `notes_present`. Other filters' getters are the field's name.
#[must_use]
pub fn presence_filter_getter(field: &str) -> String {
    format!("{field}_present")
}

/// The tracing span of repository method `method` of the entity in module
/// `module`: `db.user_email.add`.
#[must_use]
pub fn span_name(module: &str, method: impl std::fmt::Display) -> String {
    format!("db.{module}.{method}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert_eq!(accessor_method("UserEmail"), "user_email");
        assert_eq!(find_by_method("username"), "find_by_username");
        assert_eq!(reference_filter_builder("owner"), "for_owner");
        assert_eq!(bool_filter_builder("active"), "with_active");
        assert_eq!(presence_filter_builder("notes"), "with_notes_present");
        assert_eq!(presence_filter_getter("notes"), "notes_present");
        assert_eq!(span_name("user_email", "add"), "db.user_email.add");
    }
}
