//! Entities marked by comments, in a workspace without the `Entity`
//! derive: `// codegen:entity` among the lines above a struct marks it, and
//! `// codegen:entity(unique)` above a field holds what `#[entity(unique)]`
//! would. The marks are read into the attributes they stand for, so one
//! parser and one set of rules read both.
//!
//! ```text
//! /// A widget.
//! // codegen:entity
//! #[derive(Debug, Clone, PartialEq)]
//! pub struct Widget {
//!     pub id: Ulid,
//!     pub created_at: DateTime<Utc>,
//!     /// Its name.
//!     // codegen:entity(unique)
//!     pub name: String,
//! }
//! ```

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;

use super::ENTITY_COMMENT;

/// `item`, found in `text`, with its marks read into `#[derive(Entity)]`
/// and `#[entity(...)]` attributes; `None` when no mark is above it.
///
/// # Errors
///
/// A mark whose settings are not `(…)` holding tokens, at its line.
pub fn read_marks(item: &syn::ItemStruct, text: &str) -> syn::Result<Option<syn::ItemStruct>> {
    let lines: Vec<&str> = text.lines().collect();
    let first_line = |attrs: &[syn::Attribute], own: Span| {
        attrs
            .iter()
            .map(|attr| attr.span().start().line)
            .chain([own.start().line])
            .min()
            .unwrap_or(1)
    };
    let struct_line = item.struct_token.span.start().line;
    let struct_start = first_line(&item.attrs, item.struct_token.span);
    let Some(settings) = mark_above(&lines, struct_start, struct_line, item.ident.span())? else {
        return Ok(None);
    };
    let mut marked = item.clone();
    marked.attrs.push(syn::parse_quote!(#[derive(Entity)]));
    if let Some(settings) = settings {
        marked.attrs.push(syn::parse_quote!(#[entity(#settings)]));
    }
    for field in &mut marked.fields {
        let own = field
            .ident
            .as_ref()
            .map_or_else(|| field.ty.span(), proc_macro2::Ident::span);
        let line = own.start().line;
        let start = first_line(&field.attrs, own);
        if let Some(Some(settings)) = mark_above(&lines, start, line, own)? {
            field.attrs.push(syn::parse_quote!(#[entity(#settings)]));
        }
    }
    Ok(Some(marked))
}

/// The mark among the lines from `start` to `end` (1-based, the item's
/// attributes and its own first line) and the comment lines right above
/// them: `Some(None)` for a bare mark, `Some(Some(settings))` for one with
/// settings. A bad mark is reported at `at`, the item's name.
fn mark_above(
    lines: &[&str],
    start: usize,
    end: usize,
    at: Span,
) -> syn::Result<Option<Option<TokenStream>>> {
    let mut first = start.saturating_sub(1);
    while first > 0 && lines[first - 1].trim_start().starts_with("//") {
        first -= 1;
    }
    for (index, line) in lines.iter().enumerate().take(end).skip(first) {
        let Some(rest) = line.trim().strip_prefix(ENTITY_COMMENT) else {
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            return Ok(Some(None));
        }
        let error = |message: String| syn::Error::new(at, format!("line {}: {message}", index + 1));
        let Some(inner) = rest
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'))
        else {
            return Err(error(format!(
                "`{}` holds `{rest}`; write its settings in parentheses, such as \
                 `{ENTITY_COMMENT}(unique)`",
                line.trim()
            )));
        };
        return match inner.parse::<TokenStream>() {
            Ok(settings) => Ok(Some(Some(settings))),
            Err(_) => Err(error(format!(
                "`{}` holds settings that are not Rust tokens; write them as in \
                 `#[entity(...)]`",
                line.trim()
            ))),
        };
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::entity::{derives_entity, parse_entity};

    fn struct_of(text: &str) -> syn::ItemStruct {
        let file = syn::parse_file(text).unwrap();
        file.items
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Struct(item) => Some(item),
                _ => None,
            })
            .unwrap()
    }

    const MARKED: &str = "\
/// A widget.
// codegen:entity
#[derive(Debug)]
pub struct Widget {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    /// Its name.
    // codegen:entity(unique)
    pub name: String,
    // A comment of the person's own.
    pub owner_id: Ulid,
}
";

    #[test]
    fn marks_read_as_the_attributes_they_stand_for() {
        let item = struct_of(MARKED);
        let marked = read_marks(&item, MARKED).unwrap().unwrap();
        assert!(derives_entity(&marked));
        let entity = parse_entity(&marked).unwrap();
        let name = entity
            .fields
            .iter()
            .find(|field| field.ident == "name")
            .unwrap();
        assert!(name.attrs.unique.is_some());
        let owner = entity
            .fields
            .iter()
            .find(|field| field.ident == "owner_id")
            .unwrap();
        assert!(owner.attrs.unique.is_none());
    }

    #[test]
    fn a_struct_without_a_mark_is_not_one() {
        let text = MARKED.replace("// codegen:entity\n", "");
        assert!(read_marks(&struct_of(&text), &text).unwrap().is_none());
    }

    #[test]
    fn a_mark_without_parentheses_is_refused_at_its_line() {
        let text = MARKED.replace("// codegen:entity(unique)", "// codegen:entity unique");
        let Err(error) = read_marks(&struct_of(&text), &text) else {
            panic!("a mark without parentheses was read");
        };
        let error = error.to_string();
        assert!(error.starts_with("line 8: "), "{error}");
        assert!(error.contains("in parentheses"), "{error}");
    }
}
