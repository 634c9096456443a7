//! The `codegen` binary on copies of this workspace: what it writes, what it
//! refuses, and that a refusal leaves every file as it was. The corpus of
//! single bad invocations is in `bad_input.rs`.

mod support;

use support::{DEVICE_FIELDS, codegen, codegen_alone, copy_workspace, snapshot, stderr, stdout};

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

/// `codegen <args>` run on a pseudo-terminal by `script`, as a person at a
/// terminal would run it, with `NO_COLOR` set to `no_color` or unset.
fn on_a_terminal(workspace: &std::path::Path, args: &str, no_color: Option<&str>) -> String {
    let mut command = std::process::Command::new("script");
    command
        .args(["--quiet", "--return", "--command"])
        .arg(format!("{} {args}", env!("CARGO_BIN_EXE_codegen")))
        .arg("/dev/null")
        .current_dir(workspace)
        .stdin(std::process::Stdio::null());
    match no_color {
        Some(value) => command.env("NO_COLOR", value),
        None => command.env_remove("NO_COLOR"),
    };
    let output = command.output().expect("script runs");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn dry_run_diffs_are_coloured_on_a_terminal_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let before = snapshot(dir.path());
    let dry_run = "new-entity Tag label:String --dry-run";

    let coloured = on_a_terminal(dir.path(), dry_run, None);
    assert!(
        coloured.contains("\u{1b}[32m+mod tag;\u{1b}[0m"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\u{1b}[1m+++ b/storage/core/src/tag.rs\u{1b}[0m"),
        "{coloured}"
    );

    let plain = on_a_terminal(dir.path(), dry_run, Some("1"));
    assert!(plain.contains("+mod tag;"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");

    // Into a pipe: plain, unless asked for.
    let piped = codegen(
        dir.path(),
        &["new-entity", "Tag", "label:String", "--dry-run"],
    );
    assert!(!stdout(&piped).contains('\u{1b}'));
    let forced = codegen(
        dir.path(),
        &[
            "new-entity",
            "Tag",
            "label:String",
            "--dry-run",
            "--color=always",
        ],
    );
    assert!(stdout(&forced).contains("\u{1b}[32m+mod tag;"));
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn every_subcommand_has_an_example_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    for subcommand in [
        &["init"][..],
        &["new-entity"],
        &["destroy-entity"],
        &["list"],
        &["check"],
        &["completions"],
        &["db"],
        &["db", "migrate"],
        &["db", "prepare"],
        &["migrate"],
        &["migrate", "diff"],
        &["migrate", "add"],
        &["migrate", "run"],
        &["migrate", "revert"],
        &["sync"],
    ] {
        for help in ["-h", "--help"] {
            let mut args = subcommand.to_vec();
            args.push(help);
            let output = codegen(dir.path(), &args);
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            let text = stdout(&output);
            assert!(text.contains("EXAMPLE"), "{args:?} has no example:\n{text}");
            assert!(text.contains("codegen "), "{args:?}:\n{text}");
        }
    }
}

#[test]
fn completions_are_printed_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "elvish", "fish", "powershell", "zsh"] {
        let output = codegen(dir.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        for word in ["codegen", "new-entity", "destroy-entity", "dry-run"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn list_names_where_each_part_lives() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let output = codegen(dir.path(), &["list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = stdout(&output);
    // The implementation's line, read from the file, as template changes
    // move it.
    let pg_source =
        std::fs::read_to_string(dir.path().join("storage/pg/src/user_email.rs")).unwrap();
    let impl_line = 1 + pg_source
        .lines()
        .position(|line| line.starts_with("impl UserEmailRepository for PgUserEmailRepository"))
        .expect("storage-pg implements UserEmailRepository");
    let postgres = format!("  postgres        storage/pg/src/user_email.rs:{impl_line}\n");
    for line in [
        "User (table `users`)\n  struct          storage/data-model/src/user.rs:10\n",
        "  repository      storage/core/src/user.rs:60\n",
        "  accessors       written at build time by storage/core/build.rs and storage/pg/build.rs\n",
        &postgres,
        "  migration       storage/pg/migrations/20261125173737_create_user_emails.sql\n",
        "  tests           storage/pg/tests/repositories/user_email.rs\n",
    ] {
        assert!(listing.contains(line), "{line:?} missing from:\n{listing}");
    }

    std::fs::remove_file(dir.path().join("storage/pg/tests/repositories/user.rs")).unwrap();
    let listing = stdout(&codegen(dir.path(), &["list"]));
    assert!(listing.contains("  tests           missing\n"), "{listing}");
}

#[test]
fn migrate_run_without_database_url_says_that_no_database_was_migrated() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());

    let output = codegen_alone(dir.path(), &["migrate", "run"]);

    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("starting a throwaway PostgreSQL"), "{said}");
    assert!(
        said.trim_end()
            .ends_with("no database of yours was migrated: set it to the database to migrate"),
        "{said}"
    );
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // As `codegen completions bash | head -c 10` when head is quick: the
    // pipe is closed before codegen writes to it.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[test]
fn the_help_documents_the_exit_codes_and_the_database_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let help = codegen(dir.path(), &["--help"]);
    let text = stdout(&help);
    for line in [
        "1  `check` found the workspace out of sync",
        "2  bad input or usage",
        "3  a problem of the environment",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    let check = stdout(&codegen(dir.path(), &["check", "--help"]));
    assert!(check.contains("--database-url <URL>"), "{check}");
    assert!(check.contains("nearest .env file"), "{check}");
}
