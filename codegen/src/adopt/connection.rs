//! What each PostgreSQL repository's `new` is given inside the unit of
//! work, read off an accessor the workspace already has: `user` in `impl
//! RepositoryAccess for PgRepository` returning
//! `Box::new(PgUserRepository::new(&mut self.conn))` gives `&mut self.conn`.

use super::{crate_items::Crate, members::shown};

/// The argument of `X::new(…)` in the first accessor of the PostgreSQL
/// crate's `impl RepositoryAccess`, as written, and where it is.
pub fn connection(pg: &Crate) -> Result<(String, String), String> {
    for entry in pg.entries() {
        let syn::Item::Impl(item) = entry.item else {
            continue;
        };
        let implements_access = item
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .is_some_and(|segment| segment.ident == "RepositoryAccess");
        if !implements_access {
            continue;
        }
        for member in &item.items {
            let syn::ImplItem::Fn(method) = member else {
                continue;
            };
            if let Some(argument) = boxed_new_argument(&method.block) {
                return Ok((
                    argument,
                    format!(
                        "`fn {}` of `impl RepositoryAccess` in {} passes it to `new`",
                        method.sig.ident,
                        shown(entry.file)
                    ),
                ));
            }
        }
    }
    Err(format!(
        "no accessor of `impl RepositoryAccess` in {} returns `Box::new(…::new(…))`",
        pg.src()
    ))
}

/// `arg`, as written, when `block` ends in `Box::new(<path>::new(arg))`.
fn boxed_new_argument(block: &syn::Block) -> Option<String> {
    let Some(syn::Stmt::Expr(syn::Expr::Call(boxed), None)) = block.stmts.last() else {
        return None;
    };
    let [syn::Expr::Call(new)] = boxed.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let syn::Expr::Path(function) = &*new.func else {
        return None;
    };
    if function.path.segments.last()?.ident != "new" || new.args.len() != 1 {
        return None;
    }
    let argument = new.args.first()?;
    syn::spanned::Spanned::span(argument)
        .source_text()
        .or_else(|| Some(quote::ToTokens::to_token_stream(argument).to_string()))
}
