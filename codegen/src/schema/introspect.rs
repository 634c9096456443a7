//! The schema the migrations produce, read from a database they were
//! applied to: the catalog, not the SQL text, so hand-written migrations
//! count exactly as much as generated ones.

use crate::{
    Error,
    schema::{Column, ForeignKey, Index, Schema, Table},
};

/// The table sqlx keeps its bookkeeping in; not the application's.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

const COLUMNS: &str = "
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
           COALESCE((SELECT true FROM information_schema.table_constraints t
                     JOIN information_schema.key_column_usage k
                       ON k.constraint_name = t.constraint_name
                      AND k.table_schema = t.table_schema
                    WHERE t.constraint_type = 'PRIMARY KEY'
                      AND t.table_schema = c.table_schema
                      AND t.table_name = c.table_name
                      AND k.column_name = c.column_name), false)
      FROM information_schema.columns c
      JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position";

// Columns joined with a comma, which no column the generator names holds.
const INDEXES: &str = "
    SELECT t.relname, i.relname, ix.indisunique,
           string_agg(a.attname, ',' ORDER BY k.ord)
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(ix.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = current_schema() AND NOT ix.indisprimary
     GROUP BY t.relname, i.relname, ix.indisunique
     ORDER BY t.relname, i.relname";

const FOREIGN_KEYS: &str = "
    SELECT t.relname, c.conname, a.attname, ft.relname, fa.attname
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_class ft ON ft.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND n.nspname = current_schema()
       AND array_length(c.conkey, 1) = 1
     ORDER BY t.relname, c.conname";

/// The schema of the database at `url`, through `query`, which runs one
/// statement and returns its rows as text.
///
/// # Errors
///
/// Fails when a query fails.
pub fn introspect(
    mut query: impl FnMut(&'static str) -> Result<Vec<Vec<String>>, Error>,
) -> Result<Schema, Error> {
    let mut schema = Schema::default();
    for row in query(COLUMNS)? {
        let [table, name, sql_type, nullable, primary_key] = fields(&row)?;
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let table = schema.tables.entry(table.clone()).or_insert_with(|| Table {
            name: table.clone(),
            ..Table::default()
        });
        table.columns.push(Column {
            name,
            sql_type,
            nullable: nullable == "YES",
            primary_key: primary_key == "t",
        });
    }
    for row in query(INDEXES)? {
        let [table, name, unique, columns] = fields(&row)?;
        if let Some(table) = schema.tables.get_mut(&table) {
            table.indexes.push(Index {
                name,
                columns: columns.split(',').map(str::to_owned).collect(),
                unique: unique == "t",
            });
        }
    }
    for row in query(FOREIGN_KEYS)? {
        let [table, name, column, target, references] = fields(&row)?;
        if let Some(table) = schema.tables.get_mut(&table) {
            table.foreign_keys.push(ForeignKey {
                name,
                column,
                table: target,
                references,
            });
        }
    }
    Ok(schema)
}

fn fields<const N: usize>(row: &[String]) -> Result<[String; N], Error> {
    <[String; N]>::try_from(row.to_vec()).map_err(|row| {
        Error::Tool(format!(
            "unexpected catalog row {row:?}: expected {N} fields; please report this"
        ))
    })
}
