//! The whole path on a copy of this workspace: `new-entity` with a field of
//! every type, `db prepare` on a throwaway PostgreSQL, then the result must
//! build with no database, be clippy- and rustfmt-clean, and pass its
//! generated tests against the PostgreSQL in `DATABASE_URL`. A method added
//! by hand to a `#[repository]` trait and its implementation needs no other
//! edit.
//!
//! The copy builds in `target/e2e`, shared by every run, so only the first
//! run compiles the dependencies.

mod support;

use std::path::Path;

use support::{
    DEVICE_FIELDS, cargo_command, codegen, copy_workspace, prepare_changes_no_offline_data,
    reference_workspace, stderr, succeed,
};

/// Every field type, nullable and not, unique and indexed, references
/// nullable and not, and a column named by an SQL reserved word.
const GADGET_FIELDS: [&str; 21] = [
    "label:String:unique",
    "enabled:bool",
    "small:i16",
    "medium:i32:index",
    "large:i64",
    "ratio:f32",
    "precise:f64",
    "external:Uuid:unique",
    "token:Ulid",
    "seen_at:DateTime",
    "made_on:Date",
    "settings:Json",
    "firmware:Bytes",
    "nickname:String?:unique",
    "archived:bool?",
    "retired_on:Date?:index",
    "extra:Json?",
    "checksum:Bytes?",
    "order:i32",
    "device:Device?",
    "owner:User",
];

/// A method a person adds by hand to the generated trait, its PostgreSQL
/// implementation, and a test: `#[repository]` forwards it through the
/// boxed, error-mapped repository with no other edit.
const EXISTS_IN_TRAIT: &str = "
    /// Whether a device with this id exists.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn exists(&mut self, id: Ulid) -> Result<bool, Self::Error>;
";

const EXISTS_IN_PG: &str = "
    async fn exists(&mut self, id: Ulid) -> Result<bool, Self::Error> {
        let found: Option<i32> = sqlx::query_scalar(\"SELECT 1 FROM devices WHERE device_id = $1\")
            .bind(Uuid::from(id))
            .fetch_optional(&mut *self.conn)
            .await?;
        Ok(found.is_some())
    }
";

const EXISTS_TEST: &str = "
#[sqlx::test(migrator = \"storage_pg::MIGRATOR\")]
async fn exists_is_forwarded_by_the_boxed_repository(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let item = add_sample(&mut cx, 0).await;

    assert!(cx.repo.device().exists(item.id).await.unwrap());
    assert!(!cx.repo.device().exists(Ulid::nil()).await.unwrap());
}
";

/// Insert `text` before the closing brace that ends `path`'s last item.
fn insert_before_last_brace(path: &Path, text: &str) {
    let source = std::fs::read_to_string(path).unwrap();
    let body = source
        .trim_end()
        .strip_suffix('}')
        .expect("the file ends with an item");
    std::fs::write(path, format!("{body}{text}}}\n")).unwrap();
}

/// Append `text` to `path`.
fn append(path: &Path, text: &str) {
    let source = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{source}{text}")).unwrap();
}

/// Run cargo in `workspace`, which must succeed.
fn cargo(workspace: &Path, args: &[&str]) -> String {
    let output = cargo_command(workspace, args).output().expect("cargo runs");
    succeed(&output, &format!("cargo {args:?}"))
}

#[test]
fn new_entity_to_passing_tests_on_postgres() {
    let database_url = std::env::var("DATABASE_URL").expect(
        "the end-to-end test runs the generated tests against the PostgreSQL in DATABASE_URL; \
         set it, or run `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);

    for (name, fields) in [
        ("Device", &DEVICE_FIELDS[..]),
        ("Gadget", &GADGET_FIELDS[..]),
    ] {
        let mut args = vec!["new-entity", name];
        args.extend(fields);
        let output = codegen(workspace, &args);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }

    insert_before_last_brace(
        &workspace.join("storage/core/src/device.rs"),
        EXISTS_IN_TRAIT,
    );
    insert_before_last_brace(&workspace.join("storage/pg/src/device.rs"), EXISTS_IN_PG);
    append(
        &workspace.join("storage/pg/tests/repositories/device.rs"),
        EXISTS_TEST,
    );

    // No DATABASE_URL: `db prepare` starts and stops a PostgreSQL itself.
    prepare_changes_no_offline_data(workspace, "Device and Gadget");
    let offline_data = std::fs::read_dir(workspace.join(".sqlx")).unwrap().count();
    let before = std::fs::read_dir(reference_workspace().join(".sqlx"))
        .unwrap()
        .count();
    // Seven checked queries per entity, plus a `find_by` per unique field:
    // Device has one, Gadget three.
    assert_eq!(offline_data, before + (7 + 1) + (7 + 3));

    // Built with SQLX_OFFLINE=true from .cargo/config.toml: no database.
    let storage = ["-p", "data-model", "-p", "storage", "-p", "storage-pg"];
    cargo(
        workspace,
        &[&["build", "--all-targets"][..], &storage].concat(),
    );
    cargo(
        workspace,
        &[
            &["clippy", "--all-targets"][..],
            &storage,
            &["--", "-D", "warnings"],
        ]
        .concat(),
    );
    cargo(workspace, &["fmt", "--all", "--", "--check"]);

    let tests = cargo_command(workspace, &[&["test"][..], &storage].concat())
        .env("DATABASE_URL", &database_url)
        .output()
        .unwrap();
    let report = succeed(&tests, "the storage crates' tests");
    for test in [
        "device::add_then_lookup_round_trips ... ok",
        "device::find_by_name_finds_the_match ... ok",
        "device::name_is_unique ... ok",
        "device::list_and_count_for_owner ... ok",
        "device::list_and_count_with_notes_present ... ok",
        "device::list_paginates_forwards_and_backwards ... ok",
        "device::exists_is_forwarded_by_the_boxed_repository ... ok",
        "gadget::find_by_nickname_finds_the_match ... ok",
        "gadget::list_and_count_with_enabled ... ok",
        "gadget::list_and_count_for_device ... ok",
        "gadget::update_replaces_every_field ... ok",
        "gadget::remove_deletes_only_that_item ... ok",
    ] {
        assert!(report.contains(test), "`{test}` missing from:\n{report}");
    }
}
