//! The names each generated module brings into scope: what its imports
//! name (the workspace's runtime items, the entity, the entities it
//! references, the field types) and the types its template declares. Two of
//! one name would not compile, so the entity that causes it is refused
//! before anything is written, with the names taken from the very imports
//! the modules are rendered with.

use crate::{
    model::{Diagnostics, Entity},
    render::imports::Imports,
};

/// One generated module: what it is, what it imports and what it declares.
pub struct Scope<'a> {
    /// The module, for messages: `its storage module`.
    pub module: &'static str,
    /// Its imports.
    pub imports: &'a Imports,
    /// The types it declares.
    pub declared: Vec<String>,
}

/// Every name two things of `entity`'s modules would bring into one scope.
pub fn check_scopes(entity: &Entity, scopes: &[Scope<'_>], diagnostics: &mut Diagnostics) {
    for scope in scopes {
        let mut seen: Vec<(String, String)> = Vec::new();
        let declared = scope
            .declared
            .iter()
            .map(|name| (name.clone(), format!("the `{name}` it declares")));
        let imported = scope
            .imports
            .names()
            .into_iter()
            .map(|(name, path)| (name, format!("`{path}`")));
        for (name, source) in declared.chain(imported) {
            if let Some((_, first)) = seen.iter().find(|(other, _)| *other == name) {
                diagnostics.push(
                    &entity.origin,
                    format!(
                        "entity `{}` would give {} two things named `{name}`: {first} and \
                         {source}; choose another entity name, such as `{}Entry`",
                        entity.name, scope.module, entity.name
                    ),
                );
            } else {
                seen.push((name, source));
            }
        }
    }
}
