//! Database schemas as data: what the migrations produce (introspected from
//! a scratch database) and what the data-model structs describe, so that
//! `codegen migrate diff` can compare them.

pub mod desired;
pub mod diff;
pub mod introspect;
pub mod sql;

use std::collections::BTreeMap;

/// The tables of one schema, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Every table, by name.
    pub tables: BTreeMap<String, Table>,
}

/// A table: its columns in order, its indexes and foreign keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The table's name, unquoted.
    pub name: String,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The indexes, the primary key's aside.
    pub indexes: Vec<Index>,
    /// The foreign keys of single columns.
    pub foreign_keys: Vec<ForeignKey>,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name, unquoted.
    pub name: String,
    /// Its type as PostgreSQL spells it in `information_schema`, lowercase:
    /// `text`, `bigint`, `timestamp with time zone`.
    pub sql_type: String,
    /// Whether it may be `NULL`.
    pub nullable: bool,
    /// Whether it is the primary key.
    pub primary_key: bool,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Its name.
    pub name: String,
    /// The indexed columns, in order.
    pub columns: Vec<String>,
    /// Whether it is unique.
    pub unique: bool,
}

/// A foreign key of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// The constraint's name.
    pub name: String,
    /// The referencing column.
    pub column: String,
    /// The referenced table.
    pub table: String,
    /// The referenced column.
    pub references: String,
}

impl Table {
    /// The column named `name`.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }
}
