//! For the tests of writes: a small tree with every kind of change in it,
//! and snapshots of a tree that see modes and symlinks.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use crate::plan::FileChange;

/// One entry of a tree, as a snapshot sees it: symlinks are not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entry {
    /// A directory, with its mode.
    Dir(u32),
    /// A regular file: its bytes and mode.
    File(Vec<u8>, u32),
    /// A symlink: what it says.
    Link(PathBuf),
}

/// Every entry under `root`, by path.
pub(super) fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let metadata = path.symlink_metadata().unwrap();
            let found = if metadata.is_symlink() {
                Entry::Link(std::fs::read_link(&path).unwrap())
            } else if metadata.is_dir() {
                pending.push(path.clone());
                Entry::Dir(mode_of(&metadata))
            } else {
                Entry::File(std::fs::read(&path).unwrap(), mode_of(&metadata))
            };
            entries.insert(path, found);
        }
    }
    entries
}

#[cfg(unix)]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    u32::from(metadata.permissions().readonly())
}

/// Write `text` to `path` and give it `mode`.
pub(super) fn file(path: &Path, text: &str, mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    set_mode(path, mode);
}

/// Give `path` the mode `mode`.
pub(super) fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    #[cfg(not(unix))]
    {
        let mut permissions = std::fs::metadata(path).unwrap().permissions();
        permissions.set_readonly(mode & 0o200 == 0);
        std::fs::set_permissions(path, permissions).unwrap();
    }
}

/// The mode a new file gets here, from whoever makes it.
pub(super) fn new_file_mode(dir: &Path) -> u32 {
    let probe = dir.join("probe");
    std::fs::File::create(&probe).unwrap();
    let mode = mode_of(&probe.metadata().unwrap());
    std::fs::remove_file(probe).unwrap();
    mode
}

/// A change of `path` from `before` to `after`.
pub(super) fn change(path: PathBuf, before: Option<&str>, after: Option<&str>) -> FileChange {
    FileChange {
        path,
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

/// A tree under `root` and a plan with one change of every kind: an edited
/// file, a file kept in an unusual mode, a deletion, a new file in new
/// directories, and, where there are symlinks, a file written through its
/// symlink and a deleted symlink.
pub(super) fn every_kind_of_change(root: &Path) -> Vec<FileChange> {
    file(&root.join("edited.rs"), "fn edited() {}\n", 0o644);
    file(&root.join("odd_mode.rs"), "fn odd() {}\n", 0o604);
    file(&root.join("deleted.rs"), "fn deleted() {}\n", 0o640);
    let mut changes = vec![
        change(
            root.join("edited.rs"),
            Some("fn edited() {}\n"),
            Some("fn edited() {\n    // More.\n}\n"),
        ),
        change(
            root.join("odd_mode.rs"),
            Some("fn odd() {}\n"),
            Some("fn odd() {\n    // More.\n}\n"),
        ),
        change(root.join("deleted.rs"), Some("fn deleted() {}\n"), None),
        change(
            root.join("new/dir/created.rs"),
            None,
            Some("fn created() {}\n"),
        ),
    ];
    #[cfg(unix)]
    {
        file(&root.join("real/target.rs"), "fn target() {}\n", 0o600);
        std::os::unix::fs::symlink("real/target.rs", root.join("linked.rs")).unwrap();
        file(&root.join("real/other.rs"), "fn other() {}\n", 0o644);
        std::os::unix::fs::symlink("real/other.rs", root.join("unlinked.rs")).unwrap();
        changes.push(change(
            root.join("linked.rs"),
            Some("fn target() {}\n"),
            Some("fn target() {\n    // More.\n}\n"),
        ));
        changes.push(change(
            root.join("unlinked.rs"),
            Some("fn other() {}\n"),
            None,
        ));
    }
    changes
}
