//! `destroy-entity` on copies of this workspace: it gives back the tree
//! `new-entity` started from, refuses to remove a person's edits without
//! `--force`, and undoes the table by deleting or by adding a migration.
//!
//! Which migrations the development database applied is asked of the
//! PostgreSQL in `DATABASE_URL`.

mod support;

use std::path::Path;

use support::{
    DEVICE_FIELDS, EmptyDatabase, codegen, codegen_command, copy_workspace, snapshot, stderr,
    stdout,
};

/// `new-entity Device ...` in `workspace`, which must succeed.
fn add_device(workspace: &Path) {
    let mut args = vec!["new-entity", "Device"];
    args.extend(DEVICE_FIELDS);
    let output = codegen(workspace, &args);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// `destroy-entity` with `args` and `DATABASE_URL` set to `database_url`,
/// or unset.
fn destroy(workspace: &Path, args: &[&str], database_url: Option<&str>) -> std::process::Output {
    let mut all = vec!["destroy-entity"];
    all.extend(args);
    let mut command = codegen_command(workspace, &all);
    match database_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    command.output().unwrap()
}

/// `destroy-entity Device` must refuse with each of `needles` in its
/// message and change nothing; with `--force` it must then give back the
/// `original` tree.
fn assert_refused_until_forced(
    workspace: &Path,
    needles: &[&str],
    original: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
) {
    let before = snapshot(workspace);
    let empty = EmptyDatabase::create();
    let refused = destroy(workspace, &["Device"], Some(empty.url()));

    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let message = stderr(&refused);
    for needle in needles {
        assert!(
            message.contains(needle),
            "{needle:?} missing from:\n{message}"
        );
    }
    assert!(
        snapshot(workspace) == before,
        "the refusal changed the tree"
    );

    let forced = destroy(workspace, &["Device", "--force"], Some(empty.url()));
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(snapshot(workspace) == *original);
}

fn migrations(workspace: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace.join("storage/pg/migrations"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn destroy_after_new_entity_gives_back_the_original_tree() {
    let empty = EmptyDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let original = snapshot(dir.path());
    add_device(dir.path());

    let output = destroy(dir.path(), &["Device"], Some(empty.url()));

    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    for line in [
        "deleted storage/data-model/src/device.rs",
        "changed storage/data-model/src/lib.rs",
        "deleted storage/core/src/device.rs",
        "changed storage/core/src/lib.rs",
        "deleted storage/pg/src/device.rs",
        "changed storage/pg/src/lib.rs",
        "deleted storage/pg/tests/repositories/device.rs",
        "changed storage/pg/tests/repositories/main.rs",
        "it is the newest migration and the database postgres://",
        "(`DATABASE_URL` in the environment) has not applied it",
    ] {
        assert!(summary.contains(line), "{line:?} missing from:\n{summary}");
    }
    assert!(
        snapshot(dir.path()) == original,
        "the tree differs from before new-entity"
    );
}

#[test]
fn an_entity_added_before_another_comes_out_alone() {
    let empty = EmptyDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let original = snapshot(dir.path());
    add_device(dir.path());
    let tag = codegen(dir.path(), &["new-entity", "Tag", "label:String"]);
    assert!(tag.status.success(), "{}", stderr(&tag));

    // Device's migration is not the newest any more: a drop is written.
    let device = destroy(dir.path(), &["Device"], Some(empty.url()));
    assert!(device.status.success(), "{}", stderr(&device));
    assert!(
        stdout(&device).contains("it is not the newest migration"),
        "{}",
        stdout(&device)
    );
    let drop = migrations(dir.path())
        .into_iter()
        .find(|name| name.ends_with("_drop_devices.sql"))
        .expect("a migration drops the table");
    let sql =
        std::fs::read_to_string(dir.path().join("storage/pg/migrations").join(&drop)).unwrap();
    assert!(sql.contains("DROP TABLE devices;"), "{sql}");

    // Tag's is the newest of the ones that create a table, but not of all.
    let tag = destroy(dir.path(), &["Tag"], Some(empty.url()));
    assert!(tag.status.success(), "{}", stderr(&tag));

    // Every Rust file is back as it was.
    let after = snapshot(dir.path());
    let rust_files = |tree: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        tree.iter()
            .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "rs"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect::<Vec<_>>()
    };
    assert!(rust_files(&after) == rust_files(&original));
}

#[test]
fn without_database_url_the_migration_is_kept_and_a_drop_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    add_device(dir.path());
    let created = migrations(dir.path());

    let output = destroy(dir.path(), &["Device"], None);

    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains(
            "codegen cannot tell whether your database has applied it: no `--database-url`, \
             and `DATABASE_URL` is set neither in the environment nor in a `.env` file"
        ),
        "{said}"
    );
    let now = migrations(dir.path());
    assert!(created.iter().all(|name| now.contains(name)));
    assert_eq!(now.len(), created.len() + 1, "{now:?}");
    assert!(now.last().unwrap().ends_with("_drop_devices.sql"));
}

#[test]
fn an_applied_migration_is_kept_and_a_drop_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    add_device(dir.path());
    let empty = EmptyDatabase::create();
    let url = empty.url().to_owned();
    let migrate = codegen_command(dir.path(), &["db", "migrate"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(migrate.status.success(), "{}", stderr(&migrate));

    let output = destroy(dir.path(), &["Device"], Some(&url));

    let dropped = std::process::Command::new("sqlx")
        .args(["database", "drop", "-y"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(dropped.status.success(), "{}", stderr(&dropped));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("has applied it"),
        "{}",
        stdout(&output)
    );
    assert!(
        migrations(dir.path())
            .last()
            .unwrap()
            .ends_with("_drop_devices.sql")
    );
}

#[test]
fn edits_are_refused_without_force_and_removed_with_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let original = snapshot(dir.path());
    add_device(dir.path());
    let pg = dir.path().join("storage/pg/src/device.rs");
    let edited = std::fs::read_to_string(&pg).unwrap() + "\n// A person's note.\n";
    std::fs::write(&pg, edited).unwrap();
    // An inserted line, edited: the module made visible to the crate.
    let lib = dir.path().join("storage/data-model/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        text.replace("\nmod device;", "\npub(crate) mod device;"),
    )
    .unwrap();

    assert_refused_until_forced(
        dir.path(),
        &[
            "nothing was changed",
            "storage/pg/src/device.rs: was edited since `new-entity` wrote it",
            "storage/data-model/src/lib.rs:11: `mod device;` was edited since `new-entity` inserted it",
            "`--force`",
        ],
        &original,
    );
}

#[test]
fn dry_run_shows_the_removal_and_changes_nothing() {
    let empty = EmptyDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    add_device(dir.path());
    let before = snapshot(dir.path());

    let output = destroy(dir.path(), &["Device", "--dry-run"], Some(empty.url()));

    assert!(output.status.success(), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("--- a/storage/data-model/src/device.rs\n+++ /dev/null\n"),
        "{diff}"
    );
    assert!(diff.contains("-mod device;\n"), "{diff}");
    assert!(diff.contains("dry run: nothing was written"), "{diff}");
    assert!(!diff.contains('\u{1b}'), "NO_COLOR is set: {diff}");
    assert!(snapshot(dir.path()) == before);

    let coloured = codegen_command(dir.path(), &["destroy-entity", "Device", "--dry-run"])
        .args(["--color", "always"])
        .env("DATABASE_URL", empty.url())
        .output()
        .unwrap();
    assert!(
        stdout(&coloured).contains("\u{1b}[31m-mod device;\u{1b}[0m"),
        "{}",
        stdout(&coloured)
    );
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn missing_parts_are_refused_without_force_and_skipped_with_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let original = snapshot(dir.path());
    add_device(dir.path());
    std::fs::remove_file(dir.path().join("storage/pg/tests/repositories/device.rs")).unwrap();
    let migration = migrations(dir.path())
        .into_iter()
        .find(|name| name.ends_with("_create_devices.sql"))
        .unwrap();
    std::fs::remove_file(dir.path().join("storage/pg/migrations").join(migration)).unwrap();
    let lib = dir.path().join("storage/core/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, text.replace("pub mod device;\n", "")).unwrap();

    assert_refused_until_forced(
        dir.path(),
        &[
            "storage/pg/tests/repositories/device.rs: no longer exists",
            "storage/core/src/lib.rs: no longer holds `mod device;`",
            "storage/pg/migrations: holds no migration that creates table `devices`",
        ],
        &original,
    );
}

#[test]
fn a_kept_migration_may_differ_from_what_the_struct_renders_now() {
    let empty = EmptyDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    add_device(dir.path());
    let tag = codegen(dir.path(), &["new-entity", "Tag", "label:String"]);
    assert!(tag.status.success(), "{}", stderr(&tag));
    // Device's table evolved in a later migration, as after `migrate diff`;
    // the struct follows, but only the struct counts as a person's edit.
    let create = migrations(dir.path())
        .into_iter()
        .find(|name| name.ends_with("_create_devices.sql"))
        .unwrap();
    let create = dir.path().join("storage/pg/migrations").join(create);
    let created = std::fs::read_to_string(&create).unwrap();
    std::fs::write(
        &create,
        created.replace("    notes TEXT,\n", "    notes TEXT,\n    color TEXT,\n"),
    )
    .unwrap();

    let output = destroy(dir.path(), &["Device"], Some(empty.url()));

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("it is not the newest migration"),
        "{}",
        stdout(&output)
    );
    assert!(
        std::fs::read_to_string(&create)
            .unwrap()
            .contains("    color TEXT,\n"),
        "the kept migration changed"
    );
    assert!(
        migrations(dir.path())
            .last()
            .unwrap()
            .ends_with("_drop_devices.sql")
    );
}
