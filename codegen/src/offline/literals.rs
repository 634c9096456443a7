//! The checked queries of a Rust file, read back from its tokens: the text
//! of each sqlx query macro's string literal, which names its offline
//! data. `sync` reads them from the module it rewrites to know which files
//! the old queries used, and `destroy-entity` from the module it removes.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The macros that read offline data for a query given inline.
const QUERY_MACROS: [&str; 6] = [
    "query",
    "query_as",
    "query_scalar",
    "query_unchecked",
    "query_as_unchecked",
    "query_scalar_unchecked",
];

/// A query macro's literal found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuery {
    /// The 1-based line of the macro's name.
    pub line: usize,
    /// The literal's value: what sqlx hashes.
    pub text: String,
}

/// Every query macro call in `source` (`query!("…")`, `sqlx::query_as!(T,
/// r#"…"#, …)`) with its first string literal, in order. A file that
/// does not tokenize has none that sqlx could read either.
#[must_use]
pub fn checked_queries(source: &str) -> Vec<FoundQuery> {
    let mut found = Vec::new();
    if let Ok(tokens) = source.parse::<TokenStream>() {
        walk(tokens, &mut found);
    }
    found
}

fn walk(tokens: TokenStream, found: &mut Vec<FoundQuery>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(name) if QUERY_MACROS.iter().any(|known| name == known) => {
                if let [TokenTree::Punct(bang), TokenTree::Group(arguments), ..] =
                    &tokens[index + 1..]
                    && bang.as_char() == '!'
                    && arguments.delimiter() != Delimiter::None
                    && let Some(text) = first_string(arguments.stream())
                {
                    found.push(FoundQuery {
                        line: name.span().start().line,
                        text,
                    });
                }
            }
            TokenTree::Group(group) => walk(group.stream(), found),
            _ => {}
        }
    }
}

/// The value of the first string literal among a macro's top-level
/// arguments: the query, after `query_as!`'s record type.
fn first_string(arguments: TokenStream) -> Option<String> {
    arguments.into_iter().find_map(|token| match token {
        TokenTree::Literal(literal) => {
            syn::parse2::<syn::LitStr>(TokenTree::Literal(literal).into())
                .ok()
                .map(|literal| literal.value())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_macro_gives_its_literal() {
        let source = r####"
            fn f() {
                let a = sqlx::query!(r#"
                    SELECT 1
                "#, x);
                let b = sqlx::query_as!(Row, "SELECT \"b\"", y);
                if c {
                    query_scalar!(r#"SELECT COUNT(*) AS "n!""#);
                }
                let d = sqlx::query("SELECT unchecked");
                let e = format!("not a query");
            }
        "####;
        let found = checked_queries(source);
        let texts: Vec<&str> = found.iter().map(|query| query.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "\n                    SELECT 1\n                ",
                "SELECT \"b\"",
                "SELECT COUNT(*) AS \"n!\"",
            ]
        );
        assert_eq!(found[0].line, 3);
        assert!(checked_queries("fn (").is_empty());
    }
}
