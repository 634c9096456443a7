//! `.sqlx` kept whole across `cargo sqlx prepare`: sqlx-cli deletes every
//! query file before the build writes them again, so a prepare that fails
//! or is stopped part way would leave `.sqlx` empty or half-written. The
//! guard keeps the files as they were and, unless the prepare finished,
//! puts them back.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use crate::{Error, apply::write_all_uninterrupted, plan::FileChange};

/// The query files of `.sqlx` as they were before a prepare; restored when
/// dropped unless [`OfflineDataGuard::keep`] was called.
#[derive(Debug)]
pub(super) struct OfflineDataGuard {
    dir: PathBuf,
    before: BTreeMap<PathBuf, String>,
    kept: bool,
}

impl OfflineDataGuard {
    /// Remembers the query files of `dir`.
    ///
    /// # Errors
    ///
    /// Fails when one cannot be read.
    pub(super) fn snapshot(dir: &Path) -> Result<Self, Error> {
        Ok(Self {
            dir: dir.to_path_buf(),
            before: query_files(dir)?,
            kept: false,
        })
    }

    /// The prepare finished: what it wrote stays.
    pub(super) fn keep(mut self) {
        self.kept = true;
    }

    fn restore(&self) -> Result<usize, Error> {
        let now = query_files(&self.dir)?;
        let mut changes = Vec::new();
        for (path, before) in &self.before {
            if now.get(path) != Some(before) {
                changes.push(FileChange {
                    path: path.clone(),
                    before: now.get(path).cloned(),
                    after: Some(before.clone()),
                });
            }
        }
        for (path, written) in &now {
            if !self.before.contains_key(path) {
                changes.push(FileChange {
                    path: path.clone(),
                    before: Some(written.clone()),
                    after: None,
                });
            }
        }
        write_all_uninterrupted(&changes)?;
        Ok(changes.len())
    }
}

impl Drop for OfflineDataGuard {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        match self.restore() {
            Ok(0) => {}
            Ok(restored) => eprintln!(
                "codegen: put back {restored} files of {} as they were before the prepare",
                self.dir.display()
            ),
            Err(error) => eprintln!(
                "codegen: warning: could not put {} back as it was: {error}; \
                 restore it from version control, or run `codegen db prepare` again",
                self.dir.display()
            ),
        }
    }
}

/// The files sqlx-cli deletes and writes: `query-*.json` in `dir`.
fn query_files(dir: &Path) -> Result<BTreeMap<PathBuf, String>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(BTreeMap::new());
        }
        Err(source) => return Err(io(dir)(source)),
    };
    let mut files = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(io(dir))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("query-") && name.ends_with(".json") && path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            files.insert(path, text);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_prepare_is_undone_and_a_finished_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let sqlx = dir.path().join(".sqlx");
        std::fs::create_dir(&sqlx).unwrap();
        std::fs::write(sqlx.join("query-a.json"), "{\"a\":1}").unwrap();
        std::fs::write(sqlx.join("query-b.json"), "{\"b\":1}").unwrap();
        std::fs::write(sqlx.join("README"), "not sqlx's").unwrap();

        let guard = OfflineDataGuard::snapshot(&sqlx).unwrap();
        // As sqlx-cli does: delete every query file, then write some back.
        std::fs::remove_file(sqlx.join("query-a.json")).unwrap();
        std::fs::write(sqlx.join("query-b.json"), "{\"b\":2}").unwrap();
        std::fs::write(sqlx.join("query-c.json"), "{\"c\":1}").unwrap();
        drop(guard);
        let mut names: Vec<_> = std::fs::read_dir(&sqlx)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["README", "query-a.json", "query-b.json"]);
        assert_eq!(
            std::fs::read_to_string(sqlx.join("query-b.json")).unwrap(),
            "{\"b\":1}"
        );

        let guard = OfflineDataGuard::snapshot(&sqlx).unwrap();
        std::fs::write(sqlx.join("query-b.json"), "{\"b\":3}").unwrap();
        guard.keep();
        assert_eq!(
            std::fs::read_to_string(sqlx.join("query-b.json")).unwrap(),
            "{\"b\":3}"
        );
    }
}
