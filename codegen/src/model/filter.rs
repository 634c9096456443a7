//! The filter type of an entity's repository: one builder method per
//! reference, bool and nullable field, and what each becomes in SQL, in the
//! PostgreSQL implementation and in the generated tests.

use crate::{
    model::{Field, FieldType, ScalarType},
    naming,
};

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

impl Filter {
    /// The builder method: `for_owner`, `with_active`, `with_notes_present`.
    #[must_use]
    pub fn builder(&self) -> String {
        match self.kind {
            FilterKind::Reference => naming::reference_filter_builder(&self.field.name),
            FilterKind::Bool => naming::bool_filter_builder(&self.field.name),
            FilterKind::Presence => naming::presence_filter_builder(&self.field.name),
        }
    }

    /// The getter, also the name of the filter's private field.
    #[must_use]
    pub fn getter(&self) -> String {
        match self.kind {
            FilterKind::Reference | FilterKind::Bool => self.field.name.clone(),
            FilterKind::Presence => naming::presence_filter_getter(&self.field.name),
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

    /// The type of the condition's parameter: the id's for a reference,
    /// a bool for the others.
    #[must_use]
    pub const fn parameter_type(&self) -> ScalarType {
        match self.kind {
            FilterKind::Reference => ScalarType::Uuid,
            FilterKind::Bool | FilterKind::Presence => ScalarType::Bool,
        }
    }

    /// The SQL condition, true when the filter is unset, bound to `$n`.
    /// The parameter is cast so that PostgreSQL knows its type even where
    /// it only meets `IS NULL`.
    #[must_use]
    pub fn condition(&self, placeholder: usize) -> String {
        let column = self.field.column();
        let parameter = format!("${placeholder}::{}", self.parameter_type().sql_type());
        match self.kind {
            FilterKind::Reference | FilterKind::Bool => {
                format!("({parameter} IS NULL OR {column} = ${placeholder})")
            }
            FilterKind::Presence => {
                format!("({parameter} IS NULL OR ({column} IS NOT NULL) = ${placeholder})")
            }
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

    /// For a reference filter, the `RepositoryAccess` method that gives the
    /// referenced entity's repository, which the test asks for the target;
    /// `None` otherwise.
    #[must_use]
    pub fn test_target_accessor(&self) -> Option<&str> {
        match (self.kind, &self.field.ty) {
            (FilterKind::Reference, FieldType::Reference(reference)) => Some(&reference.accessor),
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
