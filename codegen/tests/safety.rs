//! What a failure or a second generator cannot do to a workspace: a write
//! that really fails in the middle of a plan leaves every file as it was,
//! and a second process is turned away while the first holds the lock.

#![cfg(unix)]

mod support;

use std::{
    os::unix::fs::{MetadataExt, PermissionsExt},
    path::Path,
    process::{Child, Command, Stdio},
};

use support::{DEVICE_FIELDS, codegen, codegen_command, copy_workspace, snapshot, stderr, stdout};

/// `dir` made read-only (or writable again).
fn set_read_only(dir: &Path, read_only: bool) {
    let mode = if read_only { 0o555 } else { 0o755 };
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether this process runs as root, for whom permissions do not stop a
/// write unless it gives up the capability to override them.
fn running_as_root(probe: &Path) -> bool {
    std::fs::metadata(probe).unwrap().uid() == 0
}

#[test]
fn a_write_that_fails_midway_restores_every_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let before = snapshot(dir.path());
    // The tests module is written after the data-model, storage and
    // storage-pg files and the migration: by then most of the plan is on
    // disk.
    let tests_dir = dir.path().join("storage/pg/tests/repositories");
    set_read_only(&tests_dir, true);

    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let mut command = if running_as_root(dir.path()) {
        // Root without CAP_DAC_OVERRIDE is held to file permissions too.
        let mut command = Command::new("setpriv");
        command
            .args(["--bounding-set", "-dac_override,-dac_read_search", "--"])
            .arg(env!("CARGO_BIN_EXE_codegen"))
            .args(&args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1");
        command
    } else {
        codegen_command(dir.path(), &args)
    };
    let output = command.output().unwrap();
    set_read_only(&tests_dir, false);

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(
        message.contains("storage/pg/tests/repositories/device.rs"),
        "{message}"
    );
    assert!(message.contains("ermission denied"), "{message}");
    assert!(
        stdout(&output).is_empty(),
        "no summary of a failed write: {}",
        stdout(&output)
    );
    let after = snapshot(dir.path());
    let changed: Vec<_> = after
        .keys()
        .chain(before.keys())
        .filter(|path| after.get(*path) != before.get(*path))
        .collect();
    assert!(changed.is_empty(), "not restored: {changed:?}");
}

/// A child process that is killed if the test ends before it does.
struct Running(Option<Child>);

impl Running {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("still running")
    }

    fn finish(mut self) -> std::process::Output {
        self.0.take().unwrap().wait_with_output().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn a_second_generator_is_turned_away_while_the_first_writes() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("workspace");
    copy_workspace(&workspace);
    // The first generator's rustfmt announces itself, then waits for the
    // test to let it go: the generator holds the lock all along.
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
    std::fs::set_permissions(&rustfmt, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let mut first = Running(Some(
        codegen_command(&workspace, &args)
            .env("RUSTFMT", &rustfmt)
            .env("STARTED", &started)
            .env("RELEASE", &release)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    ));
    while !started.exists() {
        if let Some(status) = first.child().try_wait().unwrap() {
            panic!("the first generator ended before rendering: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let before = snapshot(&workspace);

    let second = codegen(&workspace, &["new-entity", "Tag", "label:String"]);

    let message = stderr(&second);
    assert_eq!(second.status.code(), Some(3), "{message}");
    assert!(
        message.contains(&format!(
            "another codegen process (pid {}) is changing this workspace",
            first.child().id()
        )),
        "{message}"
    );
    assert!(message.contains(".codegen.lock"), "{message}");
    assert!(message.contains("wait for it to finish"), "{message}");
    assert!(
        snapshot(&workspace) == before,
        "the second changed the tree"
    );

    std::fs::write(&release, "go\n").unwrap();
    let output = first.finish();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(workspace.join("storage/data-model/src/device.rs").is_file());
    assert!(!workspace.join(".codegen.lock").exists());

    let third = codegen(&workspace, &["new-entity", "Tag", "label:String"]);
    assert!(third.status.success(), "{}", stderr(&third));
}
