//! The JSON of one offline data file, field for field as sqlx serializes
//! its `QueryData` (sqlx-macros-core's `query/data.rs`): the driver's
//! name, the query, sqlx's `Describe` of it (its `PgColumn`s, `Either` of
//! parameter types, nullability) and the hash, pretty-printed by
//! serde_json with a newline after. Serializing the same shapes with the
//! same serde_json is what makes the bytes the same.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::OfflineFormat;
use crate::{
    naming,
    render::{ColumnOrigin, Query},
};

/// `Postgres::NAME`, which sqlx checks a file against before reading it.
const DB_NAME: &str = "PostgreSQL";

#[derive(Serialize)]
struct QueryData<'a> {
    db_name: &'static str,
    query: &'a str,
    describe: Describe<'a>,
    hash: &'a str,
}

#[derive(Serialize)]
struct Describe<'a> {
    columns: Vec<Column<'a>>,
    /// `Option<Either<Vec<PgTypeInfo>, usize>>`: PostgreSQL always gives
    /// the types, the `Left`.
    parameters: Parameters,
    nullable: Vec<Option<bool>>,
}

#[derive(Serialize)]
enum Parameters {
    Left(Vec<&'static str>),
}

#[derive(Serialize)]
struct Column<'a> {
    ordinal: usize,
    name: &'a str,
    type_info: &'static str,
    /// sqlx 0.9's `ColumnOrigin`; 0.7 and 0.8 have no such field.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
}

/// sqlx's `ColumnOrigin`: `{"Table": {"table": …, "name": …}}` or
/// `"Expression"`.
#[derive(Serialize)]
enum Origin {
    Table { table: String, name: String },
    Expression,
}

/// The sha256 of `text` in lowercase hex: the `hash` of a file, and its
/// name's middle part.
pub(super) fn hash(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// The file's name: `query-<hash>.json`.
pub(super) fn file_name(hash: &str) -> String {
    format!("query-{hash}.json")
}

/// The offline data file of `query`, in `format`, byte for byte as sqlx
/// writes it after describing the query to PostgreSQL.
pub(super) fn render(query: &Query, format: OfflineFormat) -> (String, String) {
    let text = query.literal();
    let hash = hash(&text);
    let data = QueryData {
        db_name: DB_NAME,
        query: &text,
        describe: describe(query, format),
        hash: &hash,
    };
    let mut json = serde_json::to_string_pretty(&data)
        .unwrap_or_else(|error| unreachable!("plain structs serialize: {error}"));
    json.push('\n');
    (file_name(&hash), json)
}

fn describe(query: &Query, format: OfflineFormat) -> Describe<'_> {
    let columns = query
        .columns
        .iter()
        .enumerate()
        .map(|(ordinal, column)| Column {
            ordinal,
            name: &column.name,
            type_info: column.ty.pg_type().described,
            origin: (format == OfflineFormat::WithOrigin).then(|| match &column.origin {
                // sqlx reads the table's name as `regclass::text`, as
                // PostgreSQL prints it; the column's as it is.
                ColumnOrigin::Table { table, column, .. } => Origin::Table {
                    table: naming::quote_sql_identifier_as_postgres(table),
                    name: column.clone(),
                },
                ColumnOrigin::Expression => Origin::Expression,
            }),
        })
        .collect();
    Describe {
        columns,
        parameters: Parameters::Left(
            query
                .parameters
                .iter()
                .map(|parameter| parameter.pg_type().described)
                .collect(),
        ),
        // From the catalog's `attnotnull` for a table's column; nothing for
        // an expression. (sqlx's EXPLAIN pass only adds outer joins, which
        // no generated query has.)
        nullable: query
            .columns
            .iter()
            .map(|column| match column.origin {
                ColumnOrigin::Table { nullable, .. } => Some(nullable),
                ColumnOrigin::Expression => None,
            })
            .collect(),
    }
}
