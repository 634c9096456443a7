//! A field of an entity and everything derived from it.

use crate::{
    model::{FieldType, Origin, ScalarType},
    naming,
};

/// A field of an entity, beyond the id and creation time every entity has.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name as given: `notes`, or `owner` for a reference whose Rust
    /// field and column are `owner_id`.
    pub name: String,
    /// The type.
    pub ty: FieldType,
    /// Whether the value may be absent (`Option` in Rust, `NULL` in SQL).
    pub nullable: bool,
    /// Whether no two rows may share a value (a unique index and a
    /// `find_by_*` method).
    pub unique: bool,
    /// Whether the column gets a plain index.
    pub indexed: bool,
    /// The column's name before a rename, from `#[entity(renamed_from =
    /// "old")]`: `codegen migrate diff` renames instead of dropping and
    /// adding.
    pub renamed_from: Option<String>,
    /// Where the field was declared.
    pub origin: Origin,
}

impl Field {
    /// The Rust field name: the name, with `_id` for a reference.
    #[must_use]
    pub fn rust_name(&self) -> String {
        match self.ty {
            FieldType::Scalar(_) => self.name.clone(),
            FieldType::Reference(_) => naming::reference_column(&self.name),
        }
    }

    /// The column name, quoted if PostgreSQL reserves it.
    #[must_use]
    pub fn column(&self) -> String {
        naming::quote_sql_identifier(&self.rust_name())
    }

    /// The column name unquoted, as it appears in index names and in
    /// `query_as!`'s mapping to the row struct.
    #[must_use]
    pub fn column_name(&self) -> String {
        self.rust_name()
    }

    /// The scalar type the field holds.
    #[must_use]
    pub const fn scalar(&self) -> ScalarType {
        self.ty.scalar()
    }

    /// The Rust type in the entity struct.
    #[must_use]
    pub fn rust_type(&self) -> String {
        self.optional(self.scalar().rust_type())
    }

    /// The Rust type in the row struct read from PostgreSQL, where ids are
    /// `Uuid`s.
    #[must_use]
    pub fn row_type(&self) -> String {
        match self.scalar() {
            ScalarType::Ulid => self.optional("Uuid"),
            other => self.optional(other.rust_type()),
        }
    }

    fn optional(&self, ty: &str) -> String {
        if self.nullable {
            format!("Option<{ty}>")
        } else {
            ty.to_owned()
        }
    }

    /// What `#[entity(...)]` (or its comment) holds for the field in the
    /// data-model struct, if it needs it: `references = User, unique`.
    #[must_use]
    pub fn entity_settings(&self) -> Option<String> {
        let mut arguments = Vec::new();
        if let FieldType::Reference(reference) = &self.ty {
            arguments.push(format!("references = {}", reference.entity));
        }
        if self.unique {
            arguments.push("unique".to_owned());
        } else if self.indexed && self.ty.reference().is_none() {
            // A reference is indexed anyway.
            arguments.push("index".to_owned());
        }
        (!arguments.is_empty()).then(|| arguments.join(", "))
    }

    /// The column's definition in `CREATE TABLE`.
    #[must_use]
    pub fn column_definition(&self) -> String {
        let mut definition = format!("{} {}", self.column(), self.scalar().sql_type());
        if !self.nullable {
            definition.push_str(" NOT NULL");
        }
        if let FieldType::Reference(reference) = &self.ty {
            definition.push_str(&format!(
                " REFERENCES {} ({})",
                naming::quote_sql_identifier(&reference.table),
                naming::quote_sql_identifier(&reference.key_column),
            ));
        }
        definition
    }

    /// Whether the column gets an index of its own: references always do,
    /// so that joins and deletes of the referenced row stay fast.
    #[must_use]
    pub fn has_plain_index(&self) -> bool {
        !self.unique && (self.indexed || self.ty.reference().is_some())
    }

    /// One line of rustdoc describing the field of an `entity` (in prose).
    #[must_use]
    pub fn doc(&self, entity: impl std::fmt::Display) -> String {
        let words = naming::words(&self.name);
        let mut doc = match (&self.ty, words.split_last()) {
            (FieldType::Reference(reference), _) => format!(
                "The id of the [`{}`] that is the {}.",
                reference.entity,
                words.join(" ")
            ),
            // `locked_at` reads best as "When the user was locked."
            (FieldType::Scalar(ScalarType::DateTime), Some((last, head)))
                if last == "at" && !head.is_empty() =>
            {
                format!("When the {entity} was {}.", head.join(" "))
            }
            _ => format!("The {}.", words.join(" ")),
        };
        if self.nullable {
            doc.push_str(" Optional.");
        }
        if self.unique {
            doc.push_str(" Unique.");
        }
        doc
    }

    /// The expression that turns `row.<column>` into the entity's value.
    #[must_use]
    pub fn from_row(&self) -> String {
        let name = self.rust_name();
        match (self.scalar(), self.nullable) {
            (ScalarType::Ulid, false) => format!("row.{name}.into()"),
            (ScalarType::Ulid, true) => format!("row.{name}.map(Ulid::from)"),
            _ => format!("row.{name}"),
        }
    }

    /// The query argument that binds `<owner>.<field>`.
    #[must_use]
    pub fn bind(&self, owner: &str) -> String {
        let value = format!("{owner}.{}", self.rust_name());
        match (self.scalar(), self.nullable) {
            (ScalarType::Ulid, false) => format!("Uuid::from({value})"),
            (ScalarType::Ulid, true) => format!("{value}.map(Uuid::from)"),
            _ => value,
        }
    }

    /// The type of the argument of `find_by_<field>`.
    #[must_use]
    pub fn argument_type(&self) -> &'static str {
        self.scalar().argument_type()
    }

    /// The query argument that binds the argument of `find_by_<field>`.
    #[must_use]
    pub fn bind_argument(&self) -> String {
        let name = self.rust_name();
        match self.scalar() {
            ScalarType::Ulid => format!("Uuid::from({name})"),
            _ => name,
        }
    }

    /// `find_by_<field>`.
    #[must_use]
    pub fn find_by_method(&self) -> String {
        naming::find_by_method(&self.rust_name())
    }

    /// The test expression passing `<owner>.<field>` to `find_by_<field>`.
    #[must_use]
    pub fn find_by_test_argument(&self, owner: &str) -> String {
        let value = format!("{owner}.{}", self.rust_name());
        match (self.scalar().is_copy(), self.nullable) {
            (true, false) => value,
            (true, true) => format!("{value}.unwrap()"),
            (false, false) => format!("&{value}"),
            (false, true) => match self.scalar() {
                ScalarType::Json => format!("{value}.as_ref().unwrap()"),
                _ => format!("{value}.as_deref().unwrap()"),
            },
        }
    }

    /// The test expression copying the field's value out of `<owner>`.
    #[must_use]
    pub fn copy_from(&self, owner: &str) -> String {
        let value = format!("{owner}.{}", self.rust_name());
        if self.scalar().is_copy() {
            value
        } else {
            format!("{value}.clone()")
        }
    }

    /// The value of this field in sample number `n` of the generated tests,
    /// where `cx` is the test's context. A reference adds its sample entity
    /// in a block of its own, so that no field's name is ever a variable
    /// of the tests, to shadow one of theirs: `fresh` and `added` are seen
    /// only inside the block, beside `cx` and `n`.
    /// `tests_of` gives the path of an entity's tests module from its module.
    #[must_use]
    pub fn sample_expression(&self, tests_of: impl Fn(&str) -> String) -> String {
        let reference = match &self.ty {
            FieldType::Scalar(scalar) => {
                return self.optional_sample(scalar.sample_expression(&self.name));
            }
            FieldType::Reference(reference) => reference,
        };
        // A hand-written entity's expression is bound first, so that none of
        // its operators binds tighter than `.id`.
        let (add, needs_fresh) = match &reference.add_sample {
            Some(expression) => (expression.clone(), mentions_fresh(expression)),
            None => (
                format!(
                    "{}::add_sample(cx, fresh).await",
                    tests_of(&reference.module)
                ),
                true,
            ),
        };
        let value = if self.nullable {
            format!(
                "let added = {add}; {}",
                self.optional_sample("added.id".to_owned())
            )
        } else if reference.add_sample.is_some() {
            format!("let added = {add}; added.id")
        } else {
            format!("{add}.id")
        };
        if needs_fresh {
            format!("{{ let fresh = cx.fresh_sample(); {value} }}")
        } else {
            format!("{{ {value} }}")
        }
    }

    /// Whether [`Self::sample_expression`] reads the sample number `n`: a
    /// reference that is always set does not.
    #[must_use]
    pub fn sample_uses_number(&self) -> bool {
        self.nullable || self.ty.reference().is_none()
    }

    fn optional_sample(&self, value: String) -> String {
        if self.nullable {
            format!("if n.is_multiple_of(2) {{ Some({value}) }} else {{ None }}")
        } else {
            value
        }
    }
}

/// Whether the Rust `expression` names `fresh`, itself or as a format
/// string's argument, so that the sample block binds it only then: an
/// unused variable would fail the workspace's lints.
fn mentions_fresh(expression: &str) -> bool {
    fn walk(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "fresh",
            proc_macro2::TokenTree::Literal(literal) => {
                let text = literal.to_string();
                text.contains("{fresh}") || text.contains("{fresh:")
            }
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    expression.parse().is_ok_and(walk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reference;

    fn field(name: &str, ty: FieldType, nullable: bool) -> Field {
        Field {
            name: name.to_owned(),
            ty,
            nullable,
            unique: false,
            indexed: false,
            renamed_from: None,
            origin: Origin::Argument {
                position: 1,
                text: name.to_owned(),
            },
        }
    }

    fn owner() -> FieldType {
        FieldType::Reference(Reference {
            entity: "User".to_owned(),
            module: "user".to_owned(),
            table: "users".to_owned(),
            key_column: "user_id".to_owned(),
            accessor: "user".to_owned(),
            add_sample: None,
        })
    }

    #[test]
    fn a_hand_written_reference_adds_its_sample_with_the_workspace_expression() {
        let hand_written = |add_sample: &str| {
            FieldType::Reference(Reference {
                add_sample: Some(add_sample.to_owned()),
                ..match owner() {
                    FieldType::Reference(reference) => reference,
                    FieldType::Scalar(_) => unreachable!(),
                }
            })
        };
        let tests_of = |module: &str| format!("crate::{module}::tests");
        let field = field("owner", hand_written("add_user(cx, fresh).await"), false);
        assert_eq!(
            field.sample_expression(tests_of),
            "{ let fresh = cx.fresh_sample(); let added = add_user(cx, fresh).await; added.id }"
        );
        let field = Field {
            ty: hand_written("add_named(cx, format!(\"user{fresh}\")).await"),
            ..field
        };
        assert!(
            field
                .sample_expression(tests_of)
                .starts_with("{ let fresh = cx.fresh_sample();"),
            "a format string's argument is a use"
        );
        // No `fresh` is bound that the expression does not read.
        let field = Field {
            nullable: true,
            ..field.clone()
        };
        let field = Field {
            ty: hand_written("cx.first_user()"),
            ..field
        };
        assert_eq!(
            field.sample_expression(tests_of),
            "{ let added = cx.first_user(); if n.is_multiple_of(2) { Some(added.id) } else { None } }"
        );
    }

    #[test]
    fn references_are_ids() {
        let field = field("owner", owner(), false);
        assert_eq!(field.rust_name(), "owner_id");
        assert_eq!(field.rust_type(), "Ulid");
        assert_eq!(field.row_type(), "Uuid");
        assert_eq!(
            field.column_definition(),
            "owner_id UUID NOT NULL REFERENCES users (user_id)"
        );
        assert!(field.has_plain_index());
        assert_eq!(field.from_row(), "row.owner_id.into()");
        assert_eq!(field.bind("device"), "Uuid::from(device.owner_id)");
    }

    #[test]
    fn nullable_fields_are_options() {
        let field = field("notes", FieldType::Scalar(ScalarType::String), true);
        assert_eq!(field.rust_type(), "Option<String>");
        assert_eq!(field.column_definition(), "notes TEXT");
        assert_eq!(
            field.find_by_test_argument("x"),
            "x.notes.as_deref().unwrap()"
        );
        assert!(
            field
                .sample_expression(|module| format!("crate::{module}"))
                .starts_with("if n.is_multiple_of(2)")
        );
    }

    #[test]
    fn reserved_columns_are_quoted() {
        let field = field("order", FieldType::Scalar(ScalarType::I32), false);
        assert_eq!(field.column(), "\"order\"");
        assert_eq!(field.column_name(), "order");
        assert_eq!(field.column_definition(), "\"order\" INTEGER NOT NULL");
    }
}
