//! The changes that take the schema the migrations produce to the schema
//! the data model describes, and the ones that cannot be made safely.
//!
//! Renames are never guessed: a field marked `#[entity(renamed_from =
//! "old")]` becomes a `RENAME COLUMN`; any other missing column is dropped
//! and any other new one added.

use std::collections::BTreeMap;

use crate::{
    model::Entity,
    naming,
    schema::{Column, ForeignKey, Index, Schema, Table, desired::desired_table},
    validate::{Diagnostics, Origin},
};

/// One change to the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A table for a new entity.
    CreateTable(Box<Entity>),
    /// `ALTER TABLE … RENAME COLUMN`.
    RenameColumn {
        /// The table.
        table: String,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ALTER INDEX … RENAME TO`, for an index named after a renamed column.
    RenameIndex {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ALTER TABLE … DROP CONSTRAINT`.
    DropForeignKey {
        /// The table.
        table: String,
        /// The constraint.
        foreign_key: ForeignKey,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
    /// `ALTER TABLE … DROP COLUMN`.
    DropColumn {
        /// The table.
        table: String,
        /// The column as it was.
        column: Column,
    },
    /// `ALTER TABLE … ADD COLUMN`.
    AddColumn {
        /// The table.
        table: String,
        /// The column.
        column: Column,
        /// The value existing rows get, for a column that is `NOT NULL`.
        default: Option<String>,
    },
    /// `ALTER TABLE … ALTER COLUMN … TYPE`.
    AlterType {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The type it had.
        from: String,
        /// The type it gets.
        to: String,
        /// The conversion, when no implicit one is safe.
        using: Option<String>,
    },
    /// `ALTER TABLE … ALTER COLUMN … DROP NOT NULL`.
    DropNotNull {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// `ALTER TABLE … ALTER COLUMN … SET NOT NULL`, after giving rows that
    /// have no value one.
    SetNotNull {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The value for rows where it is `NULL`.
        fill: String,
    },
    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`.
    AddForeignKey {
        /// The table.
        table: String,
        /// The constraint.
        foreign_key: ForeignKey,
    },
    /// `CREATE [UNIQUE] INDEX`.
    CreateIndex {
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
}

/// What the person supplies for changes that need it: keyed by
/// `table.column`, SQL expressions.
#[derive(Debug, Clone, Default)]
pub struct Supplied {
    /// The value existing rows get for a new `NOT NULL` column, or for a
    /// column that becomes `NOT NULL`.
    pub defaults: BTreeMap<String, String>,
    /// The conversion of existing values for a type change with no safe
    /// implicit cast, such as `name::integer`.
    pub casts: BTreeMap<String, String>,
}

/// Type changes every value survives, so they need no `USING`.
const WIDENINGS: &[(&str, &str)] = &[
    ("smallint", "integer"),
    ("smallint", "bigint"),
    ("integer", "bigint"),
    ("real", "double precision"),
];

/// The changes from `actual` to what `entities` describe, in the order they
/// must run. Tables of no entity are left alone.
///
/// # Errors
///
/// Returns every change that cannot be made safely to a table with rows,
/// each at the field it comes from, saying what to supply.
pub fn diff(
    actual: &Schema,
    entities: &[Entity],
    supplied: &Supplied,
) -> Result<Vec<Change>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut creates = Vec::new();
    let mut changes = Vec::new();
    for entity in entities {
        match actual.tables.get(&entity.table) {
            None => creates.push(entity),
            Some(table) => changes.extend(diff_table(table, entity, supplied, &mut diagnostics)),
        }
    }
    let mut ordered: Vec<Change> = in_dependency_order(creates)
        .into_iter()
        .map(|entity| Change::CreateTable(Box::new(entity.clone())))
        .collect();
    changes.sort_by_key(rank);
    ordered.extend(changes);
    diagnostics.finish(ordered)
}

/// New tables, each after the new tables it references.
fn in_dependency_order(mut pending: Vec<&Entity>) -> Vec<&Entity> {
    let mut ordered: Vec<&Entity> = Vec::new();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|entity| {
                entity.references().all(|field| {
                    field.ty.reference().is_none_or(|reference| {
                        reference.table == entity.table
                            || !pending.iter().any(|other| other.table == reference.table)
                    })
                })
            })
            .unwrap_or(0);
        ordered.push(pending.remove(ready));
    }
    ordered
}

/// The order kinds of change run in: renames before anything refers to new
/// names, drops before adds, constraints last.
const fn rank(change: &Change) -> u8 {
    match change {
        Change::CreateTable(_) => 0,
        Change::RenameColumn { .. } => 1,
        Change::RenameIndex { .. } => 2,
        Change::DropForeignKey { .. } => 3,
        Change::DropIndex { .. } => 4,
        Change::DropColumn { .. } => 5,
        Change::AddColumn { .. } => 6,
        Change::AlterType { .. } => 7,
        Change::DropNotNull { .. } | Change::SetNotNull { .. } => 8,
        Change::AddForeignKey { .. } => 9,
        Change::CreateIndex { .. } => 10,
    }
}

fn diff_table(
    actual: &Table,
    entity: &Entity,
    supplied: &Supplied,
    diagnostics: &mut Diagnostics,
) -> Vec<Change> {
    let desired = desired_table(entity);
    let name = &desired.name;
    let mut current = actual.clone();
    let mut changes = Vec::new();

    for field in &entity.fields {
        let Some(old) = &field.renamed_from else {
            continue;
        };
        let new = field.column_name();
        if current.column(&new).is_none() && current.column(old).is_some() {
            changes.push(Change::RenameColumn {
                table: name.clone(),
                from: old.clone(),
                to: new.clone(),
            });
            rename_in(&mut current, old, &new, &mut changes);
        }
    }

    for foreign_key in &current.foreign_keys {
        let wanted = desired
            .foreign_keys
            .iter()
            .any(|wanted| wanted.column == foreign_key.column && wanted.table == foreign_key.table);
        if !wanted && desired.column(&foreign_key.column).is_some() {
            changes.push(Change::DropForeignKey {
                table: name.clone(),
                foreign_key: foreign_key.clone(),
            });
        }
    }
    for index in &current.indexes {
        let wanted = desired
            .indexes
            .iter()
            .any(|wanted| wanted.columns == index.columns && wanted.unique == index.unique);
        // Only indexes named the generator's way, after their first column:
        // others are the person's.
        let leading = index.columns.first().map_or("", String::as_str);
        let generated = naming::is_generated_index_name(&index.name, name, leading);
        if !wanted && generated && desired.column(leading).is_some() {
            changes.push(Change::DropIndex {
                table: name.clone(),
                index: index.clone(),
            });
        }
    }
    for column in &current.columns {
        if desired.column(&column.name).is_none() {
            changes.push(Change::DropColumn {
                table: name.clone(),
                column: column.clone(),
            });
        }
    }

    for column in &desired.columns {
        let key = format!("{name}.{}", column.name);
        let origin = field_origin(entity, &column.name);
        match current.column(&column.name) {
            None => {
                let default = supplied.defaults.get(&key).cloned();
                if !column.nullable && default.is_none() {
                    diagnostics.push(
                        &origin,
                        format!(
                            "new column `{key}` is NOT NULL, and the rows already in `{name}` have no value for it; \
                             pass `--default {key}=<SQL value>`, or make the field an `Option`"
                        ),
                    );
                }
                changes.push(Change::AddColumn {
                    table: name.clone(),
                    column: column.clone(),
                    default,
                });
            }
            Some(existing) => {
                if existing.sql_type != column.sql_type {
                    let safe =
                        WIDENINGS.contains(&(existing.sql_type.as_str(), column.sql_type.as_str()));
                    let using = supplied.casts.get(&key).cloned();
                    if !safe && using.is_none() {
                        diagnostics.push(
                            &origin,
                            format!(
                                "column `{key}` changes type from `{}` to `{}`, which not every value survives; \
                                 pass `--using {key}=<SQL expression>`, such as `--using \"{key}={}::{}\"`",
                                existing.sql_type, column.sql_type, column.name, column.sql_type
                            ),
                        );
                    }
                    changes.push(Change::AlterType {
                        table: name.clone(),
                        column: column.name.clone(),
                        from: existing.sql_type.clone(),
                        to: column.sql_type.clone(),
                        using,
                    });
                }
                if existing.nullable && !column.nullable {
                    match supplied.defaults.get(&key) {
                        Some(fill) => changes.push(Change::SetNotNull {
                            table: name.clone(),
                            column: column.name.clone(),
                            fill: fill.clone(),
                        }),
                        None => diagnostics.push(
                            &origin,
                            format!(
                                "column `{key}` becomes NOT NULL, and rows where it is NULL would break it; \
                                 pass `--default {key}=<SQL value>` for them"
                            ),
                        ),
                    }
                } else if !existing.nullable && column.nullable {
                    changes.push(Change::DropNotNull {
                        table: name.clone(),
                        column: column.name.clone(),
                    });
                }
            }
        }
    }

    for foreign_key in &desired.foreign_keys {
        let present = current.foreign_keys.iter().any(|existing| {
            existing.column == foreign_key.column && existing.table == foreign_key.table
        });
        if !present {
            changes.push(Change::AddForeignKey {
                table: name.clone(),
                foreign_key: foreign_key.clone(),
            });
        }
    }
    for index in &desired.indexes {
        let present = current
            .indexes
            .iter()
            .any(|existing| existing.columns == index.columns && existing.unique == index.unique);
        if !present {
            changes.push(Change::CreateIndex {
                table: name.clone(),
                index: index.clone(),
            });
        }
    }
    changes
}

/// Follow a column rename through `table`'s indexes and foreign keys,
/// renaming the indexes named after the old column.
fn rename_in(table: &mut Table, old: &str, new: &str, changes: &mut Vec<Change>) {
    for column in &mut table.columns {
        if column.name == old {
            column.name = new.to_owned();
        }
    }
    for index in &mut table.indexes {
        let leads = index.columns.first().is_some_and(|first| first == old);
        for column in &mut index.columns {
            if column == old {
                *column = new.to_owned();
            }
        }
        if leads {
            let renames = [
                (
                    naming::unique_index_name(&table.name, old),
                    naming::unique_index_name(&table.name, new),
                ),
                (
                    naming::plain_index_name(&table.name, old),
                    naming::plain_index_name(&table.name, new),
                ),
            ];
            for (from, to) in renames {
                if index.name == from {
                    changes.push(Change::RenameIndex {
                        from,
                        to: to.clone(),
                    });
                    index.name = to;
                }
            }
        }
    }
    for foreign_key in &mut table.foreign_keys {
        if foreign_key.column == old {
            foreign_key.column = new.to_owned();
        }
    }
}

/// Where the field of `column` is declared, or the entity if none is.
fn field_origin(entity: &Entity, column: &str) -> Origin {
    entity
        .fields
        .iter()
        .find(|field| field.column_name() == column)
        .map_or_else(|| entity.origin.clone(), |field| field.origin.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        input::parse_entity_spec,
        schema::{desired::desired_table, sql},
        validate::check_new_entity,
    };

    fn entity(fields: &[&str]) -> Entity {
        let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
        let mut diagnostics = Diagnostics::default();
        let spec = parse_entity_spec("Widget", &fields, &mut diagnostics);
        check_new_entity(&spec, &[], diagnostics).unwrap()
    }

    fn schema_of(entity: &Entity) -> Schema {
        let mut schema = Schema::default();
        schema
            .tables
            .insert(entity.table.clone(), desired_table(entity));
        schema
    }

    fn statements(changes: &[Change]) -> String {
        sql::up(changes, |_| Ok::<_, ()>(String::new())).unwrap()
    }

    #[test]
    fn the_same_schema_needs_no_change() {
        let widget = entity(&["name:String:unique", "weight:i32:index"]);
        let changes = diff(&schema_of(&widget), &[widget], &Supplied::default()).unwrap();
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn a_missing_table_is_created() {
        let widget = entity(&["name:String"]);
        let changes = diff(
            &Schema::default(),
            std::slice::from_ref(&widget),
            &Supplied::default(),
        )
        .unwrap();
        assert_eq!(changes, vec![Change::CreateTable(Box::new(widget))]);
    }

    #[test]
    fn nullable_columns_are_added_and_not_null_ones_need_a_default() {
        let before = entity(&["name:String"]);
        let after = entity(&["name:String", "note:String?", "rank:i64:index"]);

        let refused = diff(
            &schema_of(&before),
            std::slice::from_ref(&after),
            &Supplied::default(),
        )
        .unwrap_err();
        assert_eq!(refused.as_slice().len(), 1);
        assert!(
            refused.as_slice()[0]
                .message
                .contains("--default widgets.rank="),
            "{refused}"
        );

        let supplied = Supplied {
            defaults: [("widgets.rank".to_owned(), "0".to_owned())].into(),
            ..Supplied::default()
        };
        let changes = diff(&schema_of(&before), &[after], &supplied).unwrap();
        assert_eq!(
            statements(&changes),
            "ALTER TABLE widgets ADD COLUMN note TEXT;\n\
             ALTER TABLE widgets ADD COLUMN rank BIGINT NOT NULL DEFAULT 0;\n\
             ALTER TABLE widgets ALTER COLUMN rank DROP DEFAULT;\n\
             CREATE INDEX widgets_rank_idx ON widgets (rank, widget_id);\n"
        );
    }

    #[test]
    fn renames_are_taken_only_from_the_attribute() {
        let before = entity(&["colour:String:unique"]);
        let mut after = entity(&["color:String:unique"]);

        let guessed = diff(
            &schema_of(&before),
            std::slice::from_ref(&after),
            &Supplied::default(),
        );
        // Without the attribute, a new NOT NULL column and a dropped one.
        assert!(guessed.is_err());

        after.fields[0].renamed_from = Some("colour".to_owned());
        let changes = diff(&schema_of(&before), &[after], &Supplied::default()).unwrap();
        assert_eq!(
            statements(&changes),
            "ALTER TABLE widgets RENAME COLUMN colour TO color;\n\
             ALTER INDEX widgets_colour_key RENAME TO widgets_color_key;\n"
        );
    }

    #[test]
    fn type_changes_need_a_cast_unless_every_value_survives() {
        let before = entity(&["weight:i32", "label:String"]);
        let after = entity(&["weight:i64", "label:i32"]);

        let refused = diff(
            &schema_of(&before),
            std::slice::from_ref(&after),
            &Supplied::default(),
        )
        .unwrap_err();
        assert_eq!(refused.as_slice().len(), 1, "{refused}");
        assert!(
            refused
                .to_string()
                .contains("--using \"widgets.label=label::integer\""),
            "{refused}"
        );

        let supplied = Supplied {
            casts: [("widgets.label".to_owned(), "length(label)".to_owned())].into(),
            ..Supplied::default()
        };
        let changes = diff(&schema_of(&before), &[after], &supplied).unwrap();
        assert_eq!(
            statements(&changes),
            "ALTER TABLE widgets ALTER COLUMN weight TYPE BIGINT;\n\
             ALTER TABLE widgets ALTER COLUMN label TYPE INTEGER USING length(label);\n"
        );
        assert_eq!(
            sql::down(&changes),
            "ALTER TABLE widgets ALTER COLUMN label TYPE TEXT USING label::text;\n\
             ALTER TABLE widgets ALTER COLUMN weight TYPE INTEGER USING weight::integer;\n"
        );
    }

    #[test]
    fn nullability_changes_both_ways() {
        let before = entity(&["rank:i64", "note:String?"]);
        let after = entity(&["rank:i64?", "note:String"]);
        let supplied = Supplied {
            defaults: [("widgets.note".to_owned(), "''".to_owned())].into(),
            ..Supplied::default()
        };
        let changes = diff(&schema_of(&before), &[after], &supplied).unwrap();
        assert_eq!(
            statements(&changes),
            "ALTER TABLE widgets ALTER COLUMN rank DROP NOT NULL;\n\
             UPDATE widgets SET note = '' WHERE note IS NULL;\n\
             ALTER TABLE widgets ALTER COLUMN note SET NOT NULL;\n"
        );
    }

    #[test]
    fn removed_fields_drop_their_columns_and_the_person_s_indexes_stay() {
        let before = entity(&["name:String", "weight:i32:unique"]);
        let mut actual = schema_of(&before);
        let table = actual.tables.get_mut("widgets").unwrap();
        table.indexes.push(Index {
            name: "widgets_by_name".to_owned(),
            columns: vec!["name".to_owned()],
            unique: false,
        });
        let after = entity(&["name:String"]);
        let changes = diff(&actual, &[after], &Supplied::default()).unwrap();
        assert_eq!(
            statements(&changes),
            "ALTER TABLE widgets DROP COLUMN weight;\n"
        );
    }
}
