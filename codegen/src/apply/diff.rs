//! Changes shown as unified diffs, for `--dry-run`, coloured for a terminal.

use similar::TextDiff;

use crate::plan::FileChange;

/// A unified diff of `change`, labelled with `shown_path`.
#[must_use]
pub fn unified_diff(change: &FileChange, shown_path: &str) -> String {
    // `/dev/null` on the side where the file does not exist, as git does.
    let label = |text: &Option<String>, side: &str| match text {
        Some(_) => format!("{side}/{shown_path}"),
        None => "/dev/null".to_owned(),
    };
    TextDiff::from_lines(
        change.before.as_deref().unwrap_or(""),
        change.after.as_deref().unwrap_or(""),
    )
    .unified_diff()
    .context_radius(3)
    .header(&label(&change.before, "a"), &label(&change.after, "b"))
    .to_string()
}

/// `diff` (a unified diff) with ANSI colours, as git shows one: file
/// headers bold, hunk headers cyan, removed lines red, added lines green.
#[must_use]
pub fn colorize(diff: &str) -> String {
    const RESET: &str = "\x1b[0m";
    let mut coloured = String::with_capacity(diff.len() * 2);
    for line in diff.split_inclusive('\n') {
        let colour = if line.starts_with("--- ") || line.starts_with("+++ ") {
            "\x1b[1m"
        } else if line.starts_with("@@") {
            "\x1b[36m"
        } else if line.starts_with('-') {
            "\x1b[31m"
        } else if line.starts_with('+') {
            "\x1b[32m"
        } else {
            coloured.push_str(line);
            continue;
        };
        // The colour ends before the newline, so a pager or a terminal
        // that wraps never carries it onto the next line.
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        coloured.push_str(colour);
        coloured.push_str(text);
        coloured.push_str(RESET);
        coloured.push_str(newline);
    }
    coloured
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
            after: Some("a\nb\n".to_owned()),
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
            after: Some("mod a;\nmod b;\nmod c;\n".to_owned()),
        };
        let diff = unified_diff(&change, "lib.rs");
        assert!(diff.contains(" mod a;\n+mod b;\n mod c;\n"), "{diff}");
    }

    #[test]
    fn deleted_files_diff_against_dev_null() {
        let change = FileChange {
            path: PathBuf::from("x.rs"),
            before: Some("a\n".to_owned()),
            after: None,
        };
        let diff = unified_diff(&change, "x.rs");
        assert!(diff.starts_with("--- a/x.rs\n+++ /dev/null\n"), "{diff}");
        assert!(diff.contains("-a\n"));
    }

    #[test]
    fn colours_follow_the_kind_of_line() {
        let diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n";
        assert_eq!(
            colorize(diff),
            "\x1b[1m--- a/x\x1b[0m\n\x1b[1m+++ b/x\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n\
             \x1b[31m-old\x1b[0m\n\x1b[32m+new\x1b[0m\n same\n"
        );
    }
}
