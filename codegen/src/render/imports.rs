//! The `use` block at the top of a generated module.

use std::collections::BTreeMap;

/// A set of imported paths, rendered one `use` per crate, external crates
/// first and `crate::` last, as rustfmt orders them.
#[derive(Debug, Default)]
pub struct Imports {
    by_root: BTreeMap<String, Vec<String>>,
}

impl Imports {
    /// Import each of `paths`, such as `chrono::Utc`.
    #[must_use]
    pub fn with(mut self, paths: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        for path in paths {
            let path = path.as_ref();
            let (root, rest) = path.split_once("::").unwrap_or((path, ""));
            let items = self.by_root.entry(root.to_owned()).or_default();
            if !items.iter().any(|item| item == rest) {
                items.push(rest.to_owned());
            }
        }
        self
    }

    /// The `use` lines: external crates, a blank line, then `crate::`.
    #[must_use]
    pub fn render(&self) -> String {
        let line = |root: &str, items: &[String]| {
            let mut items = items.to_vec();
            items.sort();
            match items.as_slice() {
                [single] => format!("use {root}::{single};"),
                many => format!("use {root}::{{{}}};", many.join(", ")),
            }
        };
        let external: Vec<String> = self
            .by_root
            .iter()
            .filter(|(root, _)| root.as_str() != "crate")
            .map(|(root, items)| line(root, items))
            .collect();
        let mut text = external.join("\n");
        if let Some(items) = self.by_root.get("crate") {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line("crate", items));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_crate_and_puts_crate_last() {
        let imports = Imports::default()
            .with(["crate::DatabaseError", "uuid::Uuid", "chrono::Utc"])
            .with(["chrono::DateTime", "chrono::Utc", "storage::device::{A, B}"]);
        assert_eq!(
            imports.render(),
            "use chrono::{DateTime, Utc};\nuse storage::device::{A, B};\nuse uuid::Uuid;\n\n\
             use crate::DatabaseError;"
        );
    }
}
