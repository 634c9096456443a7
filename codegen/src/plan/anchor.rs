//! Where an insertion goes in an existing Rust file, found by parsing it:
//! the generator inserts into structure (a trait's body, a group of `mod`
//! declarations), never at a line number or a marker comment.

use proc_macro2::LineColumn;
use syn::spanned::Spanned;

/// A place in a Rust source file, described by the items around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// Among the file's last group of `mod name;` declarations, in the
    /// alphabetical place rustfmt keeps them in.
    ModDeclaration {
        /// The module declared.
        module: String,
    },
    /// Among the file's last group of `use` declarations, in the
    /// alphabetical place rustfmt keeps them in.
    UseDeclaration {
        /// The path imported, `self::device::Device`, to sort by.
        path: String,
    },
    /// At the end of the body of `trait <name>`.
    TraitEnd {
        /// The trait.
        name: String,
    },
    /// At the end of the body of `impl … <trait_name> for <self_type>…`.
    ImplEnd {
        /// The implemented trait's last path segment.
        trait_name: String,
        /// The implementing type's last path segment, generics aside.
        self_type: String,
    },
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ModDeclaration { .. } => f.write_str("a group of `mod` declarations"),
            Self::UseDeclaration { .. } => f.write_str("a group of `use` declarations"),
            Self::TraitEnd { name } => write!(f, "`trait {name}`"),
            Self::ImplEnd {
                trait_name,
                self_type,
            } => write!(f, "`impl {trait_name} for {self_type}`"),
        }
    }
}

/// Whether `text` (a Rust file) holds the item `anchor` points into.
///
/// Only [`Anchor::TraitEnd`] and [`Anchor::ImplEnd`] can be missing:
/// declarations go first in a file that has none.
#[must_use]
pub fn holds(file: &syn::File, anchor: &Anchor) -> bool {
    match anchor {
        Anchor::ModDeclaration { .. } | Anchor::UseDeclaration { .. } => true,
        Anchor::TraitEnd { name } => find_trait(file, name).is_some(),
        Anchor::ImplEnd {
            trait_name,
            self_type,
        } => find_impl(file, trait_name, self_type).is_some(),
    }
}

/// The column of the closing brace of the body `anchor` inserts at the end
/// of, which the inserted item is indented by; 0 for other anchors, or when
/// the body is not found (the insertion then says why).
#[must_use]
pub fn body_indent(file: &syn::File, anchor: &Anchor) -> usize {
    match anchor {
        Anchor::ModDeclaration { .. } | Anchor::UseDeclaration { .. } => 0,
        Anchor::TraitEnd { name } => {
            find_trait(file, name).map_or(0, |found| found.brace_token.span.close().start().column)
        }
        Anchor::ImplEnd {
            trait_name,
            self_type,
        } => find_impl(file, trait_name, self_type)
            .map_or(0, |found| found.brace_token.span.close().start().column),
    }
}

/// `item` as inserting it at `anchor` in `file` writes it: indented for a
/// body inside a module.
#[must_use]
pub fn as_inserted(file: &syn::File, anchor: &Anchor, item: &str) -> String {
    indented(item, body_indent(file, anchor))
}

/// Where in `text` to insert, and the text to insert there, for `item`
/// (one or more complete lines, ending in a newline) at `anchor`.
///
/// # Errors
///
/// Returns a sentence saying what was looked for and not found.
pub fn insertion(
    text: &str,
    file: &syn::File,
    anchor: &Anchor,
    item: &str,
) -> Result<(usize, String), String> {
    let lines = LineStarts::of(text);
    match anchor {
        Anchor::ModDeclaration { module } => {
            if let Some(taken) = name_taken(file, module) {
                return Err(format!(
                    "{taken} already, so `mod {module};` would clash with it; remove it, or \
                     choose another entity name"
                ));
            }
            let declarations = file.items.iter().filter_map(|item| match item {
                syn::Item::Mod(declaration) if declaration.semi.is_some() => {
                    Some((declaration.ident.to_string(), item.span()))
                }
                _ => None,
            });
            Ok(in_sorted_group(
                text,
                file,
                &lines,
                declarations,
                module,
                item,
            ))
        }
        Anchor::UseDeclaration { path } => {
            let leaf = path.rsplit("::").next().unwrap_or(path);
            if let Some(line) = declared_names(file)
                .into_iter()
                .find_map(|(name, line)| (name == leaf).then_some(line))
            {
                return Err(format!(
                    "line {line} declares `{leaf}` already, so `use {path};` would clash with \
                     it; remove it, or choose another entity name"
                ));
            }
            let uses = file.items.iter().filter_map(|item| match item {
                syn::Item::Use(declaration) => Some((use_path(&declaration.tree), item.span())),
                _ => None,
            });
            Ok(in_sorted_group(text, file, &lines, uses, path, item))
        }
        Anchor::TraitEnd { name } => {
            let found = find_trait(file, name).ok_or_else(|| format!("found no `trait {name}`"))?;
            at_body_end(
                text,
                &lines,
                found.brace_token.span.close().start(),
                !found.items.is_empty(),
                item,
            )
            .ok_or_else(|| format!("the body of `trait {name}` does not end on a line of its own"))
        }
        Anchor::ImplEnd {
            trait_name,
            self_type,
        } => {
            let found = find_impl(file, trait_name, self_type)
                .ok_or_else(|| format!("found no `impl {trait_name} for {self_type}`"))?;
            at_body_end(text, &lines, found.brace_token.span.close().start(), !found.items.is_empty(), item)
                .ok_or_else(|| {
                    format!("the body of `impl {trait_name} for {self_type}` does not end on a line of its own")
                })
        }
    }
}

/// Why a module `module` cannot be declared in `file`, if it cannot: an item
/// of that name in the modules' namespace, or a path of the file that
/// starts with that name and so means a crate (`sqlx::migrate!()`), which a
/// module of the crate root would stand in for.
fn name_taken(file: &syn::File, module: &str) -> Option<String> {
    if let Some((_, line)) = declared_names(file)
        .into_iter()
        .find(|(name, _)| name == module)
    {
        return Some(format!("line {line} declares `{module}`"));
    }
    let line = path_starting_with(quote::ToTokens::to_token_stream(file), module)?;
    Some(format!(
        "line {line} names `{module}::…`, which a module `{module}` here would take over,"
    ))
}

/// Each name `file` declares in the namespace of types and modules, with
/// its line: modules, types, traits, crates and what `use` brings in.
fn declared_names(file: &syn::File) -> Vec<(String, usize)> {
    let mut names = Vec::new();
    for item in &file.items {
        let line = item.span().start().line;
        let ident = match item {
            syn::Item::Mod(item) => Some(&item.ident),
            syn::Item::Struct(item) => Some(&item.ident),
            syn::Item::Enum(item) => Some(&item.ident),
            syn::Item::Union(item) => Some(&item.ident),
            syn::Item::Trait(item) => Some(&item.ident),
            syn::Item::TraitAlias(item) => Some(&item.ident),
            syn::Item::Type(item) => Some(&item.ident),
            syn::Item::ExternCrate(item) => Some(
                item.rename
                    .as_ref()
                    .map_or(&item.ident, |(_, rename)| rename),
            ),
            syn::Item::Use(item) => {
                use_names(&item.tree, line, &mut names);
                None
            }
            _ => None,
        };
        if let Some(ident) = ident {
            names.push((ident.to_string(), line));
        }
    }
    names
}

/// The names a `use` tree brings in: each leaf, or its rename.
fn use_names(tree: &syn::UseTree, line: usize, names: &mut Vec<(String, usize)>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, line, names),
        syn::UseTree::Name(name) if name.ident != "self" => {
            names.push((name.ident.to_string(), line));
        }
        syn::UseTree::Rename(rename) => names.push((rename.rename.to_string(), line)),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_names(tree, line, names);
            }
        }
        syn::UseTree::Name(_) | syn::UseTree::Glob(_) => {}
    }
}

/// The line of the first path in `tokens` that starts with `name::`, not
/// after `::` (which makes it a segment of a longer path, or a crate named
/// from the extern prelude).
fn path_starting_with(tokens: proc_macro2::TokenStream, name: &str) -> Option<usize> {
    use proc_macro2::{Spacing, TokenTree};
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => {
                if let Some(line) = path_starting_with(group.stream(), name) {
                    return Some(line);
                }
            }
            TokenTree::Ident(ident) if ident == name => {
                let colon = |at: usize, spacing: Option<Spacing>| {
                    matches!(tokens.get(at), Some(TokenTree::Punct(p))
                        if p.as_char() == ':' && spacing.is_none_or(|s| p.spacing() == s))
                };
                let followed = colon(index + 1, Some(Spacing::Joint)) && colon(index + 2, None);
                let preceded =
                    index >= 2 && colon(index - 2, Some(Spacing::Joint)) && colon(index - 1, None);
                if followed && !preceded {
                    return Some(ident.span().start().line);
                }
            }
            _ => {}
        }
    }
    None
}

pub(super) fn find_trait<'a>(file: &'a syn::File, name: &str) -> Option<&'a syn::ItemTrait> {
    every_item(&file.items).find_map(|item| match item {
        syn::Item::Trait(item) if item.ident == name => Some(item),
        _ => None,
    })
}

pub(super) fn find_impl<'a>(
    file: &'a syn::File,
    trait_name: &str,
    self_type: &str,
) -> Option<&'a syn::ItemImpl> {
    every_item(&file.items).find_map(|item| match item {
        syn::Item::Impl(item) => {
            let (path, _) = item.trait_.as_ref()?;
            let implements = path.segments.last().is_some_and(|s| s.ident == trait_name);
            let for_type = match &*item.self_ty {
                syn::Type::Path(ty) => ty
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == self_type),
                _ => false,
            };
            (implements && for_type).then_some(item)
        }
        _ => None,
    })
}

/// `items` and, depth first, the items of every inline module among them
/// (`mod impls { impl<R: RepositoryAccess> RepositoryAccess for Box<R> … }`),
/// where hand-kept wiring often lives.
fn every_item(items: &[syn::Item]) -> Box<dyn Iterator<Item = &syn::Item> + '_> {
    Box::new(items.iter().flat_map(|item| {
        let inner = match item {
            syn::Item::Mod(module) => module
                .content
                .as_ref()
                .map_or(&[][..], |(_, items)| items.as_slice()),
            _ => &[],
        };
        std::iter::once(item).chain(every_item(inner))
    }))
}

/// `self::device::Device` for `self::device::Device`, and
/// `self::clock::{Clock, MockClock}` for a group.
pub(super) fn use_path(tree: &syn::UseTree) -> String {
    quote::ToTokens::to_token_stream(tree)
        .to_string()
        .replace(' ', "")
}

/// Insert `item` before the first member of the file's last contiguous group
/// (of the members given) that sorts after `key`, or after the group; with
/// no group, before the first item of the file, followed by a blank line.
fn in_sorted_group(
    text: &str,
    file: &syn::File,
    lines: &LineStarts,
    members: impl Iterator<Item = (String, proc_macro2::Span)>,
    key: &str,
    item: &str,
) -> (usize, String) {
    let members: Vec<(String, usize, usize)> = members
        .map(|(name, span)| (name, span.start().line, span.end().line))
        .collect();
    let Some(last) = members.last() else {
        let first_item_line = file
            .items
            .first()
            .map_or(lines.count() + 1, |item| item.span().start().line);
        return (lines.start(first_item_line, text), format!("{item}\n"));
    };
    let mut group_start = members.len() - 1;
    while group_start > 0 && members[group_start - 1].2 + 1 == members[group_start].1 {
        group_start -= 1;
    }
    let group = &members[group_start..];
    match group.iter().find(|(name, _, _)| sorts_before(key, name)) {
        Some((_, start_line, _)) => (lines.start(*start_line, text), item.to_owned()),
        None => (lines.start(last.2 + 1, text), item.to_owned()),
    }
}

/// rustfmt's order for module names and `use` paths: segment by segment.
fn sorts_before(key: &str, other: &str) -> bool {
    let segments = |path: &str| path.split("::").map(str::to_owned).collect::<Vec<_>>();
    segments(key) < segments(other)
}

/// Insert `item` on the line of the body's closing brace, after a blank line
/// if the body has other items.
fn at_body_end(
    text: &str,
    lines: &LineStarts,
    close: LineColumn,
    body_has_items: bool,
    item: &str,
) -> Option<(usize, String)> {
    let line_start = lines.start(close.line, text);
    let before_brace = text
        .get(line_start..)?
        .chars()
        .take(close.column)
        .collect::<String>();
    if !before_brace.trim().is_empty() {
        return None;
    }
    let separator = if body_has_items { "\n" } else { "" };
    Some((
        line_start,
        format!("{separator}{}", indented(item, close.column)),
    ))
}

/// `item`, written for a body at the top level, indented by `columns` more
/// for a body whose closing brace stands there (inside `mod impls { … }`).
fn indented(item: &str, columns: usize) -> String {
    let margin = " ".repeat(columns);
    item.split_inclusive('\n')
        .map(|line| {
            if line.trim().is_empty() {
                line.to_owned()
            } else {
                format!("{margin}{line}")
            }
        })
        .collect()
}

/// The byte offset at which each line of a text starts.
pub(super) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub(super) fn of(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        Self(starts)
    }

    fn count(&self) -> usize {
        self.0.len()
    }

    /// The offset of 1-based `line`, or the end of the text past the last.
    pub(super) fn start(&self, line: usize, text: &str) -> usize {
        self.0
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(text: &str, anchor: &Anchor, item: &str) -> Result<String, String> {
        let file = syn::parse_file(text).map_err(|error| error.to_string())?;
        let (offset, inserted) = insertion(text, &file, anchor, item)?;
        let mut result = text.to_owned();
        result.insert_str(offset, &inserted);
        Ok(result)
    }

    #[test]
    fn wiring_inside_an_inline_module_is_found_and_indented() {
        let text = "mod impls {\n    use super::*;\n\n    impl<R: RepositoryAccess + ?Sized> RepositoryAccess for Box<R> {\n        type Error = R::Error;\n    }\n}\n";
        let boxed = Anchor::ImplEnd {
            trait_name: "RepositoryAccess".to_owned(),
            self_type: "Box".to_owned(),
        };
        let file = syn::parse_file(text).unwrap();
        assert!(holds(&file, &boxed));
        let inserted = insert(text, &boxed, "    fn a(&mut self) {}\n").unwrap();
        assert!(
            inserted.contains(
                "        type Error = R::Error;\n\n        fn a(&mut self) {}\n    }\n}\n"
            ),
            "{inserted}"
        );
    }

    #[test]
    fn mod_declarations_go_in_alphabetical_place() {
        let lib = "//! Docs.\n\nmod clock;\nmod id;\nmod user;\n\npub use self::id::new_id;\n";
        let anchor = |module: &str| Anchor::ModDeclaration {
            module: module.to_owned(),
        };
        assert_eq!(
            insert(lib, &anchor("device"), "mod device;\n").unwrap(),
            "//! Docs.\n\nmod clock;\nmod device;\nmod id;\nmod user;\n\npub use self::id::new_id;\n"
        );
        assert_eq!(
            insert(lib, &anchor("zone"), "mod zone;\n").unwrap(),
            "//! Docs.\n\nmod clock;\nmod id;\nmod user;\nmod zone;\n\npub use self::id::new_id;\n"
        );
        assert_eq!(
            insert(lib, &anchor("alpha"), "mod alpha;\n").unwrap(),
            "//! Docs.\n\nmod alpha;\nmod clock;\nmod id;\nmod user;\n\npub use self::id::new_id;\n"
        );
    }

    #[test]
    fn a_prefix_sorts_first() {
        let lib = "mod user;\nmod user_email;\n";
        let anchor = Anchor::ModDeclaration {
            module: "user_device".to_owned(),
        };
        assert_eq!(
            insert(lib, &anchor, "mod user_device;\n").unwrap(),
            "mod user;\nmod user_device;\nmod user_email;\n"
        );
    }

    #[test]
    fn use_declarations_go_in_alphabetical_place() {
        let lib =
            "mod clock;\n\npub use self::clock::{Clock, MockClock};\npub use self::user::User;\n";
        let anchor = Anchor::UseDeclaration {
            path: "self::device::Device".to_owned(),
        };
        assert_eq!(
            insert(lib, &anchor, "pub use self::device::Device;\n").unwrap(),
            "mod clock;\n\npub use self::clock::{Clock, MockClock};\npub use self::device::Device;\npub use self::user::User;\n"
        );
    }

    #[test]
    fn first_declaration_of_a_file_goes_before_its_items() {
        let lib = "//! Docs.\n\npub struct A;\n";
        let anchor = Anchor::ModDeclaration {
            module: "a".to_owned(),
        };
        assert_eq!(
            insert(lib, &anchor, "mod a;\n").unwrap(),
            "//! Docs.\n\nmod a;\n\npub struct A;\n"
        );
    }

    #[test]
    fn a_module_or_name_declared_already_is_refused() {
        let lib = "extern crate self as storage;\n\nmod clock;\npub mod widget;\n\npub use self::clock::{Clock as Time, MockClock};\n\npub static M: sqlx::Migrator = sqlx::migrate!();\nconst X: u8 = ::ulid::X + a::chrono::Y;\n";
        let declare = |module: &str| {
            insert(
                lib,
                &Anchor::ModDeclaration {
                    module: module.to_owned(),
                },
                &format!("mod {module};\n"),
            )
        };
        let error = declare("widget").unwrap_err();
        assert!(
            error.contains("line 4 declares `widget` already"),
            "{error}"
        );
        assert!(error.contains("choose another entity name"), "{error}");
        let error = declare("storage").unwrap_err();
        assert!(error.contains("line 1 declares `storage`"), "{error}");
        let error = declare("sqlx").unwrap_err();
        assert!(error.contains("line 8 names `sqlx::…`"), "{error}");
        // A crate named from the extern prelude, or a path's later segment.
        assert!(declare("ulid").is_ok());
        assert!(declare("chrono").is_ok());

        let import = |path: &str| {
            insert(
                lib,
                &Anchor::UseDeclaration {
                    path: path.to_owned(),
                },
                &format!("pub use {path};\n"),
            )
        };
        let error = import("self::time::Time").unwrap_err();
        assert!(error.contains("line 6 declares `Time` already"), "{error}");
        assert!(import("self::clock::Clock").is_ok());
    }

    #[test]
    fn items_go_at_the_end_of_trait_and_impl_bodies() {
        let text = "pub trait Access {\n    type Error;\n}\n\nimpl<R> Access for Box<R> {\n    type Error = R::Error;\n}\n\nimpl Access for Empty {\n}\n";
        let trait_end = Anchor::TraitEnd {
            name: "Access".to_owned(),
        };
        let with_method = insert(text, &trait_end, "    fn a(&self);\n").unwrap();
        assert!(
            with_method.starts_with("pub trait Access {\n    type Error;\n\n    fn a(&self);\n}\n")
        );

        let boxed = Anchor::ImplEnd {
            trait_name: "Access".to_owned(),
            self_type: "Box".to_owned(),
        };
        let with_impl = insert(text, &boxed, "    fn a(&self) {}\n").unwrap();
        assert!(with_impl.contains("    type Error = R::Error;\n\n    fn a(&self) {}\n}\n"));

        let empty = Anchor::ImplEnd {
            trait_name: "Access".to_owned(),
            self_type: "Empty".to_owned(),
        };
        let into_empty = insert(text, &empty, "    fn a(&self) {}\n").unwrap();
        assert!(into_empty.ends_with("impl Access for Empty {\n    fn a(&self) {}\n}\n"));
    }

    #[test]
    fn missing_items_are_named() {
        let text = "pub trait Other {}\n";
        let error = insert(
            text,
            &Anchor::TraitEnd {
                name: "Access".to_owned(),
            },
            "x\n",
        )
        .unwrap_err();
        assert_eq!(error, "found no `trait Access`");

        let error = insert(
            text,
            &Anchor::TraitEnd {
                name: "Other".to_owned(),
            },
            "x\n",
        )
        .unwrap_err();
        assert!(
            error.contains("does not end on a line of its own"),
            "{error}"
        );
    }
}
