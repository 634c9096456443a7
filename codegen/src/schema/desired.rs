//! The schema the data-model structs describe.

use crate::{
    model::Entity,
    naming,
    schema::{Column, ForeignKey, Index, Schema, Table},
};

/// The table of each entity, as its generated migration creates it.
#[must_use]
pub fn desired_schema(entities: &[Entity]) -> Schema {
    let mut schema = Schema::default();
    for entity in entities {
        schema
            .tables
            .insert(entity.table.clone(), desired_table(entity));
    }
    schema
}

/// The table of `entity`.
#[must_use]
pub fn desired_table(entity: &Entity) -> Table {
    let mut columns = vec![
        Column {
            name: entity.key_column(),
            sql_type: "uuid".to_owned(),
            nullable: false,
            primary_key: true,
        },
        Column {
            name: "created_at".to_owned(),
            sql_type: "timestamp with time zone".to_owned(),
            nullable: false,
            primary_key: false,
        },
    ];
    columns.extend(entity.fields.iter().map(|field| Column {
        name: field.column_name(),
        sql_type: field.scalar().sql_type().to_lowercase(),
        nullable: field.nullable,
        primary_key: false,
    }));
    let indexes = entity
        .indexes()
        .into_iter()
        .map(|index| Index {
            name: index.name,
            columns: index
                .columns
                .iter()
                .map(|column| column.trim_matches('"').to_owned())
                .collect(),
            unique: index.unique,
        })
        .collect();
    let foreign_keys = entity
        .references()
        .filter_map(|field| {
            let reference = field.ty.reference()?;
            Some(ForeignKey {
                // PostgreSQL's own name for an inline `REFERENCES`.
                name: naming::foreign_key_name(&entity.table, &field.column_name()),
                column: field.column_name(),
                table: reference.table.clone(),
                references: reference.key_column.clone(),
            })
        })
        .collect();
    Table {
        name: entity.table.clone(),
        columns,
        indexes,
        foreign_keys,
    }
}
