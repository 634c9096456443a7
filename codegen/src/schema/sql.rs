//! Changes as SQL: the statements of a migration that applies them, and of
//! one that reverts them.

use crate::{
    naming::quote_sql_identifier as quote,
    schema::{Column, diff::Change},
};

/// The statements that apply `changes`; `create_table` renders the table of
/// a new entity exactly as `new-entity`'s migration does.
///
/// # Errors
///
/// Returns the first error of `create_table`.
pub fn up<E>(
    changes: &[Change],
    mut create_table: impl FnMut(&crate::model::Entity) -> Result<String, E>,
) -> Result<String, E> {
    let mut statements = Vec::new();
    for change in changes {
        match change {
            Change::CreateTable(entity) => {
                statements.push(create_table(entity)?.trim_end().to_owned());
            }
            other => statements.extend(apply(other)),
        }
    }
    Ok(finish(&statements))
}

/// The statements that revert `changes`, newest first.
#[must_use]
pub fn down(changes: &[Change]) -> String {
    let statements: Vec<String> = changes.iter().rev().flat_map(revert).collect();
    finish(&statements)
}

fn finish(statements: &[String]) -> String {
    let mut text = statements.join("\n");
    text.push('\n');
    text
}

fn column_definition(column: &Column) -> String {
    let null = if column.nullable { "" } else { " NOT NULL" };
    format!(
        "{} {}{null}",
        quote(&column.name),
        column.sql_type.to_uppercase()
    )
}

fn apply(change: &Change) -> Vec<String> {
    match change {
        Change::CreateTable(entity) => vec![format!("-- the table of `{}`", entity.name)],
        Change::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            quote(table),
            quote(from),
            quote(to)
        )],
        Change::RenameIndex { from, to } => vec![format!("ALTER INDEX {from} RENAME TO {to};")],
        Change::DropForeignKey { table, foreign_key } => vec![format!(
            "ALTER TABLE {} DROP CONSTRAINT {};",
            quote(table),
            foreign_key.name
        )],
        Change::DropIndex { index, .. } => vec![format!("DROP INDEX {};", index.name)],
        Change::DropColumn { table, column } => vec![format!(
            "ALTER TABLE {} DROP COLUMN {};",
            quote(table),
            quote(&column.name)
        )],
        Change::AddColumn {
            table,
            column,
            default,
        } => match default {
            // The default fills the rows that exist, then goes: a table
            // made by these migrations must equal one made from scratch.
            Some(default) => vec![
                format!(
                    "ALTER TABLE {} ADD COLUMN {} DEFAULT {default};",
                    quote(table),
                    column_definition(column)
                ),
                format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
                    quote(table),
                    quote(&column.name)
                ),
            ],
            None => vec![format!(
                "ALTER TABLE {} ADD COLUMN {};",
                quote(table),
                column_definition(column)
            )],
        },
        Change::AlterType {
            table,
            column,
            to,
            using,
            ..
        } => {
            let using = using
                .as_ref()
                .map(|using| format!(" USING {using}"))
                .unwrap_or_default();
            vec![format!(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {}{using};",
                quote(table),
                quote(column),
                to.to_uppercase()
            )]
        }
        Change::DropNotNull { table, column } => vec![format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL;",
            quote(table),
            quote(column)
        )],
        Change::SetNotNull {
            table,
            column,
            fill,
        } => vec![
            format!(
                "UPDATE {} SET {} = {fill} WHERE {} IS NULL;",
                quote(table),
                quote(column),
                quote(column)
            ),
            format!(
                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;",
                quote(table),
                quote(column)
            ),
        ],
        Change::AddForeignKey { table, foreign_key } => vec![format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({});",
            quote(table),
            foreign_key.name,
            quote(&foreign_key.column),
            quote(&foreign_key.table),
            quote(&foreign_key.references)
        )],
        Change::CreateIndex { table, index } => {
            let kind = if index.unique {
                "UNIQUE INDEX"
            } else {
                "INDEX"
            };
            let columns: Vec<String> = index.columns.iter().map(|column| quote(column)).collect();
            vec![format!(
                "CREATE {kind} {} ON {} ({});",
                index.name,
                quote(table),
                columns.join(", ")
            )]
        }
    }
}

/// The inverse of one change. Values of a dropped column cannot come back:
/// the column returns nullable and empty.
fn revert(change: &Change) -> Vec<String> {
    let inverse = match change {
        Change::CreateTable(entity) => {
            return vec![format!("DROP TABLE {};", quote(&entity.table))];
        }
        Change::RenameColumn { table, from, to } => Change::RenameColumn {
            table: table.clone(),
            from: to.clone(),
            to: from.clone(),
        },
        Change::RenameIndex { from, to } => Change::RenameIndex {
            from: to.clone(),
            to: from.clone(),
        },
        Change::DropForeignKey { table, foreign_key } => Change::AddForeignKey {
            table: table.clone(),
            foreign_key: foreign_key.clone(),
        },
        Change::AddForeignKey { table, foreign_key } => Change::DropForeignKey {
            table: table.clone(),
            foreign_key: foreign_key.clone(),
        },
        Change::DropIndex { table, index } => Change::CreateIndex {
            table: table.clone(),
            index: index.clone(),
        },
        Change::CreateIndex { table, index } => Change::DropIndex {
            table: table.clone(),
            index: index.clone(),
        },
        Change::DropColumn { table, column } => {
            let mut statements = vec![format!(
                "-- `{table}.{}` comes back empty: its values are not restored.",
                column.name
            )];
            statements.extend(apply(&Change::AddColumn {
                table: table.clone(),
                column: Column {
                    nullable: true,
                    ..column.clone()
                },
                default: None,
            }));
            return statements;
        }
        Change::AddColumn { table, column, .. } => Change::DropColumn {
            table: table.clone(),
            column: column.clone(),
        },
        Change::AlterType {
            table,
            column,
            from,
            to,
            ..
        } => Change::AlterType {
            table: table.clone(),
            column: column.clone(),
            from: to.clone(),
            to: from.clone(),
            using: Some(format!("{}::{from}", quote(column))),
        },
        Change::DropNotNull { table, column } => {
            return vec![format!(
                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;",
                quote(table),
                quote(column)
            )];
        }
        Change::SetNotNull { table, column, .. } => Change::DropNotNull {
            table: table.clone(),
            column: column.clone(),
        },
    };
    apply(&inverse)
}
