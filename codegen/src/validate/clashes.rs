//! The rules across fields: no two fields share a name, a Rust field, a
//! column or a method of a generated type, and no field takes the key
//! column.

use std::collections::HashMap;

use crate::{
    model::{Diagnostics, Entity, Field, FieldType, Origin, UncheckedField},
    naming,
};

/// Two fields written with the same name, whether or not their types are
/// valid.
pub(super) fn check_duplicate_names(fields: &[UncheckedField], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Origin> = HashMap::new();
    for field in fields {
        if let Some(first) = seen.get(field.name.as_str()) {
            diagnostics.push(
                &field.origin,
                format!(
                    "field `{}` is declared twice (first as {first}); give each field once",
                    field.name
                ),
            );
        } else {
            seen.insert(&field.name, &field.origin);
        }
    }
}

/// Every clash among the checked fields of `entity`.
pub(super) fn check_clashes(entity: &Entity, diagnostics: &mut Diagnostics) {
    check_rust_names(&entity.fields, diagnostics);
    check_key_column(entity, diagnostics);
    check_filter_methods(entity, diagnostics);
}

/// Two fields of different names whose Rust names, and so columns, are
/// the same: `owner:User` and `owner_id:Uuid` are both `owner_id`.
fn check_rust_names(fields: &[Field], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<String, &Field> = HashMap::new();
    for field in fields {
        let rust_name = field.rust_name();
        match seen.get(&rust_name) {
            Some(first) if first.name != field.name => diagnostics.push(
                &field.origin,
                format!(
                    "field `{}` would be `{rust_name}` in Rust, like {}; rename one",
                    field.name, first.origin
                ),
            ),
            Some(_) => {}
            None => {
                seen.insert(rust_name, field);
            }
        }
    }
}

/// A field whose column is the key column, which holds the entity's own id
/// (`gadget_id` in `Gadget`, or the reference `doohickey` in `Doohickey`).
fn check_key_column(entity: &Entity, diagnostics: &mut Diagnostics) {
    let key = entity.key_column();
    for field in &entity.fields {
        if field.column_name() != key {
            continue;
        }
        let message = match &field.ty {
            FieldType::Reference(reference) => {
                let role = format!("{}_{}", field.name, reference.module);
                let written = if field.origin.is_command_line() {
                    format!("`{role}:{}`", reference.entity)
                } else {
                    format!("`{}`", naming::reference_column(&role))
                };
                format!(
                    "reference `{}` would be stored in column `{key}`, the key column that \
                     holds `{}`'s own id; name the reference after its role, such as {written}",
                    field.name, entity.name
                )
            }
            FieldType::Scalar(_) => format!(
                "field `{}` would be column `{key}`, the key column that holds `{}`'s own id, \
                 which every entity has as `id`; remove the field, or rename it, such as \
                 `external_{}`",
                field.name, entity.name, field.name
            ),
        };
        diagnostics.push(&field.origin, message);
    }
}

/// Two methods of the filter type of one name: a getter `new` beside the
/// constructor, or `with_active` made from `active:bool` and from a bool
/// field `with_active` alike.
fn check_filter_methods(entity: &Entity, diagnostics: &mut Diagnostics) {
    let filter = entity.filter_type();
    let mut seen: HashMap<String, Option<Field>> = HashMap::new();
    for (method, field) in entity.filter_methods() {
        let Some(first) = seen.get(&method) else {
            seen.insert(method, field);
            continue;
        };
        let Some(field) = field else { continue };
        let message = match first {
            Some(first) if first.name == field.name => continue,
            Some(first) => format!(
                "fields `{}` and `{}` would both give `{filter}` a method `{method}`; \
                 rename one",
                first.name, field.name
            ),
            None => format!(
                "field `{}` would give `{filter}` a method `{method}`, which it has already; \
                 rename the field",
                field.name
            ),
        };
        diagnostics.push(&field.origin, message);
    }
}
