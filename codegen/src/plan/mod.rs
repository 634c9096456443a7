//! Plan: the edits a command will make, built in memory and checked against
//! the tree before anything touches the disk.
//!
//! A [`Plan`] lists [`Edit`]s; [`Plan::resolve`] reads every file it
//! touches once, applies the edits in memory, and returns the complete new
//! contents of each file, or every conflict found.

mod anchor;
mod layout;
mod locate;
mod migration_version;
pub mod regions;
mod removal;

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
};

pub use self::{
    anchor::{Anchor, as_inserted, body_indent},
    layout::{EntityFiles, Layout},
    locate::{find_file_holding, rust_files},
    migration_version::{MigrationVersion, next_migration_version},
    removal::{Inserted, describe, find_inserted},
};
use crate::Error;

/// One change to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Write a new file; it must not exist unless forced.
    Create {
        /// The file.
        path: PathBuf,
        /// Its whole contents.
        contents: String,
    },
    /// Rewrite the generator's regions of an existing file with those of
    /// `rendered` (see [`regions`]), leaving every other byte.
    Splice {
        /// The file.
        path: PathBuf,
        /// The freshly rendered file the regions come from.
        rendered: String,
    },
    /// Insert complete lines into an existing Rust file at an anchor.
    Insert {
        /// The file.
        path: PathBuf,
        /// Where in it.
        anchor: Anchor,
        /// The lines, each ending in a newline.
        text: String,
    },
    /// Write a file of derived data whole, whether or not it exists: one
    /// no person writes, named after its content (the offline data of a
    /// query, `.sqlx/query-<hash>.json`). Nothing to do if it holds
    /// `contents` already.
    Replace {
        /// The file.
        path: PathBuf,
        /// Its whole contents.
        contents: String,
    },
    /// Delete a file of derived data, if it is there.
    Delete {
        /// The file.
        path: PathBuf,
    },
}

impl Edit {
    /// The file the edit changes.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Create { path, .. }
            | Self::Splice { path, .. }
            | Self::Insert { path, .. }
            | Self::Replace { path, .. }
            | Self::Delete { path } => path,
        }
    }
}

/// The new contents of one file, with the old for diffs and rollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Its contents before, `None` if it does not exist yet.
    pub before: Option<String>,
    /// Its contents after, `None` if the file is to be deleted.
    pub after: Option<String>,
}

/// The edits of one command, in the order they were planned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    edits: Vec<Edit>,
}

impl Plan {
    /// Add an edit.
    pub fn push(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// Add every edit of `other`, after this plan's.
    pub fn extend(&mut self, other: Self) {
        self.edits.extend(other.edits);
    }

    /// The edits, in order.
    #[must_use]
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Read each file the plan touches and compute its new contents.
    ///
    /// With `force`, a file to create that exists is replaced; without it,
    /// that is a conflict. A missing anchor is always a conflict. A file of
    /// derived data that is already as planned, or already gone, gives no
    /// change. Paths in messages are relative to `root`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Conflict`] listing every conflict, or the first file
    /// that cannot be read or parsed.
    pub fn resolve(&self, root: &Path, force: bool) -> Result<Vec<FileChange>, Error> {
        let mut by_path: BTreeMap<&Path, Vec<&Edit>> = BTreeMap::new();
        for edit in &self.edits {
            by_path.entry(edit.path()).or_default().push(edit);
        }
        let mut conflicts = Vec::new();
        let mut changes = Vec::new();
        for (path, edits) in by_path {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            let before = read_if_exists(path)?;
            let derived = edits
                .iter()
                .all(|edit| matches!(edit, Edit::Replace { .. } | Edit::Delete { .. }));
            match apply_in_memory(before.as_deref(), &edits, force) {
                Ok(after) if derived && before == after => {}
                Ok(after) => changes.push(FileChange {
                    path: path.to_path_buf(),
                    before,
                    after,
                }),
                Err(problems) => conflicts.extend(
                    problems
                        .into_iter()
                        .map(|problem| format!("{shown}: {problem}")),
                ),
            }
        }
        if conflicts.is_empty() {
            // Keep the plan's order: the order of the summary and of writes.
            // Each path's first edit is looked up once, not per comparison.
            let mut first_edit: HashMap<&Path, usize> = HashMap::new();
            for (position, edit) in self.edits.iter().enumerate() {
                first_edit.entry(edit.path()).or_insert(position);
            }
            changes.sort_by_key(|change| first_edit.get(change.path.as_path()).copied());
            Ok(changes)
        } else {
            Err(Error::Conflict(format!(
                "nothing was written, because:\n{}",
                crate::error::indented(&conflicts)
            )))
        }
    }
}

/// The text of `path`, or `None` if it does not exist.
///
/// # Errors
///
/// Fails when the file exists but cannot be read as UTF-8 text.
pub fn read_if_exists(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The file's contents after `edits` (`None`: deleted), or what stands in
/// the way.
fn apply_in_memory(
    before: Option<&str>,
    edits: &[&Edit],
    force: bool,
) -> Result<Option<String>, Vec<String>> {
    if let [Edit::Delete { .. }] = edits {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut created = None;
    let mut insertions = Vec::new();
    for edit in edits {
        match edit {
            Edit::Replace { contents, .. } => created = Some(contents.clone()),
            Edit::Delete { .. } => problems.push(
                "is planned both to be written and to be deleted; please report it".to_owned(),
            ),
            Edit::Splice { rendered, .. } => {
                let spliced = before
                    .ok_or_else(|| {
                        "does not exist; was the entity made by `new-entity`?".to_owned()
                    })
                    .and_then(|before| regions::splice(before, rendered));
                match spliced {
                    Ok(spliced) => created = Some(spliced),
                    Err(problem) => problems.push(problem),
                }
            }
            Edit::Create { contents, .. } => {
                if before.is_some() && !force {
                    problems.push(
                        "already exists; codegen never overwrites a file without `--force`"
                            .to_owned(),
                    );
                }
                created = Some(contents.clone());
            }
            Edit::Insert { anchor, text, .. } => insertions.push((anchor, text)),
        }
    }
    if insertions.is_empty() {
        return if problems.is_empty() {
            Ok(Some(created.unwrap_or_default()))
        } else {
            Err(problems)
        };
    }
    let Some(original) = created.as_deref().or(before) else {
        return Err(vec![
            "does not exist, so nothing can be inserted into it".to_owned(),
        ]);
    };
    let file = match syn::parse_file(original) {
        Ok(file) => file,
        Err(error) => {
            let line = error.span().start().line;
            return Err(vec![format!(
                "line {line}: {error}; fix the file so codegen can find where to insert"
            )]);
        }
    };
    let mut located = Vec::new();
    for (order, (anchor, text)) in insertions.into_iter().enumerate() {
        match anchor::insertion(original, &file, anchor, text) {
            Ok((offset, inserted)) => located.push((offset, order, inserted)),
            Err(problem) => problems.push(format!("cannot insert into {anchor}: {problem}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // From the end backwards, so that earlier offsets stay valid; at one
    // offset, the later edit goes in first so the earlier ends up on top.
    located.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut after = original.to_owned();
    for (offset, _, inserted) in located {
        after.insert_str(offset, &inserted);
    }
    Ok(Some(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_files_are_written_whole_and_deleted_and_unchanged_ones_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let same = dir.path().join("same.json");
        let other = dir.path().join("other.json");
        let gone = dir.path().join("gone.json");
        let absent = dir.path().join("absent.json");
        std::fs::write(&same, "{}\n").unwrap();
        std::fs::write(&other, "{\"old\":1}\n").unwrap();
        std::fs::write(&gone, "{}\n").unwrap();
        let mut plan = Plan::default();
        for path in [&same, &other] {
            plan.push(Edit::Replace {
                path: path.clone(),
                contents: "{}\n".to_owned(),
            });
        }
        for path in [&gone, &absent] {
            plan.push(Edit::Delete { path: path.clone() });
        }

        let changes = plan.resolve(dir.path(), false).unwrap();

        assert_eq!(
            changes,
            [
                FileChange {
                    path: other,
                    before: Some("{\"old\":1}\n".to_owned()),
                    after: Some("{}\n".to_owned()),
                },
                FileChange {
                    path: gone,
                    before: Some("{}\n".to_owned()),
                    after: None,
                },
            ]
        );
    }
}
