//! An entity: a kind of stored data, one table, one repository.

use crate::{
    model::{Field, FieldType, ScalarType},
    naming,
    validate::Origin,
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

/// How a list can be narrowed by one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// Rows that reference a given entity.
    Reference,
    /// Rows whose bool field is a given value.
    Bool,
    /// Rows whose nullable field is set, or unset.
    Presence,
}

/// A builder method of the entity's filter type.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Which kind of condition.
    pub kind: FilterKind,
    /// The field it tests.
    pub field: Field,
}

impl Entity {
    /// The key column: `user_email_id`, after the entity's name (not its
    /// module, which a hand-written crate may name otherwise).
    #[must_use]
    pub fn key_column(&self) -> String {
        format!("{}_id", naming::to_snake_case(&self.name))
    }

    /// The table name as it must appear in SQL.
    #[must_use]
    pub fn table_sql(&self) -> String {
        naming::quote_sql_identifier(&self.table)
    }

    /// `user email`: the name in prose.
    #[must_use]
    pub fn human(&self) -> String {
        naming::words(&self.name).join(" ")
    }

    /// `user emails`.
    #[must_use]
    pub fn human_plural(&self) -> String {
        let words = naming::words(&self.name);
        match words.split_last() {
            Some((last, head)) if !head.is_empty() => {
                format!("{} {}", head.join(" "), naming::pluralize(last))
            }
            Some((last, _)) => naming::pluralize(last),
            None => String::new(),
        }
    }

    /// `UserEmailRepository`.
    #[must_use]
    pub fn repository_trait(&self) -> String {
        format!("{}Repository", self.name)
    }

    /// `PgUserEmailRepository`.
    #[must_use]
    pub fn pg_repository(&self) -> String {
        format!("Pg{}Repository", self.name)
    }

    /// `NewUserEmail`: the fields `add` takes.
    #[must_use]
    pub fn params_type(&self) -> String {
        format!("New{}", self.name)
    }

    /// `UserEmailFilter`.
    #[must_use]
    pub fn filter_type(&self) -> String {
        format!("{}Filter", self.name)
    }

    /// `UserEmailLookup`: the row struct read from PostgreSQL.
    #[must_use]
    pub fn row_type(&self) -> String {
        format!("{}Lookup", self.name)
    }

    /// The tracing span of a repository method: `db.user_email.add`.
    #[must_use]
    pub fn span(&self, method: impl std::fmt::Display) -> String {
        format!("db.{}.{method}", self.module)
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
            .map(|field| Index {
                name: index_name(&self.table, &field.column_name(), field.unique),
                unique: field.unique,
                table: self.table_sql(),
                column: field.column(),
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
    /// The indexed column, quoted if needed.
    pub column: String,
}

impl Index {
    /// The `CREATE INDEX` statement.
    #[must_use]
    pub fn statement(&self) -> String {
        let kind = if self.unique { "UNIQUE INDEX" } else { "INDEX" };
        format!(
            "CREATE {kind} {} ON {} ({});",
            self.name, self.table, self.column
        )
    }
}

fn index_name(table: &str, column: &str, unique: bool) -> String {
    // PostgreSQL's own naming: `_key` for unique constraints, `_idx` otherwise.
    let suffix = if unique { "key" } else { "idx" };
    format!("{table}_{column}_{suffix}")
}

impl Filter {
    /// The builder method: `for_owner`, `with_active`, `with_notes_present`.
    #[must_use]
    pub fn builder(&self) -> String {
        match self.kind {
            FilterKind::Reference => format!("for_{}", self.field.name),
            FilterKind::Bool => format!("with_{}", self.field.name),
            FilterKind::Presence => format!("with_{}_present", self.field.name),
        }
    }

    /// The getter, also the name of the filter's private field.
    #[must_use]
    pub fn getter(&self) -> String {
        match self.kind {
            FilterKind::Reference | FilterKind::Bool => self.field.name.clone(),
            FilterKind::Presence => format!("{}_present", self.field.name),
        }
    }

    /// The type the filter stores.
    #[must_use]
    pub const fn state_type(&self) -> &'static str {
        match self.kind {
            FilterKind::Reference => "Option<Ulid>",
            FilterKind::Bool | FilterKind::Presence => "Option<bool>",
        }
    }

    /// The builder's parameter.
    #[must_use]
    pub fn parameter(&self) -> String {
        match (&self.kind, &self.field.ty) {
            (FilterKind::Reference, FieldType::Reference(reference)) => {
                format!("{}: &{}", self.field.name, reference.entity)
            }
            (FilterKind::Bool, _) => format!("{}: bool", self.field.name),
            _ => "present: bool".to_owned(),
        }
    }

    /// What the builder stores.
    #[must_use]
    pub fn stored_value(&self) -> String {
        match self.kind {
            FilterKind::Reference => format!("{}.id", self.field.name),
            FilterKind::Bool => self.field.name.clone(),
            FilterKind::Presence => "present".to_owned(),
        }
    }

    /// The builder's rustdoc, for a list of `plural`.
    #[must_use]
    pub fn doc(&self, plural: impl std::fmt::Display) -> String {
        let name = &self.field.name;
        match (&self.kind, &self.field.ty) {
            (FilterKind::Reference, FieldType::Reference(reference)) => {
                format!(
                    "Only {plural} whose `{name}` is the given [`{}`].",
                    reference.entity
                )
            }
            (FilterKind::Bool, _) => format!("Only {plural} whose `{name}` is the given value."),
            _ => format!("Only {plural} whose `{name}` is set (`true`) or unset (`false`)."),
        }
    }

    /// The SQL condition, true when the filter is unset, bound to `$n`.
    #[must_use]
    pub fn condition(&self, placeholder: usize) -> String {
        let column = self.field.column();
        match self.kind {
            FilterKind::Reference => {
                format!("(${placeholder}::UUID IS NULL OR {column} = ${placeholder})")
            }
            FilterKind::Bool => {
                format!("(${placeholder}::BOOLEAN IS NULL OR {column} = ${placeholder})")
            }
            FilterKind::Presence => format!(
                "(${placeholder}::BOOLEAN IS NULL OR ({column} IS NOT NULL) = ${placeholder})"
            ),
        }
    }

    /// The query argument for the condition.
    #[must_use]
    pub fn bind(&self) -> String {
        match self.kind {
            FilterKind::Reference => format!("filter.{}().map(Uuid::from)", self.getter()),
            FilterKind::Bool | FilterKind::Presence => format!("filter.{}()", self.getter()),
        }
    }

    /// A name for the generated test of this filter.
    #[must_use]
    pub fn test_name(&self) -> String {
        self.builder()
    }

    /// The builder call the test makes, its argument named `target` for
    /// references.
    #[must_use]
    pub fn test_call(&self) -> String {
        match self.kind {
            FilterKind::Reference => format!("{}(&target)", self.builder()),
            FilterKind::Bool | FilterKind::Presence => format!("{}(true)", self.builder()),
        }
    }

    /// The predicate an item must meet to pass the test's filter, on `item`.
    #[must_use]
    pub fn test_predicate(&self) -> String {
        let value = format!("item.{}", self.field.rust_name());
        match (self.kind, self.field.nullable) {
            (FilterKind::Reference, false) => format!("{value} == target.id"),
            (FilterKind::Reference, true) => format!("{value} == Some(target.id)"),
            (FilterKind::Bool, false) => value,
            (FilterKind::Bool, true) => format!("{value} == Some(true)"),
            (FilterKind::Presence, _) => format!("{value}.is_some()"),
        }
    }

    /// For a reference filter, the module of the referenced entity, whose
    /// repository the test asks for the target; `None` otherwise.
    #[must_use]
    pub fn test_target_module(&self) -> Option<&str> {
        match (self.kind, &self.field.ty) {
            (FilterKind::Reference, FieldType::Reference(reference)) => Some(&reference.module),
            _ => None,
        }
    }

    /// For a reference filter, the id of the target, taken from `items[0]`
    /// (always set: sample 0 sets every nullable field).
    #[must_use]
    pub fn test_target_id(&self) -> String {
        let value = format!("items[0].{}", self.field.rust_name());
        if self.field.nullable {
            format!("{value}.unwrap()")
        } else {
            value
        }
    }
}
