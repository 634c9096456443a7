//! Foreign-key names, as PostgreSQL makes them for an inline `REFERENCES`:
//! the generator writes none itself, but compares the schema a database
//! has with the one its migrations would make.

/// The foreign key on `column` of `table`: `devices_owner_id_fkey`.
#[must_use]
pub fn foreign_key_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_fkey")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_key_names() {
        assert_eq!(
            foreign_key_name("devices", "owner_id"),
            "devices_owner_id_fkey"
        );
    }
}
