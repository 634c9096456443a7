//! Adoption, end to end: in a copy of the MAS-shaped fixture
//! (`tests/fixtures/mas-like`, a workspace codegen did not write, on sqlx
//! 0.8, with pedantic clippy denied, its own forwarding macro, tests inside
//! `src` and `.sqlx` in its PostgreSQL crate), `init` (which writes the
//! test context the crate's tests lack), then `new-entity` twice (the first
//! referencing the hand-written `User`, the second the first) give code
//! that needs no new dependency, is rustfmt-clean under the workspace's
//! settings, passes its lints and its tests against PostgreSQL, and that
//! `check` finds in sync;
//! `db prepare` (sqlx-cli 0.8, in the PostgreSQL crate) writes byte for byte
//! the offline data `new-entity` computed, and `destroy-entity` gives the
//! tree back.
//!
//! sqlx-cli 0.8 is looked for in `CODEGEN_SQLX_CLI_0_8_BIN`, else in
//! `target/tools/sqlx-cli-0.8/bin`, where `scripts/test.sh` installs it. The
//! copy builds in `target/e2e`.

mod support;

use std::{
    collections::BTreeMap,
    ffi::OsString,
    path::{Path, PathBuf},
    process::{Command, Output},
};

use support::{
    EmptyDatabase, cargo_command, codegen_command, differences, repository_root, snapshot, stderr,
    succeed,
};

/// Where `scripts/test.sh` installs sqlx-cli 0.8, which it exports as
/// `CODEGEN_SQLX_CLI_0_8_BIN`, so that a run of the suite in a copy (the
/// command-sequence test's) finds it too.
fn sqlx_cli_0_8() -> PathBuf {
    let bin = std::env::var_os("CODEGEN_SQLX_CLI_0_8_BIN").map_or_else(
        || repository_root().join("target/tools/sqlx-cli-0.8/bin"),
        PathBuf::from,
    );
    assert!(
        bin.join("sqlx").is_file(),
        "this test needs sqlx-cli 0.8 in {}; install it with `cargo install sqlx-cli \
         --version '~0.8.6' --no-default-features --features postgres --locked --root \
         target/tools/sqlx-cli-0.8`, or run `bash scripts/test.sh`, which does",
        bin.display()
    );
    bin
}

/// `PATH` with sqlx-cli 0.8 first.
fn path_with_sqlx_0_8() -> OsString {
    let mut dirs = vec![sqlx_cli_0_8()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// The `codegen` binary in `workspace`, finding sqlx-cli 0.8.
fn codegen_0_8(workspace: &Path, args: &[&str]) -> Command {
    let mut command = codegen_command(workspace, args);
    command
        .env("PATH", path_with_sqlx_0_8())
        .env("CARGO_TARGET_DIR", support::e2e_target());
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the command runs")
}

/// The Cargo manifests of `workspace`, which generated code must leave as
/// they are: it needs no new dependency.
fn manifests(workspace: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(workspace)
        .into_iter()
        .filter(|(path, _)| path.ends_with("Cargo.toml") || path.ends_with("Cargo.lock"))
        .collect()
}

/// What `init` writes besides `codegen.toml` in a crate whose tests share
/// no context: the context, under the workspace's header, declared at the
/// end of the crate root; and the setting that names it.
fn assert_init_wrote_test_context(workspace: &Path, before_init: &BTreeMap<PathBuf, Vec<u8>>) {
    let config = std::fs::read_to_string(workspace.join("codegen.toml")).unwrap();
    assert!(
        config.contains("\ntest-context = \"crate::test_context::Context\"\n"),
        "init did not name the context it wrote:\n{config}"
    );
    let context =
        std::fs::read_to_string(workspace.join("crates/storage-pg/src/test_context.rs")).unwrap();
    assert!(
        context.starts_with(HEADER) && context.contains("pub struct Context {"),
        "init wrote no test context under the header:\n{context}"
    );
    let changed = differences(before_init, &snapshot(workspace));
    assert_eq!(
        changed,
        [
            "codegen.toml".to_owned(),
            "crates/storage-pg/src/lib.rs".to_owned(),
            "crates/storage-pg/src/test_context.rs".to_owned()
        ],
        "init wrote more than its file, the context and its declaration"
    );
    let lib = std::fs::read_to_string(workspace.join("crates/storage-pg/src/lib.rs")).unwrap();
    assert!(
        lib.ends_with("\n\n#[cfg(test)]\nmod test_context;\n"),
        "the context is not declared at the end of the crate root:\n{lib}"
    );
}

/// A reference to the hand-written `UserEmail` is refused, naming the
/// parameter of its `add` that codegen cannot make up, until
/// `[references.UserEmail] add-sample` says how the tests add one.
fn set_how_to_add_a_user_email(workspace: &Path) {
    let before = snapshot(workspace);
    let refused = run(
        codegen_command(workspace, &["new-entity", "Gadget", "contact:UserEmail"])
            .env_remove("DATABASE_URL"),
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let said = stderr(&refused);
    assert!(
        said.contains(
            "`UserEmailRepository::add` takes `user: &User`, which codegen cannot make up"
        ) && said.contains("`[references.UserEmail]`"),
        "{said}"
    );
    assert!(differences(&before, &snapshot(workspace)).is_empty());

    let config = workspace.join("codegen.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[references.UserEmail]\nadd-sample = \"{ let user = cx.repo.user().add(&mut cx.rng, \
         &cx.clock, format!(\\\"owner{fresh}\\\")).await.unwrap(); cx.repo.user_email().add(&mut \
         cx.rng, &cx.clock, &user, format!(\\\"{fresh}@example.com\\\")).await.unwrap() }\"\n",
    );
    std::fs::write(&config, text).unwrap();
}

const HEADER: &str = "// Copyright 2025 Tern Systems Ltd.
//
// SPDX-License-Identifier: Apache-2.0

";

#[test]
fn a_new_entity_in_a_mas_shaped_workspace_builds_lints_tests_and_comes_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    let fixture = repository_root().join("codegen/tests/fixtures/mas-like");
    for (path, bytes) in snapshot(&fixture) {
        let path = workspace.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let before_init = snapshot(workspace);
    succeed(&run(&mut codegen_command(workspace, &["init"])), "init");
    assert_init_wrote_test_context(workspace, &before_init);
    set_how_to_add_a_user_email(workspace);
    let before = snapshot(workspace);
    let dependencies = manifests(workspace);

    for args in [
        &[
            "new-entity",
            "Widget",
            "name:String:unique",
            "notes:String?",
            "weight:i32:index",
            "owner:User",
        ][..],
        &[
            "new-entity",
            "Gizmo",
            "widget:Widget",
            "label:String",
            "contact:UserEmail?",
        ][..],
    ] {
        succeed(
            &run(codegen_command(workspace, args).env_remove("DATABASE_URL")),
            &args.join(" "),
        );
    }
    let generated = snapshot(workspace);
    for (path, bytes) in &generated {
        let shown = path.display().to_string();
        let text = String::from_utf8_lossy(bytes);
        let header = if shown.ends_with(".rs") {
            HEADER.to_owned()
        } else if shown.ends_with(".sql") {
            HEADER.replace("//", "--")
        } else {
            continue;
        };
        assert!(
            before.contains_key(path) || text.starts_with(&header),
            "the new file {shown} does not begin with the workspace's header:\n{text}"
        );
    }
    let widget = std::fs::read_to_string(workspace.join("crates/data-model/src/widget.rs"));
    let widget = widget.unwrap();
    assert!(
        widget.contains("// codegen:entity\n") && !widget.contains("Entity"),
        "the struct is not marked by comments alone:\n{widget}"
    );
    assert!(
        manifests(workspace) == dependencies,
        "new-entity changed a Cargo manifest: generated code must need no new dependency"
    );

    succeed(
        &run(&mut cargo_command(workspace, &["fmt", "--all", "--check"])),
        "cargo fmt --check, under the workspace's rustfmt.toml",
    );
    let clippy = run(cargo_command(
        workspace,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )
    .env("SQLX_OFFLINE", "true"));
    assert!(
        clippy.status.success(),
        "the workspace's own lints (pedantic, clippy.toml) refuse the generated code:\n{}",
        stderr(&clippy)
    );
    let tests = run(cargo_command(workspace, &["test", "--workspace"]).env("SQLX_OFFLINE", "true"));
    let said = succeed(&tests, "cargo test --workspace");
    for module in ["widget", "gizmo"] {
        assert!(
            said.contains(&format!(
                "{module}::tests::add_then_lookup_round_trips ... ok"
            )),
            "the tests of {module} did not run:\n{said}"
        );
    }
    assert!(
        said.contains("user::tests::test_user_add_and_lookup ... ok"),
        "the workspace's own tests did not run:\n{said}"
    );

    succeed(
        &run(codegen_0_8(workspace, &["check"]).env_remove("DATABASE_URL")),
        "check",
    );

    let offline_data = workspace.join("crates/storage-pg/.sqlx");
    let computed = snapshot(&offline_data);
    succeed(
        &run(codegen_0_8(workspace, &["db", "prepare"]).env_remove("DATABASE_URL")),
        "db prepare (sqlx-cli 0.8, in the PostgreSQL crate)",
    );
    let prepared = snapshot(&offline_data);
    let differing = differences(&computed, &prepared);
    assert!(
        differing.is_empty(),
        "sqlx-cli 0.8 wrote other offline data than new-entity computed: {differing:?}"
    );

    // A database that applied nothing: the migration goes with the rest.
    let database = EmptyDatabase::create();
    for name in ["Gizmo", "Widget"] {
        succeed(
            &run(codegen_command(workspace, &["destroy-entity", name])
                .env("DATABASE_URL", database.url())),
            &format!("destroy-entity {name}"),
        );
    }
    let after = snapshot(workspace);
    let changed = differences(&before, &after);
    assert!(
        changed.is_empty(),
        "destroy-entity did not give the tree back: {changed:?}"
    );
}
