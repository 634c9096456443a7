//! Paths written in code, found in its tokens: `codegen::build::…` in a
//! build script, `sqlx::migrate!(…)` anywhere in an expression, which the
//! syntax tree would make us walk every kind of expression to reach.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The tokens that follow each place `path` (`["sqlx", "migrate"]`) is
/// written in `tokens`, at any depth, in the order they are written.
pub fn after_path(tokens: TokenStream, path: &[&str]) -> Vec<Vec<TokenTree>> {
    let mut found = Vec::new();
    search(tokens, path, &mut found);
    found
}

fn search(tokens: TokenStream, path: &[&str], found: &mut Vec<Vec<TokenTree>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for start in 0..trees.len() {
        if let Some(end) = path_at(&trees[start..], path) {
            found.push(trees[start + end..].to_vec());
        }
        if let TokenTree::Group(group) = &trees[start] {
            search(group.stream(), path, found);
        }
    }
}

/// How many trees `path` takes at the start of `trees`, if it is there.
fn path_at(trees: &[TokenTree], path: &[&str]) -> Option<usize> {
    let mut at = 0;
    for (index, segment) in path.iter().enumerate() {
        if index > 0 {
            at += path_separator(&trees[at..])?;
        }
        match trees.get(at) {
            Some(TokenTree::Ident(ident)) if ident == segment => at += 1,
            _ => return None,
        }
    }
    Some(at)
}

/// 2 when `trees` start with `::`.
fn path_separator(trees: &[TokenTree]) -> Option<usize> {
    match trees {
        [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && second.as_char() == ':' =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// The name after `::` at the start of `rest`: `write_repository_access`
/// after `codegen::build`.
pub fn next_segment(rest: &[TokenTree]) -> Option<String> {
    let skip = path_separator(rest)?;
    match rest.get(skip) {
        Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
        _ => None,
    }
}

/// The arguments of a macro call when `rest`, what follows its path, is
/// `!(…)`, `![…]` or `!{…}`.
pub fn macro_arguments(rest: &[TokenTree]) -> Option<TokenStream> {
    match rest {
        [TokenTree::Punct(bang), TokenTree::Group(group), ..]
            if bang.as_char() == '!' && group.delimiter() != Delimiter::None =>
        {
            Some(group.stream())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> TokenStream {
        text.parse().unwrap()
    }

    #[test]
    fn a_path_is_found_at_any_depth_with_what_follows() {
        let code =
            tokens("fn main() { codegen::build::write_repository_access(\"crate::MapErr\"); }");
        let found = after_path(code, &["codegen", "build"]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            next_segment(&found[0]).as_deref(),
            Some("write_repository_access")
        );
    }

    #[test]
    fn a_macro_call_is_told_from_a_path_into_the_same_module() {
        let code = tokens(
            "pub static M: sqlx::migrate::Migrator = sqlx::migrate!(\"./db\"); \
             static N: ::sqlx::migrate::Migrator = ::sqlx::migrate!();",
        );
        let calls: Vec<String> = after_path(code, &["sqlx", "migrate"])
            .iter()
            .filter_map(|rest| macro_arguments(rest))
            .map(|arguments| arguments.to_string())
            .collect();
        assert_eq!(calls, ["\"./db\"", ""]);
        assert!(after_path(tokens("sqlx :: other!()"), &["sqlx", "migrate"]).is_empty());
    }
}
