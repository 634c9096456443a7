//! Which crates the repository traits return types of: the data-model
//! crate is the one they return most, as `Result<Option<User>, _>` with
//! `use data_model::User`.

use std::{collections::BTreeMap, path::Path};

use super::{
    crate_items::{Crate, Entry},
    reexports::leaves,
};

/// For each crate name the repository traits of `storage` name in what
/// their methods return, how often.
pub fn returned_crates(storage: &Crate) -> BTreeMap<String, usize> {
    let mut returned: BTreeMap<String, usize> = BTreeMap::new();
    let entries = storage.entries();
    for file in &storage.sources {
        let imports = imports(&entries, &file.path);
        for entry in entries.iter().filter(|entry| entry.file == file.path) {
            let syn::Item::Trait(definition) = entry.item else {
                continue;
            };
            for item in &definition.items {
                let syn::TraitItem::Fn(method) = item else {
                    continue;
                };
                let syn::ReturnType::Type(_, output) = &method.sig.output else {
                    continue;
                };
                let mut paths = Vec::new();
                type_paths(output, &mut paths);
                for path in paths {
                    if let Some(name) = crate_of(path, &imports) {
                        *returned.entry(name).or_default() += 1;
                    }
                }
            }
        }
    }
    returned
}

/// The crate a type path starts from: its first segment, or for a bare
/// name the crate its `use` came from.
fn crate_of(path: &syn::Path, imports: &BTreeMap<String, String>) -> Option<String> {
    let first = path.segments.first()?.ident.to_string();
    let name = if path.segments.len() > 1 {
        first
    } else {
        imports.get(&first)?.clone()
    };
    (!["Self", "self", "crate", "super"].contains(&name.as_str())).then_some(name)
}

/// The names `file` imports, each with the first segment of its `use`:
/// `User` from `data_model` for `use data_model::{Clock, User};`.
fn imports(entries: &[Entry<'_>], file: &Path) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for entry in entries.iter().filter(|entry| entry.file == file) {
        let syn::Item::Use(item) = entry.item else {
            continue;
        };
        for leaf in leaves(&item.tree) {
            let (Some(original), Some(alias)) = (leaf.original, leaf.alias) else {
                continue;
            };
            let first = leaf.prefix.first().cloned().unwrap_or(original);
            names.insert(alias, first);
        }
    }
    names
}

/// Every path in `ty`, its generic arguments' included.
fn type_paths<'a>(ty: &'a syn::Type, paths: &mut Vec<&'a syn::Path>) {
    match ty {
        syn::Type::Path(path) => arguments_paths(&path.path, paths),
        syn::Type::Reference(reference) => type_paths(&reference.elem, paths),
        syn::Type::Slice(slice) => type_paths(&slice.elem, paths),
        syn::Type::Array(array) => type_paths(&array.elem, paths),
        syn::Type::Paren(paren) => type_paths(&paren.elem, paths),
        syn::Type::Group(group) => type_paths(&group.elem, paths),
        syn::Type::Ptr(pointer) => type_paths(&pointer.elem, paths),
        syn::Type::Tuple(tuple) => tuple.elems.iter().for_each(|ty| type_paths(ty, paths)),
        syn::Type::ImplTrait(bounds) => bounds_paths(bounds.bounds.iter(), paths),
        syn::Type::TraitObject(bounds) => bounds_paths(bounds.bounds.iter(), paths),
        _ => {}
    }
}

fn bounds_paths<'a>(
    bounds: impl Iterator<Item = &'a syn::TypeParamBound>,
    paths: &mut Vec<&'a syn::Path>,
) {
    for bound in bounds {
        if let syn::TypeParamBound::Trait(bound) = bound {
            arguments_paths(&bound.path, paths);
        }
    }
}

/// `path` and the paths of its generic arguments.
fn arguments_paths<'a>(path: &'a syn::Path, paths: &mut Vec<&'a syn::Path>) {
    paths.push(path);
    for segment in &path.segments {
        let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
            continue;
        };
        for argument in &arguments.args {
            match argument {
                syn::GenericArgument::Type(ty) => type_paths(ty, paths),
                syn::GenericArgument::AssocType(assoc) => type_paths(&assoc.ty, paths),
                _ => {}
            }
        }
    }
}
