//! The workspace's own forwarding macro, as matrix-authentication-service
//! has `repository_impl!`: a `#[macro_export]`ed `macro_rules!` of the
//! storage crate whose expansion implements a trait for `Box<R>`. An
//! exported macro is at its crate's root, whatever module defines it.

use proc_macro2::{TokenStream, TokenTree};

use super::{crate_items::Crate, members::shown, tokens::after_path};

/// The storage crate's forwarding macro by its path and where it is
/// defined; else what was looked for, and where.
pub fn forwarding_macro(storage: &Crate) -> Result<(String, String), String> {
    for entry in storage.entries() {
        let syn::Item::Macro(item) = entry.item else {
            continue;
        };
        let Some(name) = &item.ident else {
            continue;
        };
        let exported = item
            .attrs
            .iter()
            .any(|attr| attr.path().is_ident("macro_export"));
        if item.mac.path.is_ident("macro_rules")
            && exported
            && implements_for_box(item.mac.tokens.clone())
        {
            return Ok((
                format!("{}::{name}", storage.member.lib),
                format!(
                    "`#[macro_export] macro_rules! {name}` in {}, which implements its trait \
                     for `Box<R>`",
                    shown(entry.file)
                ),
            ));
        }
    }
    Err(format!(
        "no `#[macro_export] macro_rules!` that implements a trait for `Box<R>` in {}",
        storage.src()
    ))
}

/// Whether a macro's rules hold `impl … for Box<…>`, the path to `Box`
/// written any way: `Box`, `::std::boxed::Box`.
fn implements_for_box(rules: TokenStream) -> bool {
    !after_path(rules.clone(), &["impl"]).is_empty()
        && after_path(rules, &["for"])
            .iter()
            .any(|rest| starts_with_box(rest))
}

/// Whether `trees` start with a path whose last segment is `Box`, and its
/// `<`.
fn starts_with_box(trees: &[TokenTree]) -> bool {
    let is_colon = |tree: Option<&TokenTree>| matches!(tree, Some(TokenTree::Punct(punct)) if punct.as_char() == ':');
    let mut at = 0;
    let mut last = None;
    loop {
        if is_colon(trees.get(at)) && is_colon(trees.get(at + 1)) {
            at += 2;
        } else if last.is_some() {
            break;
        }
        match trees.get(at) {
            Some(TokenTree::Ident(ident)) => last = Some(ident.to_string()),
            _ => return false,
        }
        at += 1;
        if !is_colon(trees.get(at)) {
            break;
        }
    }
    last.as_deref() == Some("Box")
        && matches!(trees.get(at), Some(TokenTree::Punct(punct)) if punct.as_char() == '<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> bool {
        implements_for_box(text.parse().unwrap())
    }

    #[test]
    fn an_impl_for_box_is_told_however_box_is_written() {
        assert!(rules(
            "($t:ident) => { impl<R: ?Sized> $t for ::std::boxed::Box<R> where R: $t {} }"
        ));
        assert!(rules("($t:ident) => { impl<R> $t for Box<R> {} }"));
        assert!(rules(
            "($t:ident) => { impl<R> $t for std::boxed::Box<R> {} }"
        ));
    }

    #[test]
    fn other_impls_and_loops_are_not_forwarding() {
        assert!(!rules("($t:ident) => { impl<R> $t for Vec<R> {} }"));
        assert!(!rules("($t:ident) => { impl<R> $t for MyBox<R> {} }"));
        assert!(!rules(
            "($t:ident) => { fn f() { for x in Box::new(1) {} } }"
        ));
        assert!(!rules(
            "($t:ident) => { impl<R> $t for R where for<'a> Box<R>: $t {} }"
        ));
    }
}
