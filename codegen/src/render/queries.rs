//! The SQL of each method of an entity's PostgreSQL repository, with the
//! Rust expressions bound to its placeholders.
//!
//! Statements are laid out one clause per line, without base indentation;
//! the template indents them into the raw string literal.

use crate::model::{Entity, Filter};

/// A statement and the arguments bound to `$1`, `$2`, ….
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The SQL.
    pub sql: String,
    /// One Rust expression per placeholder, in order.
    pub arguments: Vec<String>,
}

impl Query {
    /// The SQL with every line but the first indented by `width` spaces,
    /// for the template to place in a raw string literal whose first line it
    /// indents itself. (askama's `indent` filter stops at 16 spaces, too few
    /// for a statement inside an `if`.)
    #[must_use]
    pub fn sql_indented(&self, width: usize) -> String {
        let indent = " ".repeat(width);
        self.sql.replace('\n', &format!("\n{indent}"))
    }
}

/// Every query of an entity's repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queries {
    /// `add`.
    pub insert: Query,
    /// `lookup`.
    pub lookup: Query,
    /// `find_by_*`, one per unique field, in field order.
    pub find_by: Vec<Query>,
    /// `list`, paginating forwards.
    pub list_forward: Query,
    /// `list`, paginating backwards.
    pub list_backward: Query,
    /// `count`.
    pub count: Query,
    /// `update`.
    pub update: Query,
    /// `remove`.
    pub remove: Query,
}

impl Queries {
    /// The queries of `entity`'s repository.
    #[must_use]
    pub fn of(entity: &Entity) -> Self {
        let filters = entity.filters();
        Self {
            insert: insert(entity),
            lookup: select_where(entity, &entity.key_column(), "Uuid::from(id)"),
            find_by: entity
                .unique_fields()
                .map(|field| select_where(entity, &field.column(), &field.bind_argument()))
                .collect(),
            list_forward: list(entity, &filters, "ASC"),
            list_backward: list(entity, &filters, "DESC"),
            count: count(entity, &filters),
            update: update(entity),
            remove: Query {
                sql: format!(
                    "DELETE FROM {}\nWHERE {} = $1",
                    entity.table_sql(),
                    entity.key_column()
                ),
                arguments: vec![format!("Uuid::from({}.id)", entity.module)],
            },
        }
    }
}

fn columns(entity: &Entity) -> Vec<String> {
    let mut columns = vec![entity.key_column(), "created_at".to_owned()];
    columns.extend(entity.fields.iter().map(|field| field.column()));
    columns
}

fn indented_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("    {item}"))
        .collect::<Vec<_>>()
        .join(",\n")
}

fn select(entity: &Entity) -> String {
    format!(
        "SELECT\n{}\nFROM {}",
        indented_list(&columns(entity)),
        entity.table_sql()
    )
}

fn insert(entity: &Entity) -> Query {
    let columns = columns(entity);
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let record = &entity.module;
    let mut arguments = vec![
        format!("Uuid::from({record}.id)"),
        format!("{record}.created_at"),
    ];
    arguments.extend(entity.fields.iter().map(|field| field.bind(record)));
    Query {
        sql: format!(
            "INSERT INTO {} (\n{}\n)\nVALUES ({})",
            entity.table_sql(),
            indented_list(&columns),
            placeholders.join(", ")
        ),
        arguments,
    }
}

fn select_where(entity: &Entity, column: &str, argument: &str) -> Query {
    Query {
        sql: format!("{}\nWHERE {column} = $1", select(entity)),
        arguments: vec![argument.to_owned()],
    }
}

/// The filter's conditions from `$1`, one per line, and their arguments.
fn filter_conditions(filters: &[Filter]) -> (Vec<String>, Vec<String>) {
    filters
        .iter()
        .enumerate()
        .map(|(index, filter)| (filter.condition(index + 1), filter.bind()))
        .unzip()
}

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        return String::new();
    }
    format!("\nWHERE {}", conditions.join("\n  AND "))
}

fn list(entity: &Entity, filters: &[Filter], order: &str) -> Query {
    let (mut conditions, mut arguments) = filter_conditions(filters);
    let key = entity.key_column();
    let before = conditions.len() + 1;
    let after = before + 1;
    let limit = after + 1;
    conditions.push(format!("(${before}::UUID IS NULL OR {key} < ${before})"));
    conditions.push(format!("(${after}::UUID IS NULL OR {key} > ${after})"));
    arguments.extend([
        "before".to_owned(),
        "after".to_owned(),
        "pagination.fetch_limit()".to_owned(),
    ]);
    Query {
        sql: format!(
            "{}{}\nORDER BY {key} {order}\nLIMIT ${limit}",
            select(entity),
            where_clause(&conditions)
        ),
        arguments,
    }
}

fn count(entity: &Entity, filters: &[Filter]) -> Query {
    let (conditions, arguments) = filter_conditions(filters);
    Query {
        sql: format!(
            "SELECT COUNT(*) AS \"count!\"\nFROM {}{}",
            entity.table_sql(),
            where_clause(&conditions)
        ),
        arguments,
    }
}

fn update(entity: &Entity) -> Query {
    let record = &entity.module;
    let assignments: Vec<String> = entity
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| format!("{} = ${}", field.column(), index + 2))
        .collect();
    let mut arguments = vec![format!("Uuid::from({record}.id)")];
    arguments.extend(entity.fields.iter().map(|field| field.bind(record)));
    Query {
        sql: format!(
            "UPDATE {}\nSET\n{}\nWHERE {} = $1",
            entity.table_sql(),
            indented_list(&assignments),
            entity.key_column()
        ),
        arguments,
    }
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn every_line_but_the_first_is_indented_by_the_width_asked() {
        let query = Query {
            sql: "SELECT\n    a\nFROM t".to_owned(),
            arguments: Vec::new(),
        };

        assert_eq!(
            query.sql_indented(20),
            format!("SELECT\n{0}    a\n{0}FROM t", " ".repeat(20))
        );
    }
}
