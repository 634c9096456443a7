//! The header every source file of a workspace starts with, such as a
//! licence comment: the block of `//` lines most of the three crates'
//! files begin with, which the files `new-entity` writes begin with too.
//! Headers that differ only in their `Copyright` lines (the years, the
//! holders over time) count as one, and the newest of them is taken.

use std::{collections::BTreeMap, path::Path};

use super::{Setting, crate_items::Crate};
use crate::{Error, build::BuildError, plan::rust_files};

/// The header most files of `crates` start with, when at least half of
/// them start with the same one.
///
/// # Errors
///
/// Fails when a source file cannot be read.
pub(super) fn header(root: &Path, crates: &[&Crate]) -> Result<Option<Setting>, Error> {
    // By the header without its copyright lines: how many files have it,
    // and the newest of its versions.
    let mut shapes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut files = 0;
    for krate in crates {
        for path in rust_files(&root.join(&krate.member.dir).join("src"))? {
            let text = BuildError::read_source(&path, &path)?;
            files += 1;
            if let Some(header) = leading_comment(&text) {
                let (count, newest) = shapes.entry(without_copyright(&header)).or_default();
                *count += 1;
                // `Copyright <years>` lines sort by their years.
                if header > *newest {
                    *newest = header;
                }
            }
        }
    }
    let best = shapes
        .into_values()
        .max_by(|(a_count, a), (b_count, b)| a_count.cmp(b_count).then(a.cmp(b)));
    Ok(best
        .filter(|(count, _)| count * 2 >= files)
        .map(|(count, value)| Setting {
            value,
            found: format!(
                "{count} of the {files} source files of the three crates begin with it, \
                 some perhaps with other copyright lines"
            ),
        }))
}

/// `header` without its `Copyright` lines.
fn without_copyright(header: &str) -> String {
    header
        .split_inclusive('\n')
        .filter(|line| {
            !line
                .trim_start_matches('/')
                .trim_start()
                .starts_with("Copyright")
        })
        .collect()
}

/// The `//` lines a file begins with (not `//!` or `///`, which document),
/// each ending in a newline; `None` if it begins otherwise.
fn leading_comment(text: &str) -> Option<String> {
    let block: String = text
        .split_inclusive('\n')
        .take_while(|line| {
            let line = line.trim_end();
            line.starts_with("//") && !line.starts_with("//!") && !line.starts_with("///")
        })
        .collect();
    (!block.is_empty()).then_some(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyright_lines_do_not_split_a_header_and_the_newest_wins() {
        let tail = "//\n// SPDX-License-Identifier: MIT\n";
        let shape = without_copyright(&format!("// Copyright 2024 Acme\n{tail}"));
        assert_eq!(shape, tail);
        assert_eq!(
            without_copyright(&format!(
                "// Copyright 2025, 2026 Other\n// Copyright 2024 Acme\n{tail}"
            )),
            shape
        );
    }

    #[test]
    fn only_plain_comments_at_the_very_start_count() {
        assert_eq!(
            leading_comment(
                "// Copyright 2026 Acme.\n//\n// SPDX-License-Identifier: MIT\n\nuse x;\n"
            )
            .as_deref(),
            Some("// Copyright 2026 Acme.\n//\n// SPDX-License-Identifier: MIT\n")
        );
        assert_eq!(leading_comment("//! The crate.\n"), None);
        assert_eq!(leading_comment("\n// late\n"), None);
        assert_eq!(leading_comment("use x;\n"), None);
    }
}
