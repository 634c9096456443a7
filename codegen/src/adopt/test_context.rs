//! Where the PostgreSQL crate keeps its tests, and what a test gets a
//! repository from: a `struct Context` of the crate's `tests/`, by its path
//! inside its test target.

use std::path::Path;

use super::{
    crate_items::{Crate, module_of},
    members::shown,
};
use crate::{
    Error,
    inspect::{SourceFile, read_sources},
    render::TEST_CONTEXT_MODULE,
};

/// The first `struct Context` of the PostgreSQL crate's `tests/`, by its
/// path inside its test target.
pub fn test_context(root: &Path, pg: &Crate) -> Result<Result<(String, String), String>, Error> {
    let tests = pg.member.dir.join("tests");
    let sources = read_sources(root, &root.join(&tests))?;
    for file in &sources {
        let within = file.path.strip_prefix(&tests).unwrap_or(&file.path);
        let module = test_module(within, &sources, &tests);
        if let Some(inner) = find_context(file.items(), &module) {
            let path: Vec<String> = std::iter::once("crate".to_owned()).chain(inner).collect();
            return Ok(Ok((
                path.join("::"),
                format!("`struct Context` in {}", shown(&file.path)),
            )));
        }
    }
    Ok(Err(format!("no `struct Context` in {}", shown(&tests))))
}

/// The `struct Context` that `codegen init` writes into the crate's
/// `src/test_context.rs`, if it is there: the tests of a crate that keeps
/// them in its sources start from it.
pub fn source_test_context(pg: &Crate) -> Option<(String, String)> {
    let file = pg.member.dir.join(format!("src/{TEST_CONTEXT_MODULE}.rs"));
    let source = pg.sources.iter().find(|source| source.path == file)?;
    source
        .items()
        .any(|item| matches!(item, syn::Item::Struct(found) if found.ident == "Context"))
        .then(|| {
            (
                format!("crate::{TEST_CONTEXT_MODULE}::Context"),
                format!("`struct Context` in {}", shown(&file)),
            )
        })
}

/// The module a file under `tests/` is in its test target: a target is
/// `tests/x.rs` or `tests/x/main.rs`, and a folder without `main.rs` is a
/// module the targets share (`tests/common/mod.rs`).
fn test_module(within: &Path, sources: &[SourceFile], tests: &Path) -> Vec<String> {
    let mut parts = within.iter();
    let (Some(first), Some(_)) = (parts.next(), parts.next()) else {
        return Vec::new();
    };
    let target_main = tests.join(first).join("main.rs");
    if sources.iter().any(|file| file.path == target_main) {
        module_of(within.strip_prefix(first).unwrap_or(within))
    } else {
        module_of(within)
    }
}

/// The module path of the first `struct Context` among `items`, which are
/// in `module`, looking into inline modules too.
fn find_context<'a>(
    items: impl Iterator<Item = &'a syn::Item>,
    module: &[String],
) -> Option<Vec<String>> {
    for item in items {
        match item {
            syn::Item::Struct(item) if item.ident == "Context" => {
                let mut path = module.to_vec();
                path.push("Context".to_owned());
                return Some(path);
            }
            syn::Item::Mod(inner) => {
                if let Some((_, content)) = &inner.content {
                    let mut path = module.to_vec();
                    path.push(inner.ident.to_string());
                    if let Some(found) = find_context(content.iter(), &path) {
                        return Some(found);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Where the PostgreSQL crate keeps its tests: `module` when its sources
/// declare `#[cfg(test)] mod tests;` and its `tests/` holds no `struct
/// Context`, else `target`; and what showed it.
pub fn tests_location(root: &Path, pg: &Crate) -> Result<(&'static str, String), Error> {
    if let Ok((_, found)) = test_context(root, pg)? {
        return Ok(("target", format!("{found}, in the crate's test target")));
    }
    let declaring = pg.sources.iter().find(|file| {
        file.items().any(|item| {
            matches!(item, syn::Item::Mod(module)
                if module.ident == "tests"
                    && module.content.is_none()
                    && module.attrs.iter().any(|attribute| attribute.path().is_ident("cfg")))
        })
    });
    Ok(match declaring {
        Some(file) => (
            "module",
            format!(
                "`#[cfg(test)] mod tests;` in {}: the tests live in the crate's sources",
                shown(&file.path)
            ),
        ),
        None => (
            "target",
            format!(
                "no `#[cfg(test)] mod tests;` in {}/src; the default",
                shown(&pg.member.dir)
            ),
        ),
    })
}
