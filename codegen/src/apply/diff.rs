//! Changes shown as unified diffs, for `--dry-run`.

use similar::TextDiff;

use crate::plan::FileChange;

/// A unified diff of `change`, labelled with `shown_path`.
#[must_use]
pub fn unified_diff(change: &FileChange, shown_path: &str) -> String {
    let before = change.before.as_deref().unwrap_or("");
    let old_label = if change.before.is_some() {
        format!("a/{shown_path}")
    } else {
        "/dev/null".to_owned()
    };
    TextDiff::from_lines(before, &change.after)
        .unified_diff()
        .context_radius(3)
        .header(&old_label, &format!("b/{shown_path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn new_files_diff_against_dev_null() {
        let change = FileChange {
            path: PathBuf::from("x.rs"),
            before: None,
            after: "a\nb\n".to_owned(),
        };
        let diff = unified_diff(&change, "x.rs");
        assert!(diff.starts_with("--- /dev/null\n+++ b/x.rs\n"), "{diff}");
        assert!(diff.contains("+a\n+b\n"));
    }

    #[test]
    fn insertions_show_context() {
        let change = FileChange {
            path: PathBuf::from("lib.rs"),
            before: Some("mod a;\nmod c;\n".to_owned()),
            after: "mod a;\nmod b;\nmod c;\n".to_owned(),
        };
        let diff = unified_diff(&change, "lib.rs");
        assert!(diff.contains(" mod a;\n+mod b;\n mod c;\n"), "{diff}");
    }
}
