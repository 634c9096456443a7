//! The header every source file of a workspace starts with, such as a
//! licence comment: the block of `//` lines most of the three crates'
//! files begin with, which the files `new-entity` writes begin with too.

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
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for krate in crates {
        for path in rust_files(&root.join(&krate.member.dir).join("src"))? {
            let text = BuildError::read_source(&path, &path)?;
            files += 1;
            if let Some(header) = leading_comment(&text) {
                *counts.entry(header).or_default() += 1;
            }
        }
    }
    // The most frequent; of equals, the one that sorts last, which for
    // `Copyright <years>` lines is the newest.
    let best = counts
        .into_iter()
        .max_by(|(a, a_count), (b, b_count)| a_count.cmp(b_count).then(a.cmp(b)));
    Ok(best
        .filter(|(_, count)| count * 2 >= files)
        .map(|(value, count)| Setting {
            value,
            found: format!("{count} of the {files} source files of the three crates begin with it"),
        }))
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
