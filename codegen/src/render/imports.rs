//! The `use` block at the top of a generated module.

use std::collections::BTreeMap;

/// A set of imported paths, rendered one `use` per crate with shared
/// prefixes merged (`shop_storage::{Page, device::DeviceFilter}`), external
/// crates first and `crate::` last, as rustfmt groups them.
#[derive(Debug, Default)]
pub struct Imports {
    roots: BTreeMap<String, Tree>,
}

/// The paths below one segment: each child segment and what follows it.
/// An empty tree marks the end of a path.
#[derive(Debug, Default)]
struct Tree(BTreeMap<String, Tree>);

impl Tree {
    fn insert<'a>(&mut self, mut segments: impl Iterator<Item = &'a str>) {
        if let Some(segment) = segments.next() {
            self.0
                .entry(segment.to_owned())
                .or_default()
                .insert(segments);
        }
    }

    /// Each path below `prefix` with the name it ends in.
    fn leaves(&self, prefix: &str, names: &mut Vec<(String, String)>) {
        if self.0.is_empty() {
            let name = prefix.rsplit("::").next().unwrap_or(prefix);
            names.push((name.to_owned(), prefix.to_owned()));
        }
        for (segment, tree) in &self.0 {
            tree.leaves(&format!("{prefix}::{segment}"), names);
        }
    }

    /// `a::b`, `a::{b, c}`: this tree below a `prefix`.
    fn render(&self, prefix: &str) -> String {
        let children: Vec<String> = self
            .0
            .iter()
            .map(|(segment, tree)| tree.render(segment))
            .collect();
        match children.as_slice() {
            [] => prefix.to_owned(),
            [single] => format!("{prefix}::{single}"),
            many => format!("{prefix}::{{{}}}", many.join(", ")),
        }
    }
}

impl Imports {
    /// Import each of `paths`, such as `chrono::Utc`.
    #[must_use]
    pub fn with(mut self, paths: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        for path in paths {
            let mut segments = path.as_ref().split("::");
            if let Some(root) = segments.next() {
                self.roots
                    .entry(root.to_owned())
                    .or_default()
                    .insert(segments);
            }
        }
        self
    }

    /// Each name the imports bring into scope, with the path it comes by,
    /// in path order.
    #[must_use]
    pub fn names(&self) -> Vec<(String, String)> {
        let mut names = Vec::new();
        for (root, tree) in &self.roots {
            tree.leaves(root, &mut names);
        }
        names
    }

    /// The `use` lines: external crates, a blank line, then `crate::`.
    #[must_use]
    pub fn render(&self) -> String {
        let line = |root: &str, tree: &Tree| format!("use {};", tree.render(root));
        let mut text = self
            .roots
            .iter()
            .filter(|(root, _)| root.as_str() != "crate")
            .map(|(root, tree)| line(root, tree))
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(tree) = self.roots.get("crate") {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line("crate", tree));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_crate_merges_prefixes_and_puts_crate_last() {
        let imports = Imports::default()
            .with(["crate::DatabaseError", "uuid::Uuid", "chrono::Utc"])
            .with(["chrono::DateTime", "chrono::Utc", "shop_storage::Page"])
            .with([
                "shop_storage::device::DeviceFilter",
                "shop_storage::device::NewDevice",
            ]);
        assert_eq!(
            imports.render(),
            "use chrono::{DateTime, Utc};\n\
             use shop_storage::{Page, device::{DeviceFilter, NewDevice}};\n\
             use uuid::Uuid;\n\n\
             use crate::DatabaseError;"
        );
    }

    #[test]
    fn names_are_the_last_segments() {
        let imports = Imports::default().with(["chrono::Utc", "crate::context::Context", "a"]);
        assert_eq!(
            imports.names(),
            [
                ("a".to_owned(), "a".to_owned()),
                ("Utc".to_owned(), "chrono::Utc".to_owned()),
                ("Context".to_owned(), "crate::context::Context".to_owned()),
            ]
        );
    }

    #[test]
    fn a_single_path_stays_flat() {
        let imports = Imports::default().with(["crate::context::Context"]);
        assert_eq!(imports.render(), "use crate::context::Context;");
    }
}
