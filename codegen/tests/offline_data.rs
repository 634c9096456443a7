//! The offline query data `new-entity` computes from the model: with no
//! database anywhere the copy builds offline at once, and `db prepare`
//! against a real PostgreSQL then changes nothing under `.sqlx`: every
//! computed file is byte for byte what sqlx-cli writes. (The other
//! end-to-end tests end the same way: edge inputs, renamed crates, inline
//! wiring, `sync` after a struct edit, `destroy-entity`.)
//!
//! The copy builds in `target/e2e`, like every end-to-end test.

mod support;

use support::{
    DEVICE_FIELDS, cargo_command, codegen_command, copy_workspace, prepare_changes_no_offline_data,
    stderr, succeed,
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

    // No database anywhere: no DATABASE_URL, and the macros read `.sqlx`.
    let build = cargo_command(workspace, &["build", "--workspace", "--all-targets"])
        .env_remove("DATABASE_URL")
        .env("SQLX_OFFLINE", "true")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "the copy does not build offline right after new-entity:\n{}",
        stderr(&build)
    );

    prepare_changes_no_offline_data(workspace, "Device, Gadget, Tag and Exist");
}
