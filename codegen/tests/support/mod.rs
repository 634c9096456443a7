//! Shared by the integration tests: copies of this workspace to work on, and
//! snapshots of a tree to prove it unchanged.

#![allow(
    dead_code,
    reason = "each test binary uses its own part of the support"
)]

pub mod edges;

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

/// The reference workspace the tests own: a pinned copy of this
/// repository's workspace files and reference stack (`Cargo.toml`,
/// `codegen.toml`, `.cargo/`, `storage/`, `.sqlx/`), so that what a user
/// adds to the live `storage/` crates never changes what a test sees.
/// `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` refreshes its
/// generated files.
pub fn reference_workspace() -> PathBuf {
    repository_root().join("codegen/tests/fixtures/reference")
}

/// A workspace to test in, at `dest`: the toolkit as it is in this
/// repository (`codegen/`, `macros/`, `templates/`, `Cargo.lock`), around
/// the [`reference_workspace`].
pub fn copy_workspace(dest: &Path) {
    let root = repository_root();
    for toolkit in ["codegen", "macros", "templates"] {
        copy_dir(&root.join(toolkit), &dest.join(toolkit));
    }
    std::fs::copy(root.join("Cargo.lock"), dest.join("Cargo.lock")).unwrap();
    copy_dir(&reference_workspace(), dest);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        // Build output and history. The pinned workspace stays, at its
        // place too: the copy's own tests work on it.
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

/// Overrides [`e2e_target`].
pub const E2E_TARGET_VAR: &str = "CODEGEN_E2E_TARGET";

/// The target directory every copy of this workspace builds in, so that
/// only the first build compiles the dependencies. Copies name their
/// artifacts alike, so a test binary must build one copy at a time.
pub fn e2e_target() -> PathBuf {
    // A run of the test suite inside a copy (the command-sequence test)
    // points its copies elsewhere, as its own build holds this directory.
    std::env::var_os(E2E_TARGET_VAR)
        .map_or_else(|| repository_root().join("target/e2e"), PathBuf::from)
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

/// An empty database of the test's own on the server in `DATABASE_URL`:
/// one that exists and has applied no migration. Dropped with the guard.
pub struct EmptyDatabase {
    name: String,
    url: String,
}

impl EmptyDatabase {
    /// Creates it.
    pub fn create() -> Self {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "codegen_empty_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut server = server_connection();
        server
            .execute(format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        server.execute(format!("CREATE DATABASE {name}")).unwrap();
        server.close();
        let url = server_target()
            .with_database(&name)
            .unwrap()
            .without_password();
        Self { name, url }
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        let mut server = server_connection();
        let _ = server.execute(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
        server.close();
    }
}

fn server_target() -> codegen::db::Target {
    let url = std::env::var("DATABASE_URL").expect(
        "this test makes a database on the PostgreSQL in DATABASE_URL; set it, or run \
         `bash scripts/test.sh`, which does",
    );
    codegen::db::Target::parse(&url, codegen::db::Origin::Flag).unwrap()
}

fn server_connection() -> codegen::db::Connected {
    codegen::db::Connected::open(&server_target()).unwrap_or_else(|error| panic!("{error}"))
}

/// The process's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The process's standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `codegen db prepare` on a throwaway PostgreSQL (see [`codegen_alone`]),
/// which must leave `.sqlx` byte for byte as it was: the offline data that
/// `new-entity`, `sync` and `destroy-entity` computed from the model is
/// what sqlx-cli writes after asking PostgreSQL, no file more, none less.
/// `what` names the workspace in a failure.
pub fn prepare_changes_no_offline_data(workspace: &Path, what: &str) {
    prepare_changes_nothing_in(workspace, Path::new(".sqlx"), what);
}

/// As [`prepare_changes_no_offline_data`], for a workspace that keeps its
/// offline data in `offline_data` (relative to the workspace).
pub fn prepare_changes_nothing_in(workspace: &Path, offline_data: &Path, what: &str) {
    let dir = workspace.join(offline_data);
    let before = snapshot(&dir);
    succeed(
        &codegen_alone(workspace, &["db", "prepare"]),
        &format!("db prepare ({what})"),
    );
    let after = snapshot(&dir);
    let mut differences = Vec::new();
    for (path, bytes) in &after {
        match before.get(path) {
            None => differences.push(format!(
                "sqlx-cli wrote {} too:\n{}",
                path.display(),
                String::from_utf8_lossy(bytes)
            )),
            Some(computed) if computed != bytes => {
                let (computed, written) = (
                    String::from_utf8_lossy(computed),
                    String::from_utf8_lossy(bytes),
                );
                let line = computed
                    .lines()
                    .zip(written.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(|| "in length".to_owned(), |n| format!("at line {}", n + 1));
                differences.push(format!(
                    "{} differs {line}; computed:\n{computed}\nsqlx-cli wrote:\n{written}",
                    path.display()
                ));
            }
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|path| !after.contains_key(*path)) {
        differences.push(format!("sqlx-cli did not write {}", path.display()));
    }
    assert!(
        differences.is_empty(),
        "{what}: the computed offline data is not what sqlx-cli writes:\n{}",
        differences.join("\n")
    );
}

/// The files that differ between two snapshots of one tree: changed or
/// added in `after`, and those `after` lacks, marked `(removed)`.
pub fn differences(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.display().to_string())
        .chain(
            before
                .keys()
                .filter(|path| !after.contains_key(*path))
                .map(|path| format!("{} (removed)", path.display())),
        )
        .collect()
}

/// The test context a workspace whose tests live in its PostgreSQL crate's
/// sources writes by hand (the README says what it holds), under `header`
/// and with `imports`, which must bring `Duration` (chrono's), `MockClock`,
/// `ChaChaRng`, `SeedableRng`, `PgPool`, `BoxRepository` and `PgRepository`
/// into scope.
pub fn handwritten_test_context(header: &str, imports: &str) -> String {
    format!(
        "{header}//! What the generated repository tests start from.

{imports}
/// A unit of work on the test's database, with a seeded rng and a clock
/// that moves only when told.
pub struct Context {{
    /// The repository under test.
    pub repo: BoxRepository,
    /// A seeded rng.
    pub rng: ChaChaRng,
    /// A clock that moves only when told.
    pub clock: MockClock,
    next_sample: u8,
}}

impl Context {{
    /// A context on a connection from `pool`.
    pub async fn new(pool: &PgPool) -> Self {{
        Self {{
            repo: PgRepository::from_pool(pool).await.unwrap().boxed(),
            rng: ChaChaRng::seed_from_u64(42),
            clock: MockClock::default(),
            next_sample: 100,
        }}
    }}

    /// Step the clock, so that later ids sort after earlier ones.
    pub fn tick(&self) {{
        self.clock.advance(Duration::seconds(1));
    }}

    /// A sample number no other sample of this test uses.
    pub fn fresh_sample(&mut self) -> u8 {{
        let n = self.next_sample;
        self.next_sample = n.checked_add(1).unwrap();
        n
    }}
}}
"
    )
}
