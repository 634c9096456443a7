//! The directories a workspace's member pattern names: `crates/*`, where
//! `*` and `?` stand for any characters of one path part, as Cargo's globs.

use std::path::{Component, Path, PathBuf};

/// Every directory under `root` that `pattern` (relative to it) matches, in
/// name order; a pattern without wildcards names itself, whether or not it
/// exists: the caller skips a directory that holds no package.
///
/// # Errors
///
/// Fails when a directory a wildcard searches cannot be listed.
pub fn expand(root: &Path, pattern: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = vec![PathBuf::new()];
    let mut wild = false;
    for part in pattern.components() {
        let Component::Normal(part) = part else {
            found = found.into_iter().map(|dir| dir.join(part)).collect();
            continue;
        };
        let part = part.to_string_lossy();
        if !part.contains(['*', '?']) {
            found = found.into_iter().map(|dir| dir.join(&*part)).collect();
            continue;
        }
        wild = true;
        let mut next = Vec::new();
        for dir in found {
            let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
                continue;
            };
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() && matches(&part, &name) {
                    next.push(dir.join(name));
                }
            }
        }
        next.sort();
        found = next;
    }
    // What a wildcard matched is a directory; a literal part after it may
    // not be there.
    if wild {
        found.retain(|dir| root.join(dir).is_dir());
    }
    Ok(found)
}

/// Whether `name` matches `pattern`, whose `*` is any run of characters
/// and `?` any one.
fn matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // matched[j]: the pattern so far matches the first j characters.
    let mut matched = vec![false; name.len() + 1];
    matched[0] = true;
    for &wanted in &pattern {
        let mut next = vec![false; name.len() + 1];
        for j in 0..=name.len() {
            next[j] = match wanted {
                '*' => matched[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && matched[j - 1],
                literal => j > 0 && matched[j - 1] && name[j - 1] == literal,
            };
        }
        matched = next;
    }
    matched[name.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_within_one_part() {
        assert!(matches("*", "storage-pg"));
        assert!(matches("storage*", "storage-pg"));
        assert!(matches("s?orage", "storage"));
        assert!(matches("*-pg", "storage-pg"));
        assert!(!matches("*-pg", "storage"));
        assert!(!matches("a?", "a"));
    }

    #[test]
    fn a_pattern_expands_to_the_directories_it_matches() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["crates/b", "crates/a", "other/c"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("crates/file"), "").unwrap();
        let found = expand(dir.path(), Path::new("crates/*")).unwrap();
        assert_eq!(found, [Path::new("crates/a"), Path::new("crates/b")]);
        let literal = expand(dir.path(), Path::new("other/c")).unwrap();
        assert_eq!(literal, [Path::new("other/c")]);
        let nested = expand(dir.path(), Path::new("*/c")).unwrap();
        assert_eq!(nested, [Path::new("other/c")]);
    }
}
