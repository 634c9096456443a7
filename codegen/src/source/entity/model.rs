//! An entity struct as the generator's model, for the CLI: the struct, not
//! the command line that first made it, is the source of truth.

use std::path::Path;

use crate::{
    model::{Entity, Field, FieldType, Reference},
    naming,
    source::entity::EntityStruct,
    validate::Origin,
};

/// The model of `entity`, declared in `path`; `reference` resolves an
/// entity name to the entity it names (module, table), if it exists.
///
/// # Errors
///
/// Returns the name of a referenced entity that does not exist.
pub fn to_model(
    entity: &EntityStruct,
    path: &Path,
    module: &str,
    reference: impl Fn(&str) -> Option<Reference>,
) -> Result<Entity, (Origin, String)> {
    let origin = |span: proc_macro2::Span| Origin::File {
        path: path.to_path_buf(),
        line: span.start().line,
    };
    let mut fields = Vec::new();
    for field in entity.data_fields() {
        let Some((scalar, nullable)) = field.kind else {
            continue;
        };
        let name = field.name();
        let ty = match &field.attrs.references {
            Some(target) => {
                let target = target
                    .segments
                    .last()
                    .map(|segment| segment.ident.to_string())
                    .unwrap_or_default();
                let reference = reference(&target).ok_or_else(|| {
                    (
                        origin(field.ident.span()),
                        format!(
                            "`{name}` references `{target}`, which is not an entity of this crate"
                        ),
                    )
                })?;
                FieldType::Reference(reference)
            }
            None => FieldType::Scalar(scalar),
        };
        let name = match ty {
            FieldType::Reference(_) => naming::reference_name(&name).unwrap_or(&name).to_owned(),
            FieldType::Scalar(_) => name,
        };
        fields.push(Field {
            name,
            ty,
            nullable,
            unique: field.attrs.unique.is_some(),
            indexed: field.attrs.index.is_some(),
            renamed_from: field.attrs.renamed_from.as_ref().map(syn::LitStr::value),
            origin: origin(field.ident.span()),
        });
    }
    let name = entity.ident.to_string();
    Ok(Entity {
        table: table_of(entity),
        module: module.to_owned(),
        name,
        fields,
        origin: origin(entity.span()),
    })
}

/// The entity's table: the override, or the plural of its name.
#[must_use]
pub fn table_of(entity: &EntityStruct) -> String {
    entity.attrs.table.as_ref().map_or_else(
        || naming::table_name(&entity.ident.to_string()),
        syn::LitStr::value,
    )
}
