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

pub(super) fn find_trait<'a>(file: &'a syn::File, name: &str) -> Option<&'a syn::ItemTrait> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Trait(item) if item.ident == name => Some(item),
        _ => None,
    })
}

pub(super) fn find_impl<'a>(
    file: &'a syn::File,
    trait_name: &str,
    self_type: &str,
) -> Option<&'a syn::ItemImpl> {
    file.items.iter().find_map(|item| match item {
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
    Some((line_start, format!("{separator}{item}")))
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
