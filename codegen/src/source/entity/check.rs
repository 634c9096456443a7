//! The rules across fields: the id and creation time, supported types, and
//! attributes that only make sense on some fields.

use crate::{
    model::ScalarType,
    naming,
    source::{
        Errors,
        entity::{EntityField, EntityStruct},
    },
};

const SUPPORTED: &str = "String, bool, i16, i32, i64, f32, f64, Uuid, Ulid, DateTime<Utc>, \
                         NaiveDate, serde_json::Value, Vec<u8>, or an Option of one of them";

pub(super) fn check(entity: &EntityStruct, errors: &mut Errors) {
    check_table(entity, errors);
    check_key_field(entity, "id", ScalarType::Ulid, "pub id: Ulid", errors);
    check_key_field(
        entity,
        "created_at",
        ScalarType::DateTime,
        "pub created_at: DateTime<Utc>",
        errors,
    );
    for field in entity.data_fields() {
        check_field(field, errors);
    }
}

fn check_table(entity: &EntityStruct, errors: &mut Errors) {
    if let Some(table) = &entity.attrs.table {
        let name = table.value();
        if !naming::is_snake_case(&name) {
            errors.at(
                table,
                format!("table name `{name}` is not snake_case; write it like `devices`"),
            );
        } else if name.len() > naming::MAX_SQL_IDENTIFIER_LEN {
            errors.at(
                table,
                format!(
                    "table name `{name}` is longer than PostgreSQL's {} bytes; shorten it",
                    naming::MAX_SQL_IDENTIFIER_LEN
                ),
            );
        }
    }
}

/// The id and creation time: present, of the right type, not nullable, and
/// without attributes.
fn check_key_field(
    entity: &EntityStruct,
    name: &str,
    expected: ScalarType,
    declaration: &str,
    errors: &mut Errors,
) {
    let Some(field) = entity.field(name) else {
        errors.at(
            &entity.ident,
            format!(
                "entity `{}` has no `{name}` field; add `{declaration}`",
                entity.ident
            ),
        );
        return;
    };
    if field.kind != Some((expected, false)) {
        errors.at(
            &field.ty,
            format!("`{name}` must be declared as `{declaration}`"),
        );
    }
    if let Some(attr) = &field.attrs.first {
        errors.at(
            attr,
            format!("`{name}` is managed by the repository and takes no entity attributes; remove this one"),
        );
    }
}

fn check_field(field: &EntityField, errors: &mut Errors) {
    let name = field.name();
    if name.starts_with("r#") {
        errors.at(
            &field.ident,
            format!("raw identifier `{name}` cannot name a column; choose another name"),
        );
    }
    let Some((scalar, _)) = field.kind else {
        errors.at(
            &field.ty,
            format!("unsupported field type for `{name}`; the supported types are {SUPPORTED}"),
        );
        return;
    };
    let attrs = &field.attrs;
    if let (Some(_), Some(index)) = (attrs.unique, attrs.index) {
        errors.push(syn::Error::new(
            index,
            "`index` is redundant with `unique`, which already creates an index; remove `index`",
        ));
    }
    if let Some(unique) = attrs.unique
        && scalar == ScalarType::Bool
    {
        errors.push(syn::Error::new(
            unique,
            "a unique `bool` allows at most two rows; use `index`, or remove `unique`",
        ));
    }
    if attrs.references.is_some() {
        if scalar != ScalarType::Ulid {
            errors.at(
                &field.ty,
                format!("`{name}` references another entity, so it holds its id: declare it as `Ulid` or `Option<Ulid>`"),
            );
        }
        if naming::reference_name(&name).is_none() {
            let column = naming::reference_column(&name);
            errors.at(
                &field.ident,
                format!(
                    "a reference is named after what it points at, with `_id`: rename `{name}` to `{column}`"
                ),
            );
        }
    }
}
