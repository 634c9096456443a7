//! The SQL of each method of an entity's PostgreSQL repository, with the
//! Rust expressions bound to its placeholders, and what PostgreSQL says of
//! each statement when sqlx describes it: its parameters' types and the
//! columns it returns.
//!
//! Statements are laid out one clause per line, without base indentation;
//! [`Query::literal`] indents them into the text of the raw string literal
//! the template writes. That text is what sqlx hashes to name the query's
//! offline data, so it is made here once, for the template and for
//! [`crate::offline`] alike.

use crate::model::{Entity, Filter, ScalarType};

/// A statement and the arguments bound to `$1`, `$2`, ….
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The repository method that runs it: `add`, `find_by_name`.
    pub method: String,
    /// Which of the method's statements it is, for a method with more than
    /// one: `paginating backwards`.
    pub case: Option<&'static str>,
    /// The SQL.
    pub sql: String,
    /// One Rust expression per placeholder, in order.
    pub arguments: Vec<String>,
    /// The type PostgreSQL infers for each placeholder, in order.
    pub parameters: Vec<ScalarType>,
    /// The columns the statement returns, in order.
    pub columns: Vec<OutputColumn>,
    /// How deep the template nests the macro call: the statement's lines
    /// are indented by this many spaces, the literal's closing line by four
    /// fewer.
    depth: usize,
}

/// A column a statement returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputColumn {
    /// Its name in the result, unquoted: `created_at`, `count!`.
    pub name: String,
    /// Its type.
    pub ty: ScalarType,
    /// Where its values come from.
    pub origin: ColumnOrigin,
}

/// Where a returned column's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnOrigin {
    /// A column of a table, read as it is.
    Table {
        /// The table, unquoted: `user_emails`.
        table: String,
        /// The column, unquoted.
        column: String,
        /// Whether the column may hold `NULL`.
        nullable: bool,
    },
    /// An expression (an aggregate), whose nullability PostgreSQL does not
    /// know.
    Expression,
}

impl Query {
    /// The text of the raw string literal that holds the statement in the
    /// generated code, between `r#"` and `"#`: what sqlx's macros read,
    /// hash and record.
    #[must_use]
    pub fn literal(&self) -> String {
        let indent = " ".repeat(self.depth);
        let closing = " ".repeat(self.depth.saturating_sub(4));
        format!(
            "\n{indent}{}\n{closing}",
            self.sql.replace('\n', &format!("\n{indent}"))
        )
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

/// How deep the template nests most macro calls: in a method's body.
const METHOD_BODY: usize = 16;

/// How deep it nests the list's, in an `if` in the method's body.
const BRANCH_BODY: usize = 20;

/// A placeholder's Rust argument and its type in PostgreSQL.
type Bound = (String, ScalarType);

impl Queries {
    /// The queries of `entity`'s repository.
    #[must_use]
    pub fn of(entity: &Entity) -> Self {
        let filters = entity.filters();
        let key = (
            format!("Uuid::from({}.id)", entity.module),
            ScalarType::Uuid,
        );
        Self {
            insert: insert(entity),
            lookup: select_where(
                entity,
                "lookup",
                &entity.key_column(),
                ("Uuid::from(id)".to_owned(), ScalarType::Uuid),
            ),
            find_by: entity
                .unique_fields()
                .map(|field| {
                    select_where(
                        entity,
                        &field.find_by_method(),
                        &field.column(),
                        (field.bind_argument(), field.scalar()),
                    )
                })
                .collect(),
            list_forward: list(entity, &filters, "ASC", "paginating forwards"),
            list_backward: list(entity, &filters, "DESC", "paginating backwards"),
            count: count(entity, &filters),
            update: update(entity),
            remove: query(
                "remove",
                format!(
                    "DELETE FROM {}\nWHERE {} = $1",
                    entity.table_sql(),
                    entity.key_column()
                ),
                vec![key],
                Vec::new(),
            ),
        }
    }

    /// Every query, in the order the template writes them.
    pub fn iter(&self) -> impl Iterator<Item = &Query> {
        [&self.insert, &self.lookup]
            .into_iter()
            .chain(&self.find_by)
            .chain([
                &self.list_backward,
                &self.list_forward,
                &self.count,
                &self.update,
                &self.remove,
            ])
    }
}

fn query(method: &str, sql: String, bound: Vec<Bound>, columns: Vec<OutputColumn>) -> Query {
    let (arguments, parameters) = bound.into_iter().unzip();
    Query {
        method: method.to_owned(),
        case: None,
        sql,
        arguments,
        parameters,
        columns,
        depth: METHOD_BODY,
    }
}

/// Every column of the table, with its type and nullability, in the order
/// the migration creates them.
fn table_columns(entity: &Entity) -> Vec<(String, OutputColumn)> {
    let column = |sql: String, name: String, ty, nullable| {
        let origin = ColumnOrigin::Table {
            table: entity.table.clone(),
            column: name.clone(),
            nullable,
        };
        (sql, OutputColumn { name, ty, origin })
    };
    let key = entity.key_column();
    let mut columns = vec![
        column(key.clone(), key, ScalarType::Uuid, false),
        column(
            "created_at".to_owned(),
            "created_at".to_owned(),
            ScalarType::DateTime,
            false,
        ),
    ];
    columns.extend(entity.fields.iter().map(|field| {
        column(
            field.column(),
            field.column_name(),
            field.scalar(),
            field.nullable,
        )
    }));
    columns
}

fn column_names(entity: &Entity) -> Vec<String> {
    table_columns(entity)
        .into_iter()
        .map(|(sql, _)| sql)
        .collect()
}

fn indented_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("    {item}"))
        .collect::<Vec<_>>()
        .join(",\n")
}

/// `SELECT` of every column, and the columns it returns.
fn select(entity: &Entity) -> (String, Vec<OutputColumn>) {
    let (names, columns): (Vec<_>, Vec<_>) = table_columns(entity).into_iter().unzip();
    let sql = format!(
        "SELECT\n{}\nFROM {}",
        indented_list(&names),
        entity.table_sql()
    );
    (sql, columns)
}

fn insert(entity: &Entity) -> Query {
    let columns = column_names(entity);
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let record = &entity.module;
    let mut bound = vec![
        (format!("Uuid::from({record}.id)"), ScalarType::Uuid),
        (format!("{record}.created_at"), ScalarType::DateTime),
    ];
    bound.extend(
        entity
            .fields
            .iter()
            .map(|field| (field.bind(record), field.scalar())),
    );
    query(
        "add",
        format!(
            "INSERT INTO {} (\n{}\n)\nVALUES ({})",
            entity.table_sql(),
            indented_list(&columns),
            placeholders.join(", ")
        ),
        bound,
        Vec::new(),
    )
}

fn select_where(entity: &Entity, method: &str, column: &str, argument: Bound) -> Query {
    let (select, columns) = select(entity);
    query(
        method,
        format!("{select}\nWHERE {column} = $1"),
        vec![argument],
        columns,
    )
}

/// The filter's conditions from `$1`, one per line, and their arguments.
fn filter_conditions(filters: &[Filter]) -> (Vec<String>, Vec<Bound>) {
    filters
        .iter()
        .enumerate()
        .map(|(index, filter)| {
            (
                filter.condition(index + 1),
                (filter.bind(), filter.parameter_type()),
            )
        })
        .unzip()
}

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        return String::new();
    }
    format!("\nWHERE {}", conditions.join("\n  AND "))
}

fn list(entity: &Entity, filters: &[Filter], order: &str, case: &'static str) -> Query {
    let (mut conditions, mut bound) = filter_conditions(filters);
    let key = entity.key_column();
    let uuid = ScalarType::Uuid.sql_type();
    let before = conditions.len() + 1;
    let after = before + 1;
    let limit = after + 1;
    conditions.push(format!("(${before}::{uuid} IS NULL OR {key} < ${before})"));
    conditions.push(format!("(${after}::{uuid} IS NULL OR {key} > ${after})"));
    bound.extend([
        ("before".to_owned(), ScalarType::Uuid),
        ("after".to_owned(), ScalarType::Uuid),
        // One row more than the page holds tells whether another follows;
        // `LIMIT` takes a `BIGINT`.
        (
            "i64::try_from(pagination.count.saturating_add(1)).unwrap_or(i64::MAX)".to_owned(),
            ScalarType::I64,
        ),
    ]);
    let (select, columns) = select(entity);
    Query {
        case: Some(case),
        depth: BRANCH_BODY,
        ..query(
            "list",
            format!(
                "{select}{}\nORDER BY {key} {order}\nLIMIT ${limit}",
                where_clause(&conditions)
            ),
            bound,
            columns,
        )
    }
}

fn count(entity: &Entity, filters: &[Filter]) -> Query {
    let (conditions, bound) = filter_conditions(filters);
    // `COUNT(*)` is a `BIGINT`; `!` tells sqlx it is never `NULL`, which
    // PostgreSQL cannot say of an expression.
    let name = "count!";
    query(
        "count",
        format!(
            "SELECT COUNT(*) AS \"{name}\"\nFROM {}{}",
            entity.table_sql(),
            where_clause(&conditions)
        ),
        bound,
        vec![OutputColumn {
            name: name.to_owned(),
            ty: ScalarType::I64,
            origin: ColumnOrigin::Expression,
        }],
    )
}

fn update(entity: &Entity) -> Query {
    let record = &entity.module;
    let assignments: Vec<String> = entity
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| format!("{} = ${}", field.column(), index + 2))
        .collect();
    let mut bound = vec![(format!("Uuid::from({record}.id)"), ScalarType::Uuid)];
    bound.extend(
        entity
            .fields
            .iter()
            .map(|field| (field.bind(record), field.scalar())),
    );
    query(
        "update",
        format!(
            "UPDATE {}\nSET\n{}\nWHERE {} = $1",
            entity.table_sql(),
            indented_list(&assignments),
            entity.key_column()
        ),
        bound,
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_literal_indents_every_line_to_the_depth_of_the_call() {
        let query = Query {
            depth: 20,
            ..query(
                "lookup",
                "SELECT\n    a\nFROM t".to_owned(),
                Vec::new(),
                Vec::new(),
            )
        };

        assert_eq!(
            query.literal(),
            format!(
                "\n{0}SELECT\n{0}    a\n{0}FROM t\n{1}",
                " ".repeat(20),
                " ".repeat(16)
            )
        );
    }
}
