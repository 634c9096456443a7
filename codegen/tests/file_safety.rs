//! What codegen's writes do to the files they touch, seen from the command
//! line: the lock path is never followed, modes and symlinks are kept, a
//! read-only file is refused before anything is written, and an
//! interrupted command leaves the tree as it was.

#![cfg(unix)]

mod support;

use std::{
    io::Write,
    os::unix::fs::{MetadataExt, PermissionsExt},
    path::Path,
    process::{Command, Stdio},
};

use support::{DEVICE_FIELDS, codegen, codegen_command, copy_workspace, snapshot, stderr};

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

/// The permission bits of `path`, following a symlink.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn new_files_get_an_editors_mode_and_edited_files_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let lib = dir.path().join("storage/data-model/src/lib.rs");
    set_mode(&lib, 0o640);
    let tests_main = dir.path().join("storage/pg/tests/repositories/main.rs");
    set_mode(&tests_main, 0o755);
    // What any program that creates a file here gets, umask and all.
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let editors = mode(&probe);
    std::fs::remove_file(&probe).unwrap();

    let output = new_device(dir.path());

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(&lib)
            .unwrap()
            .contains("mod device;")
    );
    assert_eq!(mode(&lib), 0o640);
    assert_eq!(mode(&tests_main), 0o755);
    for created in [
        "storage/data-model/src/device.rs",
        "storage/core/src/device.rs",
        "storage/pg/src/device.rs",
        "storage/pg/tests/repositories/device.rs",
    ] {
        assert_eq!(mode(&dir.path().join(created)), editors, "{created}");
    }
}

#[test]
fn an_edited_file_behind_a_symlink_stays_behind_it() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("workspace");
    copy_workspace(&workspace);
    // The data-model's lib.rs lives elsewhere, and the crate links to it.
    let lib = workspace.join("storage/data-model/src/lib.rs");
    let shared = dir.path().join("shared/lib.rs");
    std::fs::create_dir_all(shared.parent().unwrap()).unwrap();
    std::fs::rename(&lib, &shared).unwrap();
    std::os::unix::fs::symlink(&shared, &lib).unwrap();

    let output = new_device(&workspace);

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(lib.symlink_metadata().unwrap().is_symlink());
    assert_eq!(std::fs::read_link(&lib).unwrap(), shared);
    assert!(
        std::fs::read_to_string(&shared)
            .unwrap()
            .contains("mod device;")
    );
}

#[test]
fn a_read_only_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // Written last by new-entity: everything else would be written first.
    let tests_main = dir.path().join("storage/pg/tests/repositories/main.rs");
    set_mode(&tests_main, 0o444);
    let before = snapshot(dir.path());

    let output = new_device(dir.path());

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert!(
        message.contains("storage/pg/tests/repositories/main.rs` is read-only"),
        "{message}"
    );
    assert!(message.contains("`chmod u+w "), "{message}");
    assert!(message.contains("otherwise leave it alone"), "{message}");
    assert!(snapshot(dir.path()) == before, "the tree changed");
    assert_eq!(mode(&tests_main), 0o444);
}

#[test]
fn an_interrupted_new_entity_leaves_the_tree_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("workspace");
    copy_workspace(&workspace);
    let before = snapshot(&workspace);
    // The generator's rustfmt announces itself and waits for the test: the
    // signal comes once the plan is made, just before it is written.
    let started = dir.path().join("started");
    let release = dir.path().join("release");
    let mkfifo = Command::new("mkfifo").arg(&release).status().unwrap();
    assert!(mkfifo.success());
    let rustfmt = dir.path().join("rustfmt-after-release");
    std::fs::write(
        &rustfmt,
        "#!/bin/sh\ntouch \"$STARTED\"\nread line < \"$RELEASE\"\nexec rustfmt \"$@\"\n",
    )
    .unwrap();
    set_mode(&rustfmt, 0o755);
    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let mut child = codegen_command(&workspace, &args)
        .env("RUSTFMT", &rustfmt)
        .env("STARTED", &started)
        .env("RELEASE", &release)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while !started.exists() {
        assert!(child.try_wait().unwrap().is_none(), "it ended early");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Opened for reading and writing, the FIFO opens at once whether or not
    // the script still waits on it (the generator may have stopped it
    // already), and it stays open until the generator is done, so a script
    // that opens it late still reads its line.
    let mut release_writer = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&release)
        .unwrap();
    release_writer.write_all(b"go\n").unwrap();
    let output = child.wait_with_output().unwrap();
    drop(release_writer);

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{message}");
    assert!(message.contains("stopped by SIGINT"), "{message}");
    assert!(snapshot(&workspace) == before, "the tree changed");
}
