//! `codegen check` on copies of this workspace: in sync as it is, and each
//! way of drifting out of sync found, said with its place and its fix,
//! without changing the tree.

mod support;

use std::path::Path;

use support::{codegen, codegen_command, copy_workspace, e2e_target, snapshot, stderr, stdout};

/// Replace `from` by `to` in the workspace file at `path`.
fn edit(workspace: &Path, path: &str, from: &str, to: &str) {
    let path = workspace.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `check --skip-sqlx`, which must fail without changing the tree; returns
/// what it said.
fn findings(workspace: &Path) -> String {
    let before = snapshot(workspace);
    let output = codegen(workspace, &["check", "--skip-sqlx"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(snapshot(workspace) == before, "check changed the tree");
    let message = stderr(&output);
    // After the progress lines of the scratch database.
    assert!(
        message.contains("error: the workspace is out of sync:\n"),
        "{message}"
    );
    message
}

#[test]
fn this_workspace_is_in_sync() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let output = codegen(dir.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "in sync: 2 entities, their wiring, migrations and schema, formatting, .sqlx of the \
         generated queries (from the model)\n"
    );
    assert!(
        stderr(&output).contains(
            "checked the offline data of 16 generated queries from the model, with no database \
             or build, in "
        ),
        "{}",
        stderr(&output)
    );
    let skipped = codegen(dir.path(), &["check", "--skip-sqlx"]);
    assert_eq!(
        stdout(&skipped),
        "in sync: 2 entities, their wiring, migrations and schema, formatting\n"
    );
    assert_eq!(
        stdout(&codegen(dir.path(), &["check", "--sqlx=none"])),
        stdout(&skipped)
    );
}

/// The `.sqlx` file of the one query whose text holds every one of
/// `parts`.
fn offline_file(workspace: &Path, parts: &[&str]) -> std::path::PathBuf {
    let found: Vec<_> = std::fs::read_dir(workspace.join(".sqlx"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let query = text.lines().nth(2).unwrap();
            parts.iter().all(|part| query.contains(part))
        })
        .collect();
    assert_eq!(found.len(), 1, "{parts:?}: {found:?}");
    found.into_iter().next().unwrap()
}

/// With no database and no build: a missing and a stale file of the
/// generated queries' offline data, each with its entity and method, and
/// `sync` writes them back.
#[test]
fn missing_and_stale_offline_data_is_found_from_the_model() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let lookup = offline_file(dir.path(), &["SELECT", "FROM users", "WHERE user_id = $1"]);
    let count = offline_file(dir.path(), &["COUNT(*)", "FROM user_emails"]);
    std::fs::remove_file(&lookup).unwrap();
    edit(dir.path(), count.to_str().unwrap(), "\"Int8\"", "\"Int4\"");
    let before = snapshot(dir.path());

    let output = codegen(dir.path(), &["check"]);

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(snapshot(dir.path()) == before, "check changed the tree");
    let shown = |path: &Path| path.strip_prefix(dir.path()).unwrap().display().to_string();
    for expected in [
        format!(
            "{}: the offline data of the query of `User::lookup` is missing; run `codegen sync \
             User` to write it",
            shown(&lookup)
        ),
        format!(
            "{}: the offline data of the query of `UserEmail::count` is not what the struct \
             gives; run `codegen sync UserEmail` to rewrite it",
            shown(&count)
        ),
    ] {
        assert!(
            message.contains(&expected),
            "{expected}\nnot in:\n{message}"
        );
    }

    for entity in ["User", "UserEmail"] {
        let sync = codegen(dir.path(), &["sync", entity]);
        assert!(sync.status.success(), "{}", stderr(&sync));
        assert!(
            stdout(&sync).contains("changed 1 file of offline query data in .sqlx")
                || stdout(&sync).contains("created 1 file of offline query data in .sqlx"),
            "{}",
            stdout(&sync)
        );
    }
    let again = codegen(dir.path(), &["check"]);
    assert!(again.status.success(), "{}", stderr(&again));
    // Back to what `cargo sqlx prepare` wrote.
    assert!(
        snapshot(&dir.path().join(".sqlx"))
            == snapshot(&support::reference_workspace().join(".sqlx")),
        ".sqlx differs from the reference's"
    );
}

#[test]
fn a_repository_the_build_script_cannot_wire_is_found() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // The build script wires `PgUserEmailRepository` by its name.
    edit(
        dir.path(),
        "storage/pg/src/user_email.rs",
        "impl UserEmailRepository for PgUserEmailRepository<'_> {",
        "impl UserEmailRepository for PgEmailRepository<'_> {",
    );
    std::fs::remove_file(dir.path().join("storage/core/build.rs")).unwrap();

    let message = findings(dir.path());

    assert!(
        message.contains(
            "storage/core/src/user_email.rs:76: `UserEmailRepository` has no implementation \
             `PgUserEmailRepository` in storage-pg"
        ),
        "{message}"
    );
    assert!(
        message.contains(
            "storage/core/build.rs does not call `codegen::build::write_repository_access`"
        ),
        "{message}"
    );
}

#[test]
fn a_repository_without_its_inline_accessor_is_found() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // Inline wiring, but the source has none: the build scripts write it.
    edit(
        dir.path(),
        "codegen.toml",
        "wiring = \"build-script\"",
        "wiring = \"inline\"",
    );

    let message = findings(dir.path());

    assert!(
        message.contains(
            "no `trait RepositoryAccess` in the storage crate, so no repository is wired"
        ),
        "{message}"
    );
}

#[test]
fn a_struct_the_migrations_do_not_follow_is_found() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    edit(
        dir.path(),
        "storage/data-model/src/user.rs",
        "    pub locked_at: Option<DateTime<Utc>>,",
        "    pub locked_at: Option<DateTime<Utc>>,\n    /// A nickname.\n    pub nickname: Option<String>,",
    );

    let message = findings(dir.path());

    assert!(
        message.contains(
            "the migrations do not give the schema the data-model structs describe; run \
             `codegen migrate diff` to write the migration for:\n  \
             ALTER TABLE users ADD COLUMN nickname TEXT;"
        ),
        "{message}"
    );
}

#[test]
fn an_entity_without_its_migration_is_found() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    std::fs::remove_file(
        dir.path()
            .join("storage/pg/migrations/20261125173737_create_user_emails.sql"),
    )
    .unwrap();

    let message = findings(dir.path());

    assert!(
        message.contains(
            "storage/data-model/src/user_email.rs:10: entity `UserEmail` has no migration that \
             creates its table `user_emails`; add one to storage/pg/migrations \
             (`sqlx migrate add --source storage/pg/migrations create_user_emails`)"
        ),
        "{message}"
    );
}

#[test]
fn a_table_dropped_by_a_later_migration_counts_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    std::fs::write(
        dir.path()
            .join("storage/pg/migrations/20261125173738_drop_user_emails.sql"),
        "DROP TABLE user_emails;\n",
    )
    .unwrap();

    let message = findings(dir.path());

    assert!(
        message.contains("entity `UserEmail` has no migration that creates its table"),
        "{message}"
    );
}

#[test]
fn a_generated_file_that_is_not_rustfmt_clean_is_found() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    edit(
        dir.path(),
        "storage/pg/src/user.rs",
        "impl<'c> PgUserRepository<'c> {",
        "impl<'c>   PgUserRepository<'c>  {",
    );
    edit(
        dir.path(),
        "storage/core/src/lib.rs",
        "pub mod user;",
        "pub   mod user;",
    );

    let message = findings(dir.path());

    assert!(
        message.contains("storage/pg/src/user.rs:27: not rustfmt-clean; run `cargo fmt`"),
        "{message}"
    );
    assert!(
        message.contains("storage/core/src/lib.rs:19: not rustfmt-clean; run `cargo fmt`"),
        "{message}"
    );
}

#[test]
fn every_finding_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    std::fs::remove_file(dir.path().join("storage/pg/build.rs")).unwrap();
    std::fs::remove_file(
        dir.path()
            .join("storage/pg/migrations/20261125173737_create_user_emails.sql"),
    )
    .unwrap();
    edit(
        dir.path(),
        "storage/core/src/lib.rs",
        "pub mod user;",
        "pub   mod user;",
    );

    let message = findings(dir.path());

    assert!(
        message
            .contains("storage/pg/build.rs does not call `codegen::build::write_backend_access`"),
        "{message}"
    );
    assert!(
        message
            .contains("entity `UserEmail` has no migration that creates its table `user_emails`"),
        "{message}"
    );
    assert!(
        message.contains("storage/core/src/lib.rs:19: not rustfmt-clean"),
        "{message}"
    );
}

/// The `.sqlx` check builds the copy against a scratch database on the
/// PostgreSQL in `DATABASE_URL`, in `target/e2e` like the end-to-end test.
#[test]
fn stale_offline_query_data_is_found() {
    let url = std::env::var("DATABASE_URL").expect(
        "the .sqlx check needs the PostgreSQL in DATABASE_URL; set it, or run \
         `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let sqlx_dir = dir.path().join(".sqlx");
    let first = std::fs::read_dir(&sqlx_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .min()
        .unwrap();
    std::fs::remove_file(first).unwrap();
    let before = snapshot(dir.path());

    let output = codegen_command(dir.path(), &["check", "--sqlx=full"])
        .env("DATABASE_URL", &url)
        .env("CARGO_TARGET_DIR", e2e_target())
        .output()
        .unwrap();

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message
            .contains("`.sqlx` does not match the queries: .sqlx is missing one or more queries"),
        "{message}"
    );
    assert!(
        message.contains("run `codegen db prepare` to refresh it"),
        "{message}"
    );
    assert!(snapshot(dir.path()) == before, "check changed the tree");
}

#[test]
fn hand_written_entities_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // A struct of the workspace's own: an id, no derive, no migration, no
    // repository codegen made.
    std::fs::write(
        dir.path().join("storage/data-model/src/session.rs"),
        "//! Sessions, kept by hand.\n\nuse ulid::Ulid;\n\n/// A session.\n\
         #[derive(Debug)]\npub struct Session {\n    /// Its id.\n    pub id: Ulid,\n}\n",
    )
    .unwrap();
    let lib = dir.path().join("storage/data-model/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        text.replacen("mod user;", "mod session;\nmod user;", 1)
            .replacen(
                "pub use self::user::User;",
                "pub use self::session::Session;\npub use self::user::User;",
                1,
            ),
    )
    .unwrap();

    let check = codegen(dir.path(), &["check", "--skip-sqlx"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains("Session"), "{}", stderr(&check));
    let list = stdout(&codegen(dir.path(), &["list"]));
    assert!(!list.contains("Session"), "{list}");
    assert!(list.contains("User (table `users`)"), "{list}");
}
