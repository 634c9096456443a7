//! What the PostgreSQL module writes for `runtime.query-tracing`: with an
//! extension trait whose `.traced()` records a query's SQL on the current
//! span (matrix-authentication-service's `ExecuteExt`), every method's span
//! declares the empty `db.query.text` field that it fills in, and every
//! query goes through `.traced()` before it runs. Without one, neither.
//!
//! `.traced()` follows the macro call, so the query's literal, and with it
//! the offline data sqlx names after it, are the same either way.

use std::fmt::Display;

use crate::config::TRACED_METHOD;

/// Whether the PostgreSQL module traces its queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryTracing {
    traced: bool,
}

/// The span field `.traced()` records the SQL in, as OpenTelemetry names it.
const QUERY_TEXT_FIELD: &str = "db.query.text";

impl QueryTracing {
    /// Tracing when `traced`.
    #[must_use]
    pub const fn new(traced: bool) -> Self {
        Self { traced }
    }

    /// The `, fields(…)` argument of a method's `#[tracing::instrument]`,
    /// its leading comma included: the method's own `fields` (such as
    /// `user.id = %id`, or empty for none), after `db.query.text` when
    /// tracing; empty when there is no field at all.
    #[must_use]
    pub fn fields(&self, own: impl Display) -> String {
        let own = own.to_string();
        let fields: Vec<&str> = [self.traced.then_some(QUERY_TEXT_FIELD), Some(own.as_str())]
            .into_iter()
            .flatten()
            .filter(|field| !field.is_empty())
            .collect();
        if fields.is_empty() {
            String::new()
        } else {
            format!(", fields({})", fields.join(", "))
        }
    }

    /// What comes between a query macro's call and the call that runs it:
    /// `.traced()` when tracing, else nothing.
    #[must_use]
    pub fn traced(&self) -> String {
        if self.traced {
            format!(".{TRACED_METHOD}()")
        } else {
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_tracing_a_span_keeps_its_own_fields_and_queries_run_as_they_are() {
        let tracing = QueryTracing::new(false);
        assert_eq!(tracing.fields(""), "");
        assert_eq!(tracing.fields("tag.id = %id"), ", fields(tag.id = %id)");
        assert_eq!(tracing.traced(), "");
    }

    #[test]
    fn with_tracing_every_span_declares_the_query_text_first() {
        let tracing = QueryTracing::new(true);
        assert_eq!(tracing.fields(""), ", fields(db.query.text)");
        assert_eq!(
            tracing.fields("tag.id = %id"),
            ", fields(db.query.text, tag.id = %id)"
        );
        assert_eq!(tracing.traced(), ".traced()");
    }
}
