//! What the wiring is made from: the repository traits of the storage
//! crate, and a backend's implementations of them.

use quote::format_ident;

use crate::{build::module_tree::ModuleFile, expand::access::Accessor};

/// The accessors of every `#[repository]` trait in `files`, each trait by
/// its path in the crate, in module order.
#[must_use]
pub fn repository_traits(files: &[ModuleFile]) -> Vec<Accessor> {
    let mut accessors = Vec::new();
    for file in files {
        for item in &file.syntax.items {
            if let syn::Item::Trait(item) = item
                && item.attrs.iter().any(|attr| {
                    attr.path()
                        .segments
                        .last()
                        .is_some_and(|segment| segment.ident == "repository")
                })
            {
                let mut segments = vec![format_ident!("crate")];
                segments.extend(file.module.iter().map(|name| format_ident!("{name}")));
                segments.push(item.ident.clone());
                let path: syn::Path = syn::parse_quote!(#(#segments)::*);
                accessors.extend(Accessor::for_trait(path));
            }
        }
    }
    accessors
}

/// Every `impl <Name>Repository for <prefix><Name>Repository` in `files`:
/// the accessor (the trait by the path its file imports it from) and the
/// implementing type by its path in the crate.
///
/// # Errors
///
/// Returns, with its file and line, an implemented trait whose path cannot
/// be told from the file's `use` declarations.
pub fn backend_implementations(
    files: &[ModuleFile],
    prefix: &str,
) -> Result<Vec<(Accessor, syn::Path)>, crate::build::BuildError> {
    let mut found = Vec::new();
    for file in files {
        for item in &file.syntax.items {
            let syn::Item::Impl(implementation) = item else {
                continue;
            };
            let Some((trait_path, _)) = &implementation.trait_ else {
                continue;
            };
            let Some(trait_name) = trait_path.segments.last().map(|s| s.ident.to_string()) else {
                continue;
            };
            let syn::Type::Path(self_type) = &*implementation.self_ty else {
                continue;
            };
            let Some(self_name) = self_type.path.segments.last().map(|s| s.ident.clone()) else {
                continue;
            };
            if !trait_name.ends_with("Repository") || self_name != format!("{prefix}{trait_name}") {
                continue;
            }
            let full_trait = resolve(&file.syntax, trait_path).ok_or_else(|| crate::build::BuildError {
                path: file.path.clone(),
                line: Some(self_name.span().start().line),
                message: format!(
                    "cannot tell which crate `{trait_name}` comes from; import it with `use storage::…::{trait_name};`"
                ),
            })?;
            let mut segments = vec![format_ident!("crate")];
            segments.extend(file.module.iter().map(|name| format_ident!("{name}")));
            segments.push(self_name);
            let implementation_path: syn::Path = syn::parse_quote!(#(#segments)::*);
            found.extend(
                Accessor::for_trait(full_trait).map(|accessor| (accessor, implementation_path)),
            );
        }
    }
    Ok(found)
}

/// The full path of `path` as written in `file`: a path of several segments
/// is taken as it is; a single name is looked up among the `use`
/// declarations.
fn resolve(file: &syn::File, path: &syn::Path) -> Option<syn::Path> {
    if path.segments.len() > 1 {
        return Some(path.clone());
    }
    let name = &path.segments.first()?.ident;
    file.items.iter().find_map(|item| match item {
        syn::Item::Use(declaration) => find_in_tree(&declaration.tree, &mut Vec::new(), name),
        _ => None,
    })
}

fn find_in_tree(
    tree: &syn::UseTree,
    prefix: &mut Vec<syn::Ident>,
    name: &syn::Ident,
) -> Option<syn::Path> {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.clone());
            let found = find_in_tree(&path.tree, prefix, name);
            prefix.pop();
            found
        }
        syn::UseTree::Name(leaf) if &leaf.ident == name => {
            let segments = prefix.iter().chain(std::iter::once(&leaf.ident));
            Some(syn::parse_quote!(#(#segments)::*))
        }
        syn::UseTree::Rename(rename) if &rename.rename == name => {
            let segments = prefix.iter().chain(std::iter::once(&rename.ident));
            Some(syn::parse_quote!(#(#segments)::*))
        }
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .find_map(|item| find_in_tree(item, prefix, name)),
        _ => None,
    }
}
