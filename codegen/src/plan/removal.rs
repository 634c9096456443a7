//! The inverse of an insertion: finding again, by structure, the item that
//! an [`Anchor`] insertion put into a Rust file, so that `destroy-entity`
//! can take it out with the blank line that came with it, and can tell
//! whether a person has edited it since.

use std::ops::Range;

use syn::spanned::Spanned;

use super::anchor::{Anchor, LineStarts, find_impl, find_trait, use_path};

/// An inserted item found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inserted {
    /// The bytes to remove: the item's whole lines, and the blank line that
    /// separated it from its neighbours, if any.
    pub range: Range<usize>,
    /// The item's lines as they are now, to compare with what was inserted.
    pub text: String,
    /// The 1-based line the item starts on, for messages.
    pub line: usize,
}

/// Find the item that inserting `item` at `anchor` put into `text`: the
/// `mod` or `use` declaration of the same name, or the trait or impl member
/// of the same name.
///
/// Returns `Ok(None)` when no such item is there any more.
///
/// # Errors
///
/// Returns a sentence when `text` or `item` does not parse.
pub fn find_inserted(text: &str, anchor: &Anchor, item: &str) -> Result<Option<Inserted>, String> {
    let file = syn::parse_file(text).map_err(|error| {
        let line = error.span().start().line;
        format!("line {line}: {error}")
    })?;
    let span = match anchor {
        Anchor::ModDeclaration { module } => file.items.iter().find_map(|found| match found {
            syn::Item::Mod(declaration)
                if declaration.semi.is_some() && declaration.ident == module =>
            {
                Some(found.span())
            }
            _ => None,
        }),
        Anchor::UseDeclaration { path } => file.items.iter().find_map(|found| match found {
            syn::Item::Use(declaration) if use_path(&declaration.tree) == *path => {
                Some(found.span())
            }
            _ => None,
        }),
        Anchor::TraitEnd { name } => {
            let member = member_name(item)?;
            find_trait(&file, name).and_then(|found| {
                found
                    .items
                    .iter()
                    .find(|candidate| trait_item_name(candidate).is_some_and(|n| n == member))
                    .map(Spanned::span)
            })
        }
        Anchor::ImplEnd {
            trait_name,
            self_type,
        } => {
            let member = member_name(item)?;
            find_impl(&file, trait_name, self_type).and_then(|found| {
                found
                    .items
                    .iter()
                    .find(|candidate| impl_item_name(candidate).is_some_and(|n| n == member))
                    .map(Spanned::span)
            })
        }
    };
    Ok(span.map(|span| whole_lines(text, span.start().line, span.end().line)))
}

/// The item that inserting `item` at `anchor` adds, for messages:
/// `` `mod device;` `` or `` `fn device` in `trait RepositoryAccess` ``.
#[must_use]
pub fn describe(anchor: &Anchor, item: &str) -> String {
    match anchor {
        Anchor::ModDeclaration { module } => format!("`mod {module};`"),
        Anchor::UseDeclaration { path } => format!("`use {path};`"),
        Anchor::TraitEnd { .. } | Anchor::ImplEnd { .. } => match member_name(item) {
            Ok(name) => format!("`fn {name}` in {anchor}"),
            Err(_) => format!("the item at the end of {anchor}"),
        },
    }
}

/// The name of the single trait or impl member in `item`.
fn member_name(item: &str) -> Result<String, String> {
    let parsed: syn::TraitItem = syn::parse_str(item)
        .map_err(|error| format!("the generated item does not parse: {error}"))?;
    trait_item_name(&parsed).ok_or_else(|| "the generated item has no name".to_owned())
}

fn trait_item_name(item: &syn::TraitItem) -> Option<String> {
    match item {
        syn::TraitItem::Fn(item) => Some(item.sig.ident.to_string()),
        syn::TraitItem::Type(item) => Some(item.ident.to_string()),
        syn::TraitItem::Const(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

fn impl_item_name(item: &syn::ImplItem) -> Option<String> {
    match item {
        syn::ImplItem::Fn(item) => Some(item.sig.ident.to_string()),
        syn::ImplItem::Type(item) => Some(item.ident.to_string()),
        syn::ImplItem::Const(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

/// Lines `first..=last` of `text`, and the range to remove with them: one
/// blank line next to them too when they sit between blank lines, or
/// between a blank line and the end of a body, or at the start of a body or
/// file before a blank line. That is the blank line the insertion added,
/// wherever later insertions have left the item since.
fn whole_lines(text: &str, first: usize, last: usize) -> Inserted {
    let lines = LineStarts::of(text);
    let start = lines.start(first, text);
    let end = lines.start(last + 1, text);
    let line_at = |line: usize| -> Option<&str> {
        (line >= 1)
            .then(|| &text[lines.start(line, text)..lines.start(line + 1, text)])
            .filter(|found| !found.is_empty())
    };
    let is_blank = |line: Option<&str>| line.is_some_and(|line| line.trim().is_empty());
    let before = line_at(first.wrapping_sub(1));
    let after = line_at(last + 1);
    let before_is_opening = before.is_none_or(|line| line.trim_end().ends_with('{'));
    let after_is_closing = after.is_none_or(|line| line.trim_start().starts_with('}'));
    let range = if is_blank(before) && (is_blank(after) || after_is_closing) {
        lines.start(first - 1, text)..end
    } else if is_blank(after) && before_is_opening {
        start..lines.start(last + 2, text)
    } else {
        start..end
    };
    Inserted {
        range,
        text: text[start..end].to_owned(),
        line: first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::anchor::insertion;

    fn insert(text: &str, anchor: &Anchor, item: &str) -> String {
        let file = syn::parse_file(text).unwrap();
        let (offset, inserted) = insertion(text, &file, anchor, item).unwrap();
        let mut result = text.to_owned();
        result.insert_str(offset, &inserted);
        result
    }

    fn remove(text: &str, anchor: &Anchor, item: &str) -> String {
        let found = find_inserted(text, anchor, item).unwrap().unwrap();
        assert_eq!(found.text, item);
        let mut result = text.to_owned();
        result.replace_range(found.range, "");
        result
    }

    /// Removing what was inserted gives back the text before, byte for byte.
    fn assert_round_trip(text: &str, anchor: &Anchor, item: &str) {
        let inserted = insert(text, anchor, item);
        assert_ne!(inserted, text);
        assert_eq!(remove(&inserted, anchor, item), text, "after:\n{inserted}");
    }

    const ACCESS: &str = "pub trait Access {\n    type Error;\n}\n\nimpl<R> Access for Box<R> {\n    type Error = R::Error;\n}\n\nimpl Access for Empty {\n}\n";

    #[test]
    fn declarations_come_out_as_they_went_in() {
        let lib = "//! Docs.\n\nmod clock;\nmod id;\n\npub use self::id::new_id;\n";
        for module in ["alpha", "device", "zone"] {
            let anchor = Anchor::ModDeclaration {
                module: module.to_owned(),
            };
            assert_round_trip(lib, &anchor, &format!("mod {module};\n"));
        }
        let anchor = Anchor::UseDeclaration {
            path: "self::device::Device".to_owned(),
        };
        assert_round_trip(lib, &anchor, "pub use self::device::Device;\n");
        let first = Anchor::ModDeclaration {
            module: "a".to_owned(),
        };
        assert_round_trip("//! Docs.\n\npub struct A;\n", &first, "mod a;\n");
        assert_round_trip("pub struct A;\n", &first, "mod a;\n");
    }

    #[test]
    fn members_come_out_as_they_went_in() {
        let trait_end = Anchor::TraitEnd {
            name: "Access".to_owned(),
        };
        assert_round_trip(ACCESS, &trait_end, "    /// Docs.\n    fn a(&self);\n");
        let boxed = Anchor::ImplEnd {
            trait_name: "Access".to_owned(),
            self_type: "Box".to_owned(),
        };
        assert_round_trip(ACCESS, &boxed, "    fn a(&self) {\n        1\n    }\n");
        let empty = Anchor::ImplEnd {
            trait_name: "Access".to_owned(),
            self_type: "Empty".to_owned(),
        };
        assert_round_trip(ACCESS, &empty, "    fn a(&self) {}\n");
    }

    #[test]
    fn a_member_followed_by_later_ones_leaves_one_blank_line() {
        let trait_end = Anchor::TraitEnd {
            name: "Access".to_owned(),
        };
        let with_a = insert(ACCESS, &trait_end, "    fn a(&self);\n");
        let with_both = insert(&with_a, &trait_end, "    fn b(&self);\n");
        let without_a = remove(&with_both, &trait_end, "    fn a(&self);\n");
        assert_eq!(without_a, insert(ACCESS, &trait_end, "    fn b(&self);\n"));

        let empty = Anchor::ImplEnd {
            trait_name: "Access".to_owned(),
            self_type: "Empty".to_owned(),
        };
        let with_a = insert(ACCESS, &empty, "    fn a(&self) {}\n");
        let with_both = insert(&with_a, &empty, "    fn b(&self) {}\n");
        let without_a = remove(&with_both, &empty, "    fn a(&self) {}\n");
        assert_eq!(without_a, insert(ACCESS, &empty, "    fn b(&self) {}\n"));
    }

    #[test]
    fn an_edited_item_is_found_as_it_is_now() {
        let trait_end = Anchor::TraitEnd {
            name: "Access".to_owned(),
        };
        let edited = insert(ACCESS, &trait_end, "    fn a(&self) -> u8;\n");
        let found = find_inserted(&edited, &trait_end, "    fn a(&self);\n")
            .unwrap()
            .unwrap();
        assert_eq!(found.text, "    fn a(&self) -> u8;\n");
        assert_eq!(found.line, 4);
    }

    #[test]
    fn a_missing_item_is_none() {
        let trait_end = Anchor::TraitEnd {
            name: "Access".to_owned(),
        };
        assert_eq!(
            find_inserted(ACCESS, &trait_end, "    fn a(&self);\n").unwrap(),
            None
        );
        let module = Anchor::ModDeclaration {
            module: "a".to_owned(),
        };
        assert_eq!(find_inserted(ACCESS, &module, "mod a;\n").unwrap(), None);
    }
}
