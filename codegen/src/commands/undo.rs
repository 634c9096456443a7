//! The changes that take an entity out of the tree, worked out in memory
//! with every reason not to make them, before anything touches the disk.

use std::path::Path;

use crate::{
    Error,
    plan::{Anchor, FileChange, as_inserted, describe, find_inserted, read_if_exists},
};

/// Deletions and removals of inserted items, file by file, and what stands
/// in their way.
#[derive(Debug)]
pub struct Undo<'a> {
    root: &'a Path,
    force: bool,
    changes: Vec<FileChange>,
    problems: Vec<String>,
}

impl<'a> Undo<'a> {
    /// Nothing to undo yet in the workspace at `root`; with `force`,
    /// edited files and items are removed all the same, and missing ones
    /// skipped.
    pub const fn new(root: &'a Path, force: bool) -> Self {
        Self {
            root,
            force,
            changes: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Delete `path`, which `new-entity` created holding `expected`.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read.
    pub fn delete(&mut self, path: &Path, expected: &str) -> Result<(), Error> {
        if self.check_file(path, expected)? {
            self.change(path)?.after = None;
        }
        Ok(())
    }

    /// Delete `path`, a file of derived data (a query's offline data), if
    /// it is there, whatever it holds: no person wrote it.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read.
    pub fn delete_derived(&mut self, path: &Path) -> Result<(), Error> {
        self.change(path)?.after = None;
        Ok(())
    }

    /// Whether `path` is there to remove: it holds `expected`, or it exists
    /// and edits are forced. Records why not otherwise.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read.
    fn check_file(&mut self, path: &Path, expected: &str) -> Result<bool, Error> {
        let force = self.force;
        match &self.change(path)?.after {
            None => {
                self.missing(path, "no longer exists".to_owned());
                Ok(false)
            }
            Some(text) if text != expected && !force => {
                let problem = "was edited since `new-entity` wrote it".to_owned();
                self.problem(path, None, &problem);
                Ok(false)
            }
            Some(_) => Ok(true),
        }
    }

    /// Take out of `path` the `item` that `new-entity` inserted at `anchor`.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read.
    pub fn take_out(&mut self, path: &Path, anchor: &Anchor, item: &str) -> Result<(), Error> {
        let what = describe(anchor, item);
        let Some(text) = self.change(path)?.after.clone() else {
            self.missing(path, format!("no longer exists, so it cannot hold {what}"));
            return Ok(());
        };
        let found = match find_inserted(&text, anchor, item) {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.missing(path, format!("no longer holds {what}"));
                return Ok(());
            }
            Err(error) => {
                let problem = format!("{error}; fix the file so codegen can find {what} in it");
                self.problem(path, None, &problem);
                return Ok(());
            }
        };
        // As inserted: inside a module, indented as deep as its body.
        let inserted = syn::parse_file(&text)
            .map_or_else(|_| item.to_owned(), |file| as_inserted(&file, anchor, item));
        if found.text != inserted && !self.force {
            let problem = format!("{what} was edited since `new-entity` inserted it");
            self.problem(path, Some(found.line), &problem);
            return Ok(());
        }
        let mut after = text;
        after.replace_range(found.range, "");
        self.change(path)?.after = Some(after);
        Ok(())
    }

    /// Create `path` holding `contents`.
    pub fn create(&mut self, path: &Path, contents: String) {
        self.changes.push(FileChange {
            path: path.to_path_buf(),
            before: None,
            after: Some(contents),
        });
    }

    /// Record that something to remove from `path` is not there; with
    /// `force`, it is skipped instead.
    pub fn missing(&mut self, path: &Path, what: String) {
        if !self.force {
            self.problem(path, None, &what);
        }
    }

    /// Whether nothing stands in the way so far.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The changes to make, in the order first planned.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] listing every problem recorded.
    pub fn finish(self) -> Result<Vec<FileChange>, Error> {
        if self.problems.is_empty() {
            return Ok(self
                .changes
                .into_iter()
                .filter(|change| change.before != change.after)
                .collect());
        }
        Err(Error::Conflict(format!(
            "nothing was changed, because:\n{}\nundo those edits, or pass `--force` to remove \
             what is there and skip what is missing",
            crate::error::indented(&self.problems)
        )))
    }

    fn problem(&mut self, path: &Path, line: Option<usize>, what: &str) {
        let shown = path.strip_prefix(self.root).unwrap_or(path).display();
        let line = line.map_or_else(String::new, |line| format!(":{line}"));
        self.problems.push(format!("{shown}{line}: {what}"));
    }

    /// The change to `path`, read from disk the first time.
    fn change(&mut self, path: &Path) -> Result<&mut FileChange, Error> {
        let index = match self.changes.iter().position(|change| change.path == path) {
            Some(index) => index,
            None => {
                let before = read_if_exists(path)?;
                self.changes.push(FileChange {
                    path: path.to_path_buf(),
                    after: before.clone(),
                    before,
                });
                self.changes.len() - 1
            }
        };
        Ok(&mut self.changes[index])
    }
}
