//! The rules for one field: its name, and its type resolved against the
//! entities the workspace holds.

use crate::{
    input::ExistingEntity,
    model::{Diagnostics, Field, FieldType, ScalarType, UncheckedField, UncheckedType},
    naming,
    validate::names::check_field_name,
};

/// Check `field` of entity `entity`, and build its model if it is valid.
pub(super) fn check_field(
    field: &UncheckedField,
    entity: &str,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) -> Option<Field> {
    let name_ok = check_field_name(&field.name, &field.origin, diagnostics);
    let ty = resolve_type(field, entity, existing, diagnostics);
    Some(Field {
        name: field.name.clone(),
        ty: ty.filter(|_| name_ok)?,
        nullable: field.nullable,
        unique: field.unique,
        indexed: field.indexed,
        renamed_from: field.renamed_from.clone(),
        origin: field.origin.clone(),
    })
}

fn resolve_type(
    field: &UncheckedField,
    entity: &str,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) -> Option<FieldType> {
    let origin = &field.origin;
    let name = field.name.as_str();
    match &field.ty {
        UncheckedType::Scalar(scalar) => Some(FieldType::Scalar(*scalar)),
        UncheckedType::Named(type_name) if type_name == entity => {
            diagnostics.push(
                origin,
                format!(
                    "`{entity}` cannot reference itself yet; store the other row's id as \
                     `{name}:Ulid` and keep the link in code"
                ),
            );
            None
        }
        UncheckedType::Reference(target) if target == entity => {
            diagnostics.push(
                origin,
                format!(
                    "`{entity}` cannot reference itself yet; store the other row's id in a \
                     plain `Ulid` field (remove `references = {entity}`) and keep the link in code"
                ),
            );
            None
        }
        UncheckedType::Named(type_name) => {
            let Some(target) = existing.iter().find(|e| e.name == *type_name) else {
                diagnostics.push(origin, unknown_type(type_name, existing));
                return None;
            };
            // Typed on the command line, a reference is named after its
            // role and gets its `_id` in Rust and SQL.
            if let Some(stem) = naming::reference_name(name) {
                diagnostics.push(
                    origin,
                    format!(
                        "name the reference `{stem}`, not `{name}`: its column is `{}` \
                         already; write `{stem}:{type_name}`",
                        naming::reference_column(name),
                    ),
                );
                return None;
            }
            managed_reference(name, target, diagnostics, origin)
        }
        UncheckedType::Reference(target) => {
            if let Some(found) = existing.iter().find(|e| e.name == *target) {
                return managed_reference(name, found, diagnostics, origin);
            }
            diagnostics.push(
                origin,
                format!(
                    "`{}` references `{target}`, which is not an entity of this crate; \
                     create it first with `codegen new-entity {target} ...`, or name an \
                     existing entity",
                    naming::reference_column(name)
                ),
            );
            None
        }
    }
}

/// A reference to `target`: one codegen manages, whose generated tests have
/// an `add_sample`, or a hand-written one whose table, key and sample codegen
/// found or `[references.<Entity>]` gives.
fn managed_reference(
    name: &str,
    target: &ExistingEntity,
    diagnostics: &mut Diagnostics,
    origin: &crate::model::Origin,
) -> Option<FieldType> {
    if let Some(reference) = target.as_reference() {
        return Some(FieldType::Reference(reference));
    }
    let (why, fix) = match &target.hand_written {
        Some(Err(not)) => (not.why.as_str(), not.fix.as_str()),
        _ => (
            "codegen does not know how to add one",
            "derive `Entity` on it for codegen to manage it",
        ),
    };
    diagnostics.push(
        origin,
        format!(
            "`{name}` references `{target}`, which codegen did not write, and {why}; {fix}, \
             or keep its id in a plain field (`{column}:Ulid`)",
            target = target.name,
            column = naming::reference_column(name),
        ),
    );
    None
}

fn unknown_type(type_name: &str, existing: &[ExistingEntity]) -> String {
    let builtin = ScalarType::ALL.map(ScalarType::spec_name).join(", ");
    let known = ScalarType::ALL
        .iter()
        .map(|ty| ty.spec_name())
        .chain(existing.iter().map(|e| e.name.as_str()));
    match naming::closest(type_name, known) {
        Some(known) => format!("unknown type `{type_name}`: did you mean `{known}`?"),
        None if naming::is_pascal_case(type_name) => format!(
            "unknown type `{type_name}`: no entity of that name exists; create it first with \
             `codegen new-entity {type_name} ...`, or use one of the built-in types: {builtin}"
        ),
        None => format!(
            "unknown type `{type_name}`; the built-in types are {builtin}, or an existing entity"
        ),
    }
}
