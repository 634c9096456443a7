//! Schema evolution end to end, on a copy of this workspace: an entity is
//! created, then its struct is edited four times (a field added, made
//! nullable, another renamed, one removed). Each time `migrate diff` writes
//! the migration, `sync` rewrites the generated code, `db prepare` refreshes
//! `.sqlx`, and the entity's tests pass on PostgreSQL. A method written by
//! hand in the trait, its implementation and a test survive every sync, and
//! changes that rows would break are refused with nothing written.

mod support;

use std::path::Path;

use support::{
    cargo_command, codegen, codegen_alone, copy_workspace, prepare_changes_no_offline_data,
    snapshot, stderr, succeed,
};

const STRUCT: &str = "storage/data-model/src/widget.rs";

const HAND_WRITTEN_IN_TRAIT: &str = "
    /// How many widgets have a name starting with `prefix`.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn count_named(&mut self, prefix: &str) -> Result<i64, Self::Error>;
";

const HAND_WRITTEN_IN_PG: &str = "
    async fn count_named(&mut self, prefix: &str) -> Result<i64, Self::Error> {
        let count = sqlx::query_scalar(\"SELECT COUNT(*) FROM widgets WHERE name LIKE $1 || '%'\")
            .bind(prefix)
            .fetch_one(&mut *self.conn)
            .await?;
        Ok(count)
    }
";

const HAND_WRITTEN_TEST: &str = "
#[sqlx::test(migrator = \"storage_pg::MIGRATOR\")]
async fn count_named_counts_by_prefix(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    add_samples(&mut cx, 3).await;

    assert_eq!(cx.repo.widget().count_named(\"name-\").await.unwrap(), 3);
    assert_eq!(cx.repo.widget().count_named(\"other\").await.unwrap(), 0);
}
";

fn edit(workspace: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let path = workspace.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
}

fn before_last_brace(text: String, inserted: &str) -> String {
    let body = text
        .trim_end()
        .strip_suffix('}')
        .expect("ends with an item");
    format!("{body}{inserted}}}\n")
}

/// Diff, sync, prepare, then the entity's tests; returns the test report.
fn round_trip(workspace: &Path, database_url: &str, diff: &[&str]) -> String {
    let mut args = vec!["migrate", "diff"];
    args.extend(diff);
    let written = succeed(&codegen_alone(workspace, &args), "migrate diff");
    assert!(
        written.contains("created storage/pg/migrations/"),
        "{written}"
    );
    succeed(&codegen(workspace, &["sync", "Widget"]), "sync");
    prepare_changes_no_offline_data(workspace, "after sync");

    let fmt = cargo_command(workspace, &["fmt", "--all", "--", "--check"])
        .output()
        .unwrap();
    succeed(&fmt, "cargo fmt --check");
    let widget_tests = [
        "test",
        "-p",
        "storage-pg",
        "--test",
        "repositories",
        "--",
        "widget::",
    ];
    let tests = cargo_command(workspace, &widget_tests)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap();
    let report = succeed(&tests, "the widget tests");
    assert!(
        report.contains("widget::count_named_counts_by_prefix ... ok"),
        "{report}"
    );
    for (path, hand_written) in [
        ("storage/core/src/widget.rs", HAND_WRITTEN_IN_TRAIT),
        ("storage/pg/src/widget.rs", HAND_WRITTEN_IN_PG),
        ("storage/pg/tests/repositories/widget.rs", HAND_WRITTEN_TEST),
    ] {
        let text = std::fs::read_to_string(workspace.join(path)).unwrap();
        assert!(
            text.contains(hand_written),
            "sync lost the hand-written code of {path}"
        );
    }
    report
}

/// `migrate diff` with `args` exits 2 saying `expected`, and writes nothing.
fn assert_refused(workspace: &Path, args: &[&str], expected: &str) {
    let before = snapshot(workspace);
    let mut command = vec!["migrate", "diff"];
    command.extend(args);
    let output = codegen_alone(workspace, &command);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(expected),
        "expected {expected:?} in:\n{}",
        stderr(&output)
    );
    assert!(
        snapshot(workspace) == before,
        "a refused diff changed the tree"
    );
}

#[test]
fn struct_edits_flow_into_migrations_and_code() {
    let database_url = std::env::var("DATABASE_URL").expect(
        "this test runs the generated tests against the PostgreSQL in DATABASE_URL; \
         set it, or run `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);
    let created = codegen(
        workspace,
        &[
            "new-entity",
            "Widget",
            "name:String:unique",
            "colour:String",
            "weight:i32",
        ],
    );
    succeed(&created, "new-entity");
    edit(workspace, "storage/core/src/widget.rs", |text| {
        before_last_brace(text, HAND_WRITTEN_IN_TRAIT)
    });
    edit(workspace, "storage/pg/src/widget.rs", |text| {
        before_last_brace(text, HAND_WRITTEN_IN_PG)
    });
    edit(
        workspace,
        "storage/pg/tests/repositories/widget.rs",
        |text| format!("{text}{HAND_WRITTEN_TEST}"),
    );

    // A field added: nullable goes in as it is; NOT NULL needs a default.
    edit(workspace, STRUCT, |text| {
        before_last_brace(
            text,
            "    /// A note.\n    pub note: Option<String>,\n    /// The rank.\n    pub rank: i64,\n",
        )
    });
    assert_refused(
        workspace,
        &["add_note_and_rank"],
        "pass `--default widgets.rank=<SQL value>`",
    );
    let report = round_trip(
        workspace,
        &database_url,
        &["add_note_and_rank", "--default", "widgets.rank=0"],
    );
    assert!(
        report.contains("widget::list_and_count_with_note_present ... ok"),
        "{report}"
    );

    // The new field made nullable.
    edit(workspace, STRUCT, |text| {
        text.replace("pub rank: i64,", "pub rank: Option<i64>,")
    });
    let report = round_trip(workspace, &database_url, &["rank_optional", "--reversible"]);
    assert!(
        report.contains("widget::list_and_count_with_rank_present ... ok"),
        "{report}"
    );

    // Another renamed, after a type change that needs a cast is refused.
    edit(workspace, STRUCT, |text| {
        text.replace("pub weight: i32,", "pub weight: String,")
    });
    assert_refused(
        workspace,
        &[],
        "pass `--using widgets.weight=<SQL expression>`",
    );
    edit(workspace, STRUCT, |text| {
        text.replace("pub weight: String,", "pub weight: i32,")
    });
    edit(workspace, STRUCT, |text| {
        text.replace(
            "    pub colour: String,",
            "    #[entity(renamed_from = \"colour\")]\n    pub color: String,",
        )
    });
    round_trip(workspace, &database_url, &["rename_colour"]);
    let migrations = std::fs::read_dir(workspace.join("storage/pg/migrations"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        migrations.contains("ALTER TABLE widgets RENAME COLUMN colour TO color;"),
        "{migrations}"
    );

    // One removed.
    edit(workspace, STRUCT, |text| {
        text.replace("    /// The weight.\n    pub weight: i32,\n", "")
    });
    round_trip(workspace, &database_url, &["drop_weight"]);

    let settled = codegen_alone(workspace, &["migrate", "diff"]);
    let settled = succeed(&settled, "the last migrate diff");
    assert!(settled.contains("nothing to write"), "{settled}");
}
