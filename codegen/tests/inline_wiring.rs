//! Inline wiring, end to end: a workspace laid out as `crates/*` whose
//! `RepositoryAccess` wiring is kept by hand (the fixture under
//! `tests/fixtures/inline-wiring`) gets a new entity. `new-entity` inserts
//! the accessors in place, every other byte of the wiring stays as it was,
//! and the result is rustfmt-clean, builds, and passes its tests on the
//! PostgreSQL in `DATABASE_URL`.

mod support;

use std::path::Path;

use similar::{DiffOp, TextDiff};
use support::{
    DEVICE_FIELDS, cargo_command, codegen, copy_workspace, prepare_changes_no_offline_data,
    repository_root, stderr, stdout, succeed,
};

const WIRING_FILES: [&str; 2] = [
    "crates/storage/src/repository.rs",
    "crates/storage-pg/src/repository.rs",
];

/// This workspace, moved to the `crates/` layout, with the hand-kept wiring
/// of the fixture instead of the build scripts.
fn assemble(workspace: &Path) {
    copy_workspace(workspace);
    std::fs::create_dir(workspace.join("crates")).unwrap();
    for (from, to) in [
        ("storage/data-model", "crates/data-model"),
        ("storage/core", "crates/storage"),
        ("storage/pg", "crates/storage-pg"),
    ] {
        std::fs::rename(workspace.join(from), workspace.join(to)).unwrap();
    }
    std::fs::remove_dir(workspace.join("storage")).unwrap();

    let manifest = workspace.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("\"storage/data-model\"", "\"crates/data-model\"")
        .replace("\"storage/core\"", "\"crates/storage\"")
        .replace("\"storage/pg\"", "\"crates/storage-pg\"");
    std::fs::write(&manifest, text).unwrap();

    for krate in ["crates/storage", "crates/storage-pg"] {
        std::fs::remove_file(workspace.join(krate).join("build.rs")).unwrap();
        let manifest = workspace.join(krate).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, without_section(&text, "[build-dependencies]")).unwrap();
    }

    let fixture = repository_root().join("codegen/tests/fixtures/inline-wiring");
    for file in ["codegen.toml", WIRING_FILES[0], WIRING_FILES[1]] {
        std::fs::copy(fixture.join(file), workspace.join(file)).unwrap();
    }
}

/// `manifest` without the table that starts at the line `header`.
fn without_section(manifest: &str, header: &str) -> String {
    let mut inside = false;
    let mut kept = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line == header;
        }
        if !inside {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

fn cargo(workspace: &Path, args: &[&str], database_url: Option<&str>) -> String {
    let mut command = cargo_command(workspace, args);
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let output = command.output().expect("cargo runs");
    succeed(&output, &format!("cargo {args:?}"))
}

#[test]
fn new_entity_edits_hand_kept_wiring_in_place() {
    let database_url = std::env::var("DATABASE_URL").expect(
        "this test runs the generated tests against the PostgreSQL in DATABASE_URL; \
         set it, or run `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    assemble(workspace);
    let before: Vec<String> = WIRING_FILES
        .iter()
        .map(|file| std::fs::read_to_string(workspace.join(file)).unwrap())
        .collect();

    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let output = codegen(workspace, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.contains("created crates/storage-pg/migrations/"),
        "{summary}"
    );

    for (file, before) in WIRING_FILES.iter().zip(&before) {
        let after = std::fs::read_to_string(workspace.join(file)).unwrap();
        assert!(summary.contains(&format!("changed {file}")), "{summary}");
        assert!(
            after.contains("fn device<'c>"),
            "{file} has no accessor:\n{after}"
        );
        let diff = TextDiff::from_lines(before.as_str(), after.as_str());
        for op in diff.ops() {
            assert!(
                matches!(op, DiffOp::Equal { .. } | DiffOp::Insert { .. }),
                "{file}: new-entity changed lines it did not insert: {op:?}"
            );
        }
    }

    prepare_changes_no_offline_data(workspace, "inline wiring");

    cargo(workspace, &["fmt", "--all", "--", "--check"], None);
    let storage = ["-p", "data-model", "-p", "storage", "-p", "storage-pg"];
    let report = cargo(
        workspace,
        &[&["test"][..], &storage].concat(),
        Some(&database_url),
    );
    for test in [
        "device::add_then_lookup_round_trips ... ok",
        "device::list_and_count_for_owner ... ok",
        "user::add_then_lookup_round_trips ... ok",
    ] {
        assert!(report.contains(test), "`{test}` missing from:\n{report}");
    }
}
