//! An entity struct lowered into the unchecked model, for the CLI: the
//! struct, not the command line that first made it, is the source of truth,
//! and [`crate::validate::check_entity`] runs the same rules on it as on a
//! command line.

use std::path::Path;

use crate::{
    model::{Origin, UncheckedEntity, UncheckedField, UncheckedType},
    naming,
    source::entity::EntityStruct,
};

/// `entity`, declared in `path` (as messages show it) in module `module`,
/// as the checks read it. Fields of unsupported types, which the struct's
/// own checks refuse, are left out.
#[must_use]
pub fn lower(entity: &EntityStruct, path: &Path, module: &str) -> UncheckedEntity {
    let origin = |span: proc_macro2::Span| Origin::File {
        path: path.to_path_buf(),
        line: span.start().line,
    };
    let mut fields = Vec::new();
    let mut declared_fields = 0;
    for field in entity.data_fields() {
        declared_fields += 1;
        let Some((scalar, nullable)) = field.kind else {
            continue;
        };
        let rust_name = field.name();
        let (name, ty) = match &field.attrs.references {
            Some(target) => {
                let target = target
                    .segments
                    .last()
                    .map(|segment| segment.ident.to_string())
                    .unwrap_or_default();
                let name = naming::reference_name(&rust_name)
                    .unwrap_or(&rust_name)
                    .to_owned();
                (name, UncheckedType::Reference(target))
            }
            None => (rust_name, UncheckedType::Scalar(scalar)),
        };
        fields.push(UncheckedField {
            name,
            ty,
            nullable,
            unique: field.attrs.unique.is_some(),
            indexed: field.attrs.index.is_some(),
            renamed_from: field.attrs.renamed_from.as_ref().map(syn::LitStr::value),
            origin: origin(field.ident.span()),
        });
    }
    UncheckedEntity {
        name: entity.ident.to_string(),
        origin: origin(entity.span()),
        module: Some(module.to_owned()),
        table: entity.attrs.table.as_ref().map(syn::LitStr::value),
        fields,
        declared_fields,
    }
}

/// The entity's table: the override, or the plural of its name.
#[must_use]
pub fn table_of(entity: &EntityStruct) -> String {
    entity.attrs.table.as_ref().map_or_else(
        || naming::table_name(&entity.ident.to_string()),
        syn::LitStr::value,
    )
}
