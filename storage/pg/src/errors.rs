//! What can go wrong between a repository and PostgreSQL.

use sqlx::postgres::PgQueryResult;
use ulid::Ulid;

/// The error of every PostgreSQL repository.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The driver or the server reported an error.
    #[error(transparent)]
    Driver(#[from] sqlx::Error),

    /// The database holds something the code cannot represent.
    #[error(transparent)]
    Inconsistency(#[from] DatabaseInconsistencyError),

    /// A statement that must touch a known number of rows touched another.
    #[error("expected {expected} rows to be affected, but {actual} were")]
    RowsAffected {
        /// How many rows the statement should have touched.
        expected: u64,
        /// How many it touched.
        actual: u64,
    },
}

impl DatabaseError {
    /// Fail unless the statement behind `result` touched exactly `expected` rows.
    ///
    /// # Errors
    ///
    /// Returns [`DatabaseError::RowsAffected`] when the count differs.
    pub fn ensure_affected_rows(result: &PgQueryResult, expected: u64) -> Result<(), Self> {
        let actual = result.rows_affected();
        if actual == expected {
            Ok(())
        } else {
            Err(Self::RowsAffected { expected, actual })
        }
    }

    /// Whether PostgreSQL refused the statement because it would break a
    /// unique constraint (SQLSTATE 23505).
    #[must_use]
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Self::Driver(sqlx::Error::Database(error)) => error.is_unique_violation(),
            _ => false,
        }
    }

    /// Whether PostgreSQL refused the statement because it would break a
    /// foreign key (SQLSTATE 23503).
    #[must_use]
    pub fn is_foreign_key_violation(&self) -> bool {
        match self {
            Self::Driver(sqlx::Error::Database(error)) => error.is_foreign_key_violation(),
            _ => false,
        }
    }
}

/// A value read from the database that the code cannot represent, located by
/// table, column and row.
#[derive(Debug, thiserror::Error)]
#[error("database inconsistency on table `{table}`, column `{column}`, row {row}: {reason}")]
pub struct DatabaseInconsistencyError {
    table: &'static str,
    column: &'static str,
    row: String,
    reason: String,
}

impl DatabaseInconsistencyError {
    /// An inconsistency in `column` of `table`, in the row with key `row`.
    #[must_use]
    pub fn on(table: &'static str, column: &'static str, row: Ulid) -> Self {
        Self {
            table,
            column,
            row: row.to_string(),
            reason: String::from("invalid value"),
        }
    }

    /// An inconsistency that is not tied to one row, such as an aggregate.
    #[must_use]
    pub fn on_aggregate(table: &'static str, column: &'static str) -> Self {
        Self {
            table,
            column,
            row: String::from("(aggregate)"),
            reason: String::from("invalid value"),
        }
    }

    /// The same inconsistency, explained by `source`.
    #[must_use]
    pub fn because(mut self, source: impl std::fmt::Display) -> Self {
        self.reason = source.to_string();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistency_names_table_column_and_row() {
        let row = Ulid::from_parts(1, 2);
        let error = DatabaseInconsistencyError::on("devices", "serial", row)
            .because("out of range for u16");
        assert_eq!(
            error.to_string(),
            format!(
                "database inconsistency on table `devices`, column `serial`, row {row}: \
                 out of range for u16"
            )
        );
    }

    #[test]
    fn inconsistency_on_an_aggregate_says_so() {
        let error = DatabaseInconsistencyError::on_aggregate("devices", "count");
        assert!(error.to_string().contains("row (aggregate)"));
    }
}
