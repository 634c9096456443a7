//! Index names: `<table>_<column>_key` for a unique index and
//! `<table>_<column>_idx` for a plain one, PostgreSQL's own naming for
//! unique constraints and indexes, so that a migration the generator
//! writes reads like one a person would.

/// The unique index on `column` of `table`: `users_username_key`.
#[must_use]
pub fn unique_index_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_key")
}

/// The plain index led by `column` of `table`: `devices_owner_id_idx`.
#[must_use]
pub fn plain_index_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_idx")
}

/// Whether `name` is what the generator calls an index of `table` led by
/// `column`, unique or not: any other index there is a person's.
#[must_use]
pub fn is_generated_index_name(name: &str, table: &str, column: &str) -> bool {
    name == unique_index_name(table, column) || name == plain_index_name(table, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names() {
        assert_eq!(unique_index_name("users", "username"), "users_username_key");
        assert_eq!(
            plain_index_name("devices", "owner_id"),
            "devices_owner_id_idx"
        );
        assert!(is_generated_index_name(
            "devices_serial_key",
            "devices",
            "serial"
        ));
        assert!(is_generated_index_name(
            "devices_serial_idx",
            "devices",
            "serial"
        ));
        assert!(!is_generated_index_name(
            "devices_serial_lower",
            "devices",
            "serial"
        ));
        assert!(!is_generated_index_name(
            "devices_serial_idx",
            "devices",
            "owner_id"
        ));
    }
}
