//! Shared by the integration tests: copies of this workspace to work on, and
//! snapshots of a tree to prove it unchanged.

#![allow(
    dead_code,
    reason = "each test binary uses its own part of the support"
)]

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The fields of the README's example entity, `Device`: every modifier and
/// a reference to `User`.
pub const DEVICE_FIELDS: [&str; 5] = [
    "name:String:unique",
    "serial:i64:index",
    "notes:String?",
    "owner:User",
    "last_seen_at:DateTime?",
];

/// The root of this repository.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen lives in the workspace")
        .to_path_buf()
}

/// Copy the workspace's sources (not `target/`, not `.git/`) into `dest`.
pub fn copy_workspace(dest: &Path) {
    copy_dir(&repository_root(), dest);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// Every file under `root` with its bytes, to compare before and after.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// Run the `codegen` binary in `workspace` with `args`.
pub fn codegen(workspace: &Path, args: &[&str]) -> Output {
    codegen_command(workspace, args)
        .output()
        .expect("the codegen binary runs")
}

/// The `codegen` binary in `workspace` with `args`, to adjust before running.
pub fn codegen_command(workspace: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
    command
        .args(args)
        .current_dir(workspace)
        .env("NO_COLOR", "1");
    command
}

/// The target directory every copy of this workspace builds in, so that
/// only the first build compiles the dependencies. Copies name their
/// artifacts alike, so a test binary must build one copy at a time.
pub fn e2e_target() -> PathBuf {
    repository_root().join("target/e2e")
}

/// `cargo` with `args` in a copy of the workspace, building in
/// [`e2e_target`], to adjust before running.
pub fn cargo_command(workspace: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", e2e_target());
    command
}

/// The `codegen` binary with no `DATABASE_URL`, so that it starts a
/// throwaway PostgreSQL where it needs one, building in [`e2e_target`].
pub fn codegen_alone(workspace: &Path, args: &[&str]) -> Output {
    codegen_command(workspace, args)
        .env_remove("DATABASE_URL")
        .env("CARGO_TARGET_DIR", e2e_target())
        .output()
        .expect("the codegen binary runs")
}

/// The standard output of a process that must have succeeded; `what` names
/// it when it did not.
pub fn succeed(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// A URL for a database that does not exist on the server in
/// `DATABASE_URL`: one that has applied no migration.
pub fn absent_database_url() -> String {
    let url = std::env::var("DATABASE_URL").expect(
        "this test asks the PostgreSQL in DATABASE_URL which migrations it applied; set it, \
         or run `bash scripts/test.sh`, which does",
    );
    let server = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(server, _)| server);
    format!("{server}/codegen_absent_{}", std::process::id())
}

/// The process's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The process's standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
