//! What codegen's writes do to the files they touch, seen from the command
//! line: the lock path is never followed, modes and symlinks are kept, a
//! read-only file is refused before anything is written, and an
//! interrupted command leaves the tree as it was.

#![cfg(unix)]

mod support;

use std::path::Path;

use support::{DEVICE_FIELDS, codegen, copy_workspace, snapshot, stderr};

/// `new-entity Device ...`, the README's example.
fn new_device(workspace: &Path) -> std::process::Output {
    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    codegen(workspace, &args)
}

#[test]
fn a_symlinked_lock_path_is_refused_and_its_target_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "a person's words\n").unwrap();
    let workspace = dir.path().join("workspace");
    copy_workspace(&workspace);
    std::os::unix::fs::symlink("../precious.txt", workspace.join(".codegen.lock")).unwrap();
    let before = snapshot(&workspace);

    let output = new_device(&workspace);

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(message.contains(".codegen.lock"), "{message}");
    assert!(message.contains("is a symbolic link"), "{message}");
    assert!(
        message.contains("if no codegen is running in this workspace, remove it"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "a person's words\n"
    );
    let lock = workspace.join(".codegen.lock").symlink_metadata().unwrap();
    assert!(lock.is_symlink());
    assert!(snapshot(&workspace) == before, "the tree changed");
}

#[test]
fn a_directory_at_the_lock_path_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    std::fs::create_dir(dir.path().join(".codegen.lock")).unwrap();
    let before = snapshot(dir.path());

    let output = new_device(dir.path());

    // The lock is codegen's machinery, not the command's input: a problem
    // of the environment, like another codegen holding it.
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(
        message.contains(".codegen.lock: is a directory, not codegen's lock file"),
        "{message}"
    );
    assert!(message.contains("rmdir "), "{message}");
    assert!(dir.path().join(".codegen.lock").is_dir());
    assert!(snapshot(dir.path()) == before, "the tree changed");
}
