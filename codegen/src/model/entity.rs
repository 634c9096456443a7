//! An entity: a kind of stored data, one table, one repository.

use crate::{
    model::{
        Field, FieldType, Origin, ScalarType,
        filter::{Filter, FilterKind},
    },
    naming,
};

/// An entity with its fields; the id and creation time are implied.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// `UserEmail`.
    pub name: String,
    /// `user_email`: the module in each crate, and the accessor on
    /// `RepositoryAccess`.
    pub module: String,
    /// `user_emails`.
    pub table: String,
    /// The fields in declaration order.
    pub fields: Vec<Field>,
    /// Where the entity was declared.
    pub origin: Origin,
}

impl Entity {
    /// The key column: `user_email_id`, after the entity's name (not its
    /// module, which a hand-written crate may name otherwise).
    #[must_use]
    pub fn key_column(&self) -> String {
        naming::key_column(&self.name)
    }

    /// The table name as it must appear in SQL.
    #[must_use]
    pub fn table_sql(&self) -> String {
        naming::quote_sql_identifier(&self.table)
    }

    /// `user email`: the name in prose.
    #[must_use]
    pub fn human(&self) -> String {
        naming::human_name(&self.name)
    }

    /// `user emails`.
    #[must_use]
    pub fn human_plural(&self) -> String {
        naming::human_plural(&self.name)
    }

    /// `UserEmailRepository`.
    #[must_use]
    pub fn repository_trait(&self) -> String {
        naming::repository_trait(&self.name)
    }

    /// `PgUserEmailRepository`.
    #[must_use]
    pub fn pg_repository(&self) -> String {
        naming::pg_repository(&self.name)
    }

    /// `NewUserEmail`: the fields `add` takes.
    #[must_use]
    pub fn params_type(&self) -> String {
        naming::params_type(&self.name)
    }

    /// `UserEmailFilter`.
    #[must_use]
    pub fn filter_type(&self) -> String {
        naming::filter_type(&self.name)
    }

    /// `UserEmailLookup`: the row struct read from PostgreSQL.
    #[must_use]
    pub fn row_type(&self) -> String {
        naming::row_type(&self.name)
    }

    /// The tracing span of a repository method: `db.user_email.add`.
    #[must_use]
    pub fn span(&self, method: impl std::fmt::Display) -> String {
        naming::span_name(&self.module, method)
    }

    /// The fields that are references.
    pub fn references(&self) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(|field| field.ty.reference().is_some())
    }

    /// The fields with a unique index, each with a `find_by_*` method.
    pub fn unique_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|field| field.unique)
    }

    /// The entities referenced, each once, in field order.
    #[must_use]
    pub fn referenced_entities(&self) -> Vec<&str> {
        let mut entities: Vec<&str> = Vec::new();
        for field in self.references() {
            if let FieldType::Reference(reference) = &field.ty
                && !entities.contains(&reference.entity.as_str())
            {
                entities.push(&reference.entity);
            }
        }
        entities
    }

    /// The builder methods of the filter type, in field order.
    #[must_use]
    pub fn filters(&self) -> Vec<Filter> {
        let mut filters = Vec::new();
        for field in &self.fields {
            let kinds = [
                (field.ty.reference().is_some(), FilterKind::Reference),
                (field.scalar() == ScalarType::Bool, FilterKind::Bool),
                (field.nullable, FilterKind::Presence),
            ];
            for (applies, kind) in kinds {
                if applies {
                    filters.push(Filter {
                        kind,
                        field: field.clone(),
                    });
                }
            }
        }
        filters
    }

    /// Every method of the filter type, in the order the storage module
    /// declares them: the constructor, then each filter's builder and
    /// getter; each with the field it is made from, if any. No two may
    /// share a name.
    #[must_use]
    pub fn filter_methods(&self) -> Vec<(String, Option<Field>)> {
        let mut methods = vec![(naming::FILTER_CONSTRUCTOR.to_owned(), None)];
        for filter in self.filters() {
            methods.push((filter.builder(), Some(filter.field.clone())));
            methods.push((filter.getter(), Some(filter.field)));
        }
        methods
    }

    /// The constructor of the filter type: `new`.
    #[must_use]
    pub const fn filter_constructor(&self) -> &'static str {
        naming::FILTER_CONSTRUCTOR
    }

    /// Whether any type among the fields needs `scalar`'s imports.
    #[must_use]
    pub fn uses(&self, scalar: ScalarType) -> bool {
        self.fields.iter().any(|field| field.scalar() == scalar)
    }

    /// Every index of the table: `(name, unique, column)`.
    #[must_use]
    pub fn indexes(&self) -> Vec<Index> {
        self.fields
            .iter()
            .filter(|field| field.unique || field.has_plain_index())
            .map(|field| {
                let mut columns = vec![field.column()];
                if !field.unique {
                    // The key last: a list filtered on this column then
                    // walks the index in the key order its pages follow,
                    // however the rows spread over the table.
                    columns.push(self.key_column());
                }
                let name = if field.unique {
                    naming::unique_index_name(&self.table, &field.column_name())
                } else {
                    naming::plain_index_name(&self.table, &field.column_name())
                };
                Index {
                    name,
                    unique: field.unique,
                    table: self.table_sql(),
                    columns,
                }
            })
            .collect()
    }

    /// The identifiers this entity creates in PostgreSQL, for length checks.
    #[must_use]
    pub fn sql_identifiers(&self) -> Vec<String> {
        let mut identifiers = vec![self.table.clone(), self.key_column()];
        identifiers.extend(self.fields.iter().map(Field::column_name));
        identifiers.extend(self.indexes().into_iter().map(|index| index.name));
        identifiers
    }
}

/// An index in the migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// `devices_serial_idx`, `users_username_key`.
    pub name: String,
    /// Whether it is a unique index.
    pub unique: bool,
    /// The table, quoted if needed.
    pub table: String,
    /// The indexed columns, quoted if needed: the field's, then, for a
    /// plain index, the key.
    pub columns: Vec<String>,
}

impl Index {
    /// The `CREATE INDEX` statement.
    #[must_use]
    pub fn statement(&self) -> String {
        let kind = if self.unique { "UNIQUE INDEX" } else { "INDEX" };
        format!(
            "CREATE {kind} {} ON {} ({});",
            self.name,
            self.table,
            self.columns.join(", ")
        )
    }
}
