//! The wiring build scripts on a copy of this workspace: they rerun only
//! when a file that can change the wiring changes, and a file that does not
//! parse is reported by name and line.
//!
//! Copies of the workspace share `target/e2e` and cargo names their
//! artifacts alike, so each test binary builds one copy at a time.

mod support;

use std::path::Path;

use support::{cargo_command, copy_workspace, stderr};

/// `cargo build -v` of the storage crates in `workspace`; its stderr.
fn build(workspace: &Path) -> (bool, String) {
    let output = cargo_command(
        workspace,
        &["build", "-v", "-p", "storage", "-p", "storage-pg"],
    )
    .output()
    .expect("cargo runs");
    (output.status.success(), stderr(&output))
}

/// Whether cargo ran the build script of `package` (`storage`, `storage-pg`).
fn ran_build_script(log: &str, package: &str) -> bool {
    log.lines().any(|line| {
        line.trim_start().starts_with("Running")
            && line.contains("build-script-build")
            && line.split(&['/', '\\']).any(|segment| {
                segment.rsplit_once('-').is_some_and(|(name, hash)| {
                    name == package && hash.chars().all(|c| c.is_ascii_hexdigit())
                })
            })
    })
}

fn touch(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    // A real edit: some filesystems keep coarse timestamps.
    std::fs::write(path, format!("{text}\n")).unwrap();
}

#[test]
fn wiring_scripts_rerun_only_for_files_that_can_change_the_wiring() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);

    let (ok, log) = build(workspace);
    assert!(ok, "{log}");
    assert!(
        ran_build_script(&log, "storage"),
        "the first build runs the script:\n{log}"
    );

    let (ok, log) = build(workspace);
    assert!(ok, "{log}");
    assert!(
        !log.contains("build-script-build`"),
        "a no-op build ran a build script:\n{log}"
    );

    // No repository and no `mod` declaration: the crate recompiles, the
    // wiring does not.
    touch(&workspace.join("storage/core/src/pagination.rs"));
    touch(&workspace.join("storage/pg/src/errors.rs"));
    let (ok, log) = build(workspace);
    assert!(ok, "{log}");
    assert!(
        log.contains("Running `") && log.contains("--crate-name storage"),
        "{log}"
    );
    assert!(!ran_build_script(&log, "storage"), "{log}");
    assert!(!ran_build_script(&log, "storage-pg"), "{log}");

    // A repository's file: the wiring is written again.
    touch(&workspace.join("storage/core/src/user.rs"));
    touch(&workspace.join("storage/pg/src/user.rs"));
    let (ok, log) = build(workspace);
    assert!(ok, "{log}");
    assert!(ran_build_script(&log, "storage"), "{log}");
    assert!(ran_build_script(&log, "storage-pg"), "{log}");

    // In the same test: copies of this workspace share their artifacts in
    // `target/e2e`, so two builds at once would spoil each other's
    // fingerprints.
    a_file_that_does_not_parse_is_named_with_its_line(workspace);
}

fn a_file_that_does_not_parse_is_named_with_its_line(workspace: &Path) {
    let user = workspace.join("storage/core/src/user.rs");
    let text = std::fs::read_to_string(&user).unwrap();
    let lines = text.lines().count();
    std::fs::write(&user, format!("{text}\npub trait Broken {{\n")).unwrap();

    let (ok, log) = build(workspace);

    assert!(!ok, "the build should fail:\n{log}");
    // The unclosed brace is on the second line appended.
    let location = format!("storage/core/src/user.rs:{}", lines + 2);
    assert!(log.contains(&location), "expected `{location}` in:\n{log}");
    assert!(log.contains("unclosed delimiter"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}
