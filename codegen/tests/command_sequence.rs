//! The test command is the user's too: after a mix of the generator's own
//! commands in a copy of the workspace (two entities of different shapes
//! added, one struct edited and followed by `migrate diff`, `migrate run`
//! and `sync`, `.sqlx` refreshed, the other entity destroyed), the
//! workspace's whole test suite passes there, this test excepted, and
//! `codegen check` finds it in sync.

mod support;

use std::path::Path;

use support::{
    E2E_TARGET_VAR, EmptyDatabase, cargo_command, codegen_command, copy_workspace, e2e_target,
    prepare_changes_no_offline_data, stderr, succeed,
};

/// `codegen` with `args` in `workspace`, on the database at `url`.
fn codegen_on(workspace: &Path, url: &str, args: &[&str]) -> String {
    let output = codegen_command(workspace, args)
        .env("DATABASE_URL", url)
        .output()
        .unwrap();
    succeed(&output, &format!("codegen {args:?}"))
}

fn insert_before_last_brace(path: &Path, text: &str) {
    let source = std::fs::read_to_string(path).unwrap();
    let at = source.rfind('}').unwrap();
    std::fs::write(path, format!("{}{text}{}", &source[..at], &source[at..])).unwrap();
}

#[test]
fn the_test_command_passes_after_the_generators_commands() {
    let database = EmptyDatabase::create();
    let url = database.url().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);

    codegen_on(
        workspace,
        &url,
        &[
            "new-entity",
            "Shipment",
            "tracking:String:unique",
            "weight:i32:index",
            "insured:bool",
            "notes:String?",
            "shipped_on:Date?",
            "shipped_at:DateTime?",
            "payload:Json",
            "owner:User",
        ],
    );
    codegen_on(
        workspace,
        &url,
        &["new-entity", "Parcel", "label:String", "shipment:Shipment"],
    );

    insert_before_last_brace(
        &workspace.join("storage/data-model/src/shipment.rs"),
        "    /// Whether it must be handled with care. Optional.\n    pub fragile: Option<bool>,\n",
    );
    codegen_on(
        workspace,
        &url,
        &["migrate", "diff", "add_shipment_fragile"],
    );
    codegen_on(workspace, &url, &["migrate", "run"]);
    codegen_on(workspace, &url, &["sync", "Shipment"]);
    codegen_on(workspace, &url, &["destroy-entity", "Parcel"]);
    // What sync and destroy-entity left in .sqlx is what sqlx-cli writes.
    prepare_changes_no_offline_data(workspace, "after sync and destroy-entity");

    // The whole suite of the copy, built where copies build; the copies its
    // own tests make build elsewhere, as this build holds that directory.
    let tests = cargo_command(
        workspace,
        &[
            "test",
            "--workspace",
            "--",
            "--skip",
            "the_test_command_passes_after_the_generators_commands",
        ],
    )
    .env("DATABASE_URL", &url)
    .env(E2E_TARGET_VAR, e2e_target().with_file_name("e2e-nested"))
    .output()
    .unwrap();
    let report = succeed(&tests, "the copy's test command");
    assert!(
        report.contains("shipment::list_and_count_for_owner ... ok"),
        "{report}"
    );

    let check = codegen_command(workspace, &["check"])
        .env("DATABASE_URL", &url)
        .env("CARGO_TARGET_DIR", e2e_target())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}
