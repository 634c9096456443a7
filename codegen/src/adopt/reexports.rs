//! How a crate names an item: by the module it is defined in, or by any
//! `pub use` that brings it (or a re-export of it) somewhere shorter.

use std::collections::BTreeMap;

use super::crate_items::{Entry, module_is_public};

/// The `a::b::name` of a `use` tree that brings `name` from another
/// crate (not `self`, `crate` or `super`).
pub fn external_reexport(tree: &syn::UseTree, name: &str) -> Option<String> {
    leaves(tree)
        .into_iter()
        .find(|leaf| {
            leaf.alias.as_deref() == Some(name)
                && leaf
                    .prefix
                    .first()
                    .is_some_and(|first| !["self", "crate", "super"].contains(&first.as_str()))
        })
        .map(|leaf| {
            let mut path = leaf.prefix;
            path.push(leaf.original.unwrap_or_default());
            path.join("::")
        })
}

/// One name a `use` tree brings in.
pub struct Leaf {
    /// The path to it: `["self", "clock"]`.
    pub prefix: Vec<String>,
    /// Its name where it comes from; `None` for a glob.
    pub original: Option<String>,
    /// Its name where it is brought; `None` for a glob.
    pub alias: Option<String>,
}

pub fn leaves(tree: &syn::UseTree) -> Vec<Leaf> {
    fn walk(tree: &syn::UseTree, prefix: &mut Vec<String>, found: &mut Vec<Leaf>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                walk(&path.tree, prefix, found);
                prefix.pop();
            }
            syn::UseTree::Name(name) => found.push(Leaf {
                prefix: prefix.clone(),
                original: Some(name.ident.to_string()),
                alias: Some(name.ident.to_string()),
            }),
            syn::UseTree::Rename(rename) => found.push(Leaf {
                prefix: prefix.clone(),
                original: Some(rename.ident.to_string()),
                alias: Some(rename.rename.to_string()),
            }),
            syn::UseTree::Glob(_) => found.push(Leaf {
                prefix: prefix.clone(),
                original: None,
                alias: None,
            }),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    walk(tree, prefix, found);
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(tree, &mut Vec::new(), &mut found);
    found
}

/// The shortest path by which `entries`' crate names the item at `start`,
/// preferring those another crate can use, with whether it can: `start`
/// itself, or a `pub use` of it (or of a re-export of it) anywhere in the
/// crate.
pub fn shortest_path(entries: &[Entry<'_>], start: Vec<String>) -> (Vec<String>, bool) {
    let start_public = module_is_public(entries, &start[..start.len() - 1]);
    let mut known: BTreeMap<Vec<String>, bool> = BTreeMap::from([(start, start_public)]);
    let reexports: Vec<(&Entry<'_>, bool, Vec<Leaf>)> = entries
        .iter()
        .filter_map(|entry| match entry.item {
            syn::Item::Use(item) if !matches!(item.vis, syn::Visibility::Inherited) => {
                let public = matches!(item.vis, syn::Visibility::Public(_))
                    && module_is_public(entries, &entry.module);
                Some((entry, public, leaves(&item.tree)))
            }
            _ => None,
        })
        .collect();
    // Each round follows one more re-export; a path is added at most once.
    loop {
        let mut added = Vec::new();
        for (entry, public, leaves) in &reexports {
            for leaf in leaves {
                let Some(from) = resolve(&entry.module, &leaf.prefix) else {
                    continue;
                };
                for path in known.keys() {
                    let (module, name) = path.split_at(path.len() - 1);
                    let brought = match (&leaf.original, &leaf.alias) {
                        (Some(original), Some(alias)) if original == &name[0] => alias,
                        (None, None) => &name[0],
                        _ => continue,
                    };
                    if module != from {
                        continue;
                    }
                    let mut new = entry.module.clone();
                    new.push(brought.clone());
                    if known.get(&new).is_none_or(|&was| !was && *public) {
                        added.push((new, *public));
                    }
                }
            }
        }
        if added.is_empty() {
            break;
        }
        known.extend(added);
    }
    known
        .into_iter()
        .min_by(|(a, a_public), (b, b_public)| {
            (!a_public, a.len(), a.join("::")).cmp(&(!b_public, b.len(), b.join("::")))
        })
        .unwrap_or_default()
}

/// The module `prefix` names from `module`: `self::a` is `module::a`,
/// `crate::a` is `a`, `super::a` is the parent's `a`, and `a` is `module`'s
/// own `a`; `None` for a path that leaves the crate.
fn resolve(module: &[String], prefix: &[String]) -> Option<Vec<String>> {
    let mut at = module.to_vec();
    for (index, segment) in prefix.iter().enumerate() {
        match segment.as_str() {
            "crate" if index == 0 => at.clear(),
            "self" if index == 0 => {}
            "super" => {
                at.pop()?;
            }
            other => at.push(other.to_owned()),
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_paths_resolve_from_their_module() {
        let module = ["a".to_owned(), "b".to_owned()];
        let path = |parts: &[&str]| {
            parts
                .iter()
                .map(|&part| part.to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            resolve(&module, &path(&["self", "c"])).unwrap(),
            path(&["a", "b", "c"])
        );
        assert_eq!(
            resolve(&module, &path(&["crate", "c"])).unwrap(),
            path(&["c"])
        );
        assert_eq!(
            resolve(&module, &path(&["super", "c"])).unwrap(),
            path(&["a", "c"])
        );
        assert_eq!(
            resolve(&module, &path(&["c"])).unwrap(),
            path(&["a", "b", "c"])
        );
        assert!(resolve(&[], &path(&["super"])).is_none());
    }
}
