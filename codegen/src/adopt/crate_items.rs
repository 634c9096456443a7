//! A member's sources as discovery reads them: every item of `src/`, with
//! the module it is in, and its build script.

use std::path::Path;

use quote::ToTokens;

use super::{
    members::{Member, shown},
    tokens::{after_path, next_segment},
};
use crate::{
    Error,
    build::BuildError,
    inspect::{SourceFile, read_sources},
};

/// One member with its sources parsed.
pub struct Crate {
    /// The member.
    pub member: Member,
    /// Its `src/`, in name order.
    pub sources: Vec<SourceFile>,
    /// Its `build.rs`, if it has one.
    pub build_script: Option<SourceFile>,
}

/// One item of a crate, with where it is.
pub struct Entry<'a> {
    /// The file, relative to the workspace root.
    pub file: &'a Path,
    /// The module the item is in, from the crate root: `["errors"]`.
    pub module: Vec<String>,
    /// The item.
    pub item: &'a syn::Item,
}

impl Crate {
    /// Read and parse `member`'s `src/` and `build.rs`.
    ///
    /// # Errors
    ///
    /// As [`read_sources`]: a file that cannot be read, or is not UTF-8.
    pub fn read(root: &Path, member: Member) -> Result<Self, Error> {
        let dir = root.join(&member.dir);
        let sources = read_sources(root, &dir.join("src"))?;
        let build = dir.join("build.rs");
        let build_script = if build.is_file() {
            let shown = member.dir.join("build.rs");
            let text = BuildError::read_source(&build, &shown)?;
            Some(SourceFile {
                syntax: syn::parse_file(&text).ok(),
                path: shown,
            })
        } else {
            None
        };
        Ok(Self {
            member,
            sources,
            build_script,
        })
    }

    /// `src/`, relative to the workspace root, for messages.
    #[must_use]
    pub fn src(&self) -> String {
        shown(&self.member.dir.join("src"))
    }

    /// Every item of `src/`, including those of inline modules, leaving
    /// out `#[cfg(test)]` modules: their items are no part of the API.
    #[must_use]
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let src = self.member.dir.join("src");
        let mut entries = Vec::new();
        for file in &self.sources {
            let within = file.path.strip_prefix(&src).unwrap_or(&file.path);
            let module = module_of(within);
            push_items(&file.path, &module, file.items(), &mut entries);
        }
        entries
    }

    /// The function of `codegen::build` the build script calls, if it
    /// calls one: `write_repository_access`.
    #[must_use]
    pub fn build_script_calls(&self) -> Vec<String> {
        let Some(syntax) = self
            .build_script
            .as_ref()
            .and_then(|file| file.syntax.as_ref())
        else {
            return Vec::new();
        };
        after_path(syntax.to_token_stream(), &["codegen", "build"])
            .iter()
            .filter_map(|rest| next_segment(rest))
            .collect()
    }

    /// The build script, relative to the workspace root, for messages.
    #[must_use]
    pub fn build_script_path(&self) -> String {
        shown(&self.member.dir.join("build.rs"))
    }
}

fn push_items<'a>(
    file: &'a Path,
    module: &[String],
    items: impl Iterator<Item = &'a syn::Item>,
    entries: &mut Vec<Entry<'a>>,
) {
    for item in items {
        if let syn::Item::Mod(inner) = item
            && let Some((_, content)) = &inner.content
            && !is_cfg_test(&inner.attrs)
        {
            let mut path = module.to_vec();
            path.push(inner.ident.to_string());
            push_items(file, &path, content.iter(), entries);
        }
        entries.push(Entry {
            file,
            module: module.to_vec(),
            item,
        });
    }
}

/// Whether every module on `module` is declared `pub` among `entries`, so
/// that another crate can name an item by it.
#[must_use]
pub fn module_is_public(entries: &[Entry<'_>], module: &[String]) -> bool {
    (1..=module.len()).all(|depth| {
        let (parent, name) = (&module[..depth - 1], &module[depth - 1]);
        entries.iter().any(|entry| {
            entry.module == parent
                && matches!(entry.item, syn::Item::Mod(declared)
                    if declared.ident == name
                        && matches!(declared.vis, syn::Visibility::Public(_)))
        })
    })
}

/// Whether `attrs` hold `#[cfg(test)]`.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

/// The module a file under a target's directory is: `lib.rs`, `main.rs`
/// the root, `a/mod.rs` and `a.rs` the module `a`, `a/b.rs` its `b`.
#[must_use]
pub fn module_of(within: &Path) -> Vec<String> {
    let mut parts: Vec<String> = within
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let Some(last) = parts.pop() else {
        return parts;
    };
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    let is_root = parts.is_empty() && (stem == "lib" || stem == "main");
    if !is_root && stem != "mod" {
        parts.push(stem.to_owned());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_the_module_its_path_names() {
        let module = |path: &str| module_of(Path::new(path));
        assert!(module("lib.rs").is_empty());
        assert!(module("main.rs").is_empty());
        assert_eq!(module("clock.rs"), ["clock"]);
        assert_eq!(module("user/mod.rs"), ["user"]);
        assert_eq!(module("user/main.rs"), ["user", "main"]);
        assert_eq!(module("a/b.rs"), ["a", "b"]);
    }
}
