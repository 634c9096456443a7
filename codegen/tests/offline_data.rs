//! The offline query data `new-entity` computes from the model: with no
//! database anywhere the copy builds offline at once, and `db prepare`
//! against a real PostgreSQL then changes nothing under `.sqlx`: every
//! computed file is byte for byte what sqlx-cli writes. (The other
//! end-to-end tests end the same way: edge inputs, renamed crates, inline
//! wiring, `sync` after a struct edit, `destroy-entity`.)
//!
//! The copy builds in `target/e2e`, like every end-to-end test.

mod support;

use std::path::Path;

use support::{
    DEVICE_FIELDS, cargo_command, codegen_command, copy_workspace, prepare_changes_no_offline_data,
    prepare_changes_nothing_in, stderr, succeed,
};

/// Every field type, nullable and not, unique and indexed, references
/// nullable and not, and a column named by an SQL reserved word.
const GADGET_FIELDS: [&str; 21] = [
    "label:String:unique",
    "enabled:bool",
    "small:i16",
    "medium:i32:index",
    "large:i64",
    "ratio:f32:unique",
    "precise:f64",
    "external:Uuid:unique",
    "token:Ulid",
    "seen_at:DateTime:unique",
    "made_on:Date",
    "settings:Json:unique",
    "firmware:Bytes:unique",
    "nickname:String?:unique",
    "archived:bool?",
    "retired_on:Date?:index",
    "extra:Json?",
    "checksum:Bytes?",
    "order:i32",
    "device:Device?",
    "owner:User:unique",
];

/// Runs cargo with `args` in `workspace` with no database anywhere: no
/// `DATABASE_URL`, and the macros read `.sqlx`. `failure` says what it
/// means when it fails.
fn builds_offline(workspace: &Path, args: &[&str], failure: &str) {
    let build = cargo_command(workspace, args)
        .env_remove("DATABASE_URL")
        .env("SQLX_OFFLINE", "true")
        .output()
        .unwrap();
    assert!(build.status.success(), "{failure}:\n{}", stderr(&build));
}

#[test]
fn new_entity_builds_offline_and_its_data_is_what_sqlx_cli_writes() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);

    for (name, fields) in [
        ("Device", &DEVICE_FIELDS[..]),
        ("Gadget", &GADGET_FIELDS[..]),
        // Nothing to filter on, nothing unique.
        ("Tag", &["weight:f64"][..]),
        // A table PostgreSQL prints quoted: `exists` is a key word.
        ("Exist", &["when:DateTime?:index", "time:i64"][..]),
    ] {
        let mut args = vec!["new-entity", name];
        args.extend(fields);
        let output = codegen_command(workspace, &args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        succeed(&output, &format!("new-entity {name}"));
    }

    builds_offline(
        workspace,
        &["build", "--workspace", "--all-targets"],
        "the copy does not build offline right after new-entity",
    );

    prepare_changes_no_offline_data(workspace, "Device, Gadget, Tag and Exist");
}

/// A workspace that keeps `.sqlx` in its PostgreSQL crate, as MAS does:
/// `new-entity` writes the new queries' data there, the macros read it
/// there, and `db prepare` (`cargo sqlx prepare` in that crate) writes the
/// same files.
#[test]
fn offline_data_kept_in_the_pg_crate_is_written_and_prepared_there() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);
    let in_crate = Path::new("storage/pg/.sqlx");
    std::fs::rename(workspace.join(".sqlx"), workspace.join(in_crate)).unwrap();
    let config = workspace.join("codegen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let moved = text.replace(
        "offline-data = \".sqlx\"",
        "offline-data = \"storage/pg/.sqlx\"",
    );
    assert_ne!(moved, text, "the fixture's codegen.toml sets offline-data");
    std::fs::write(&config, moved).unwrap();

    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let output = codegen_command(workspace, &args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    succeed(&output, "new-entity Device");
    assert!(
        !workspace.join(".sqlx").exists(),
        "new-entity wrote offline data into the root"
    );

    builds_offline(
        workspace,
        &["build", "-p", "storage-pg", "--all-targets"],
        "the PostgreSQL crate does not build offline from its own .sqlx",
    );

    prepare_changes_nothing_in(workspace, in_crate, "Device, .sqlx in the PostgreSQL crate");
    assert!(
        !workspace.join(".sqlx").exists(),
        "db prepare wrote offline data into the root"
    );
}
