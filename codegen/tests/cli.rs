//! The `codegen` binary on copies of this workspace: what it writes, what it
//! refuses, and that a refusal leaves every file as it was.

mod support;

use support::{DEVICE_FIELDS, codegen, copy_workspace, snapshot, stderr, stdout};

/// Run `args` in a fresh copy and assert it fails with exit code 2, changes
/// nothing, and says each of `expected` on stderr.
fn assert_refused(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let before = snapshot(dir.path());

    let output = codegen(dir.path(), args);

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
    for needle in expected {
        assert!(
            message.contains(needle),
            "{args:?}: expected {needle:?} in:\n{message}"
        );
    }
    assert!(snapshot(dir.path()) == before, "{args:?} changed the tree");
}

#[test]
fn new_entity_writes_every_part_and_refuses_to_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);

    let first = codegen(dir.path(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let summary = stdout(&first);
    for path in [
        "created storage/data-model/src/device.rs",
        "changed storage/data-model/src/lib.rs",
        "created storage/core/src/device.rs",
        "created storage/pg/src/device.rs",
        "created storage/pg/tests/repositories/device.rs",
        "changed storage/pg/tests/repositories/main.rs",
    ] {
        assert!(summary.contains(path), "{path} missing from:\n{summary}");
    }
    // The wiring is written by build scripts: no wiring file is touched.
    assert!(!summary.contains("repository.rs"), "{summary}");
    let migration = summary
        .lines()
        .find_map(|line| line.strip_prefix("created storage/pg/migrations/"))
        .expect("a migration is created");
    assert!(migration.ends_with("_create_devices.sql"), "{migration}");

    let after_first = snapshot(dir.path());
    let second = codegen(dir.path(), &args);
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("entity `Device` already exists"),
        "{}",
        stderr(&second)
    );
    assert!(
        snapshot(dir.path()) == after_first,
        "the refused run changed the tree"
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let before = snapshot(dir.path());

    let output = codegen(
        dir.path(),
        &["new-entity", "Tag", "label:String", "--dry-run"],
    );

    assert!(output.status.success(), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("+++ b/storage/data-model/src/tag.rs"),
        "{diff}"
    );
    assert!(diff.contains("+mod tag;"), "{diff}");
    assert!(diff.contains("+pub mod tag;"), "{diff}");
    assert!(diff.contains("dry run: nothing was written"), "{diff}");
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_reserved_sql_word_is_quoted_in_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());

    let output = codegen(
        dir.path(),
        &["new-entity", "Step", "order:i32", "user:User"],
    );

    assert!(output.status.success(), "{}", stderr(&output));
    let migrations = dir.path().join("storage/pg/migrations");
    let migration = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with("_create_steps.sql"))
        .expect("the migration exists");
    let sql = std::fs::read_to_string(migration).unwrap();
    assert!(sql.contains("    \"order\" INTEGER NOT NULL,"), "{sql}");
    assert!(
        sql.contains("    user_id UUID NOT NULL REFERENCES users (user_id)"),
        "{sql}"
    );
    let pg = std::fs::read_to_string(dir.path().join("storage/pg/src/step.rs")).unwrap();
    assert!(pg.contains("\"order\" = $2"), "{pg}");
}

#[test]
fn rust_keywords_are_refused_with_the_reason() {
    assert_refused(
        &["new-entity", "Type", "name:String"],
        &["`type`, a Rust keyword"],
    );
    assert_refused(&["new-entity", "Self", "name:String"], &["`Self`"]);
    assert_refused(
        &["new-entity", "Widget", "type:String", "fn:i32"],
        &["`type` is a Rust keyword", "`fn` is a Rust keyword"],
    );
}

#[test]
fn malformed_names_are_refused() {
    assert_refused(
        &["new-entity", "", "name:String"],
        &["entity name is empty"],
    );
    assert_refused(&["new-entity", "Dévice", "name:String"], &["non-ASCII"]);
    assert_refused(
        &["new-entity", "2Fa", "name:String"],
        &["starts with a digit"],
    );
    assert_refused(
        &["new-entity", "device", "name:String"],
        &["write `Device`"],
    );
    assert_refused(&["new-entity", "Widget", "Name:String"], &["write `name`"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    assert_refused(
        &[
            "new-entity",
            "Widget",
            "label:Strng",
            "owner:Usr",
            "id:Ulid",
            "label:i64",
            "notes?:String",
            "account:Account",
        ],
        &[
            "field 1 `label:Strng`: unknown type `Strng`: did you mean `String`?",
            "field 2 `owner:Usr`: unknown type `Usr`: did you mean `User`?",
            "field 3 `id:Ulid`: every entity already has `id`",
            "field 4 `label:i64`: field `label` is declared twice",
            "field 5 `notes?:String`: `?` goes after the type",
            "field 6 `account:Account`: unknown type `Account`: no entity of that name exists; \
             create it first with `codegen new-entity Account ...`",
        ],
    );
}

#[test]
fn clashes_with_existing_entities_are_refused() {
    assert_refused(
        &["new-entity", "User", "name:String"],
        &["entity `User` already exists"],
    );
    assert_refused(
        &["new-entity", "Page", "name:String"],
        &["type name the generated code already uses"],
    );
    assert_refused(&["new-entity", "Widget"], &["has no fields"]);
}

#[test]
fn two_names_for_one_table_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let person = codegen(dir.path(), &["new-entity", "Person", "name:String"]);
    assert!(person.status.success(), "{}", stderr(&person));
    let before = snapshot(dir.path());

    let people = codegen(dir.path(), &["new-entity", "People", "name:String"]);

    assert_eq!(people.status.code(), Some(2));
    assert!(
        stderr(&people).contains("table `people`, which entity `Person` already uses"),
        "{}",
        stderr(&people)
    );
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn inline_wiring_without_its_anchors_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // This workspace's wiring comes from build scripts: in inline mode there
    // is no `trait RepositoryAccess` in the source to insert into.
    let config = dir.path().join("codegen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("wiring = \"build-script\"", "wiring = \"inline\""),
    )
    .unwrap();
    let before = snapshot(dir.path());

    let output = codegen(dir.path(), &["new-entity", "Tag", "label:String"]);

    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("no file under storage/core/src holds `trait RepositoryAccess`"),
        "{message}"
    );
    assert!(
        snapshot(dir.path()) == before,
        "the refused run changed the tree"
    );
}

#[test]
fn a_missing_workspace_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let output = codegen(dir.path(), &["new-entity", "Device", "name:String"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no `codegen.toml`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn help_teaches_the_field_grammar() {
    let dir = tempfile::tempdir().unwrap();
    let output = codegen(dir.path(), &["new-entity", "--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    assert!(help.contains("<name>:<type>[?][:unique][:index]"), "{help}");
    for ty in [
        "String", "bool", "i16", "i32", "i64", "f32", "f64", "Uuid", "Ulid", "DateTime", "Date",
        "Json", "Bytes",
    ] {
        assert!(help.contains(ty), "{ty} missing from help");
    }
    assert!(
        help.contains("codegen new-entity Device name:String:unique"),
        "{help}"
    );
}
