//! Fault injection: a file system that fails the operations a test picks,
//! and sweeps that fail every operation of a plan in turn, during the
//! write and during the restore that follows, to show that the tree comes
//! back byte for byte, or that the message names what did not and where
//! its bytes are.

use std::{
    cell::{Cell, RefCell},
    collections::BTreeMap,
    fs::{File, Metadata, Permissions},
    io,
    path::{Path, PathBuf},
};

use super::{
    file_system::{Disk, FileSystem},
    test_tree::{Entry, every_kind_of_change, snapshot},
    write::write_with,
};
use crate::Error;

/// Which operations fail: given each one's index (from 0, in the order
/// they are made) and name.
type Picks = Box<dyn Fn(usize, &str) -> bool>;

/// The real file system, but the operations `fails` picks fail.
struct Faulty {
    fails: Picks,
    made: Cell<usize>,
    log: RefCell<Vec<String>>,
}

impl Faulty {
    fn new(fails: impl Fn(usize, &str) -> bool + 'static) -> Self {
        Self {
            fails: Box::new(fails),
            made: Cell::new(0),
            log: RefCell::new(Vec::new()),
        }
    }

    /// Count the operation `what` on `path`, and fail it if picked.
    fn step(&self, what: &str, path: &Path) -> io::Result<()> {
        let index = self.made.get();
        self.made.set(index + 1);
        let fails = (self.fails)(index, what);
        self.log.borrow_mut().push(format!(
            "{index}: {what} {}{}",
            path.display(),
            if fails { " FAILS" } else { "" }
        ));
        if fails {
            Err(io::Error::other(format!(
                "injected failure of operation {index}"
            )))
        } else {
            Ok(())
        }
    }

    fn log(&self) -> String {
        self.log.borrow().join("\n")
    }
}

/// Stands for an open file in the log.
const OPEN_FILE: &str = "<open file>";

impl FileSystem for Faulty {
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        self.step("symlink_metadata", path)?;
        Disk.symlink_metadata(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        self.step("metadata", path)?;
        Disk.metadata(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.step("read_link", path)?;
        Disk.read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.step("canonicalize", path)?;
        Disk.canonicalize(path)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.step("read", path)?;
        Disk.read(path)
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        self.step("create_dir", path)?;
        Disk.create_dir(path)
    }

    fn create_new(&self, path: &Path) -> io::Result<File> {
        self.step("create_new", path)?;
        Disk.create_new(path)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        self.step("write", Path::new(OPEN_FILE))?;
        Disk.write(file, bytes)
    }

    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()> {
        self.step("set_permissions", Path::new(OPEN_FILE))?;
        Disk.set_permissions(file, permissions)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        self.step("sync", Path::new(OPEN_FILE))?;
        Disk.sync(file)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.step("sync_dir", dir)?;
        Disk.sync_dir(dir)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step("rename", from)?;
        Disk.rename(from, to)
    }

    fn symlink(&self, target: &Path, link: &Path) -> io::Result<()> {
        self.step("symlink", link)?;
        Disk.symlink(target, link)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.step("remove_file", path)?;
        Disk.remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        self.step("remove_dir", path)?;
        Disk.remove_dir(path)
    }
}

/// Never interrupted.
fn running() -> Result<(), Error> {
    Ok(())
}

/// The plan of every kind of change, in a fresh tree, written through
/// `fs`: the tree before, the result, and the tree after.
struct Run {
    _dir: tempfile::TempDir,
    before: BTreeMap<PathBuf, Entry>,
    result: Result<(), Error>,
    after: BTreeMap<PathBuf, Entry>,
}

fn run(fs: &Faulty) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let changes = every_kind_of_change(dir.path());
    let before = snapshot(dir.path());
    let result = write_with(fs, &running, &changes);
    Run {
        after: snapshot(dir.path()),
        _dir: dir,
        before,
        result,
    }
}

/// The operations a plan makes when none fails.
fn operations_of_a_clean_write() -> usize {
    let fs = Faulty::new(|_, _| false);
    let run = run(&fs);
    run.result.unwrap();
    fs.made.get()
}

#[test]
fn every_failure_during_the_write_restores_the_tree_exactly() {
    let operations = operations_of_a_clean_write();
    for failing in 0..operations {
        let fs = Faulty::new(move |index, _| index == failing);
        let run = run(&fs);

        let error = run
            .result
            .expect_err(&format!("operation {failing} failed\n{}", fs.log()));
        assert!(matches!(error, Error::Io { .. }), "{error:?}\n{}", fs.log());
        assert!(
            error.to_string().contains(&format!("operation {failing}")),
            "{error}"
        );
        assert_eq!(
            run.after,
            run.before,
            "operation {failing} failed\n{}",
            fs.log()
        );
    }
}

/// For every operation of the write and every operation of the restore
/// its failure starts, fail both (`and_after` false) or the restore's and
/// every one after it (`and_after` true); check each outcome with `check`.
fn sweep_failed_restores(and_after: bool) {
    let operations = operations_of_a_clean_write();
    let mut restores = 0;
    for failing in 0..operations {
        let fs = Faulty::new(move |index, _| index == failing);
        run(&fs);
        let made = fs.made.get();
        for also in failing + 1..made {
            let fs = Faulty::new(move |index, _| {
                index == failing || index == also || (and_after && index > also)
            });
            let run = run(&fs);
            let error = run.result.as_ref().expect_err("a failure is an error");
            check_reported(&run, error, and_after, &fs.log());
            restores += 1;
        }
    }
    assert!(restores > 50, "only {restores} restores were failed");
}

#[test]
fn a_failed_restore_names_every_file_left_changed_and_where_its_bytes_are() {
    sweep_failed_restores(false);
}

#[test]
fn a_restore_that_fails_throughout_still_names_every_file_left_changed() {
    sweep_failed_restores(true);
}

/// Every path that is not as it was is named in the message; every file
/// not restored has its original bytes and mode in the backup the message
/// names, unless saving them failed too (`saving_fails`).
fn check_reported(run: &Run, error: &Error, saving_fails: bool, log: &str) {
    let message = error.to_string();
    let context = format!("{message}\n{log}");
    if run.after == run.before {
        return;
    }
    assert!(matches!(error, Error::Tool(_)), "{error:?}\n{log}");
    for (path, was) in &run.before {
        let now = run.after.get(path);
        if now == Some(was) {
            continue;
        }
        let named = format!("`{}`", path.display());
        assert!(message.contains(&named), "{named} is not named:\n{context}");
        if let Entry::File(bytes, mode) = was {
            let Some(backup) = backup_of(&message, path) else {
                assert!(
                    saving_fails && message.contains("restore it from version control"),
                    "no backup of {named}:\n{context}"
                );
                continue;
            };
            assert_eq!(std::fs::read(&backup).unwrap(), *bytes, "{context}");
            let saved = Entry::File(bytes.clone(), *mode);
            if let Some(entry) = run.after.get(&backup) {
                assert_eq!(*entry, saved, "{context}");
            } else {
                // Outside the tree, in the temporary directory.
                std::fs::remove_file(backup).unwrap();
            }
        }
    }
    for path in run.after.keys() {
        if !run.before.contains_key(path) {
            let named = format!("`{}`", path.display());
            assert!(message.contains(&named), "{named} is left:\n{context}");
        }
    }
}

/// The backup the message names for `path`.
fn backup_of(message: &str, path: &Path) -> Option<PathBuf> {
    let named = format!("`{}`", path.display());
    let line = message
        .lines()
        .find(|line| line.trim_start().starts_with(&named))?;
    let (_, rest) = line.split_once("original contents are in `")?;
    let (backup, _) = rest.split_once('`')?;
    Some(PathBuf::from(backup))
}

#[test]
fn an_interruption_before_a_file_restores_what_was_written() {
    let changes = every_kind_of_change(tempfile::tempdir().unwrap().path()).len();
    for stop_at in 0..changes {
        let dir = tempfile::tempdir().unwrap();
        let plan = every_kind_of_change(dir.path());
        let before = snapshot(dir.path());
        let asked = Cell::new(0);
        let interrupted = || {
            asked.set(asked.get() + 1);
            if asked.get() > stop_at {
                Err(Error::Interrupted { signal: 2 })
            } else {
                Ok(())
            }
        };

        let error = write_with(&Disk, &interrupted, &plan).unwrap_err();

        assert!(matches!(error, Error::Interrupted { signal: 2 }), "{error}");
        assert_eq!(
            snapshot(dir.path()),
            before,
            "stopped before file {stop_at}"
        );
    }
}

#[test]
fn an_interruption_is_asked_for_before_each_file_and_not_after_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let plan = every_kind_of_change(dir.path());
    let asked = Cell::new(0);
    let interrupted = || {
        asked.set(asked.get() + 1);
        Ok(())
    };

    write_with(&Disk, &interrupted, &plan).unwrap();

    assert_eq!(asked.get(), plan.len());
}

#[test]
fn an_interruption_whose_restore_fails_says_both() {
    let dir = tempfile::tempdir().unwrap();
    let plan = every_kind_of_change(dir.path());
    let asked = Cell::new(0);
    let interrupted = || {
        asked.set(asked.get() + 1);
        if asked.get() == 2 {
            Err(Error::Interrupted { signal: 2 })
        } else {
            Ok(())
        }
    };
    // The first file is written; the second rename is its restore's.
    let renames = Cell::new(0);
    let fs = Faulty::new(move |_, what| {
        if what == "rename" {
            renames.set(renames.get() + 1);
        }
        what == "rename" && renames.get() == 2
    });

    let error = write_with(&fs, &interrupted, &plan).unwrap_err();

    let message = error.to_string();
    assert!(matches!(error, Error::Tool(_)), "{error:?}");
    assert!(message.starts_with("stopped by SIGINT; "), "{message}");
    let edited = dir.path().join("edited.rs");
    let backup = backup_of(&message, &edited).unwrap_or_else(|| panic!("{message}"));
    assert_eq!(std::fs::read(backup).unwrap(), b"fn edited() {}\n");
}
