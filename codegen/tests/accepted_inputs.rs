//! Inputs near the edges that the generator accepts must give a workspace
//! that builds, lints and passes its tests: names the generated tests and
//! implementations use for their own variables, a reference as the only
//! field, two references to one entity, a field name a refusal suggested,
//! a getter named like a method of a derived trait, and entities named like
//! the variables of generated code and of sqlx's macros.
//!
//! Every case is one entity in one copy of this workspace, so that the copy
//! builds once (in `target/e2e`, shared with the other end-to-end tests).
//! Refused inputs are in `bad_input.rs`.

mod support;

use std::path::Path;

use support::{cargo_command, codegen, codegen_alone, copy_workspace, stderr, succeed};

/// Each accepted entity, with what it is about.
const ACCEPTED: &[(&str, &[&str], &str)] = &[
    (
        "Widget",
        &[
            "cx:User",
            "owner:User",
            "repo:User",
            "backup:User?",
            "n:i32",
            "params:String:unique",
            "items:i64:index",
            "type_value:String",
            "default:bool",
            "fresh:bool?",
        ],
        "fields named like the tests' own variables (`cx`, `n`, `params`, `items`, `fresh`), \
         three references to one entity, the name suggested for `type_`, and a getter \
         `default` beside the derived `Default`",
    ),
    (
        "Membership",
        &["member:User"],
        "a reference as the only field: the sample number is unused",
    ),
    (
        "Params",
        &["label:String", "owner:Widget?"],
        "an entity whose module is a parameter of `add`, referencing an entity that references",
    ),
    (
        "Arg0",
        &["label:String:unique", "active:bool"],
        "an entity whose module is a variable of sqlx's query macros",
    ),
];

/// Run cargo in `workspace`, which must succeed.
fn cargo(workspace: &Path, args: &[&str]) -> String {
    let output = cargo_command(workspace, args).output().expect("cargo runs");
    succeed(&output, &format!("cargo {args:?}"))
}

#[test]
fn accepted_edge_inputs_build_lint_and_pass_their_tests() {
    let database_url = std::env::var("DATABASE_URL").expect(
        "this test runs the generated tests against the PostgreSQL in DATABASE_URL; set it, \
         or run `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);

    for (name, fields, about) in ACCEPTED {
        let mut args = vec!["new-entity", name];
        args.extend(*fields);
        let output = codegen(workspace, &args);
        assert!(
            output.status.success(),
            "{name} ({about}) was refused:\n{}",
            stderr(&output)
        );
    }
    // The struct each wrote is read back by the same rules, and agrees.
    for (name, _, _) in ACCEPTED {
        let output = succeed(&codegen(workspace, &["sync", name]), "sync");
        assert!(output.contains("is in sync"), "{name}: {output}");
    }

    succeed(&codegen_alone(workspace, &["db", "prepare"]), "db prepare");
    let storage = ["-p", "data-model", "-p", "storage", "-p", "storage-pg"];
    cargo(
        workspace,
        &[
            &["clippy", "--all-targets"][..],
            &storage,
            &["--", "-D", "warnings"],
        ]
        .concat(),
    );
    let tests = cargo_command(workspace, &["test", "-p", "storage-pg"])
        .env("DATABASE_URL", &database_url)
        .output()
        .unwrap();
    let report = succeed(&tests, "the storage-pg tests");
    for test in [
        "widget::add_then_lookup_round_trips ... ok",
        "widget::list_and_count_for_cx ... ok",
        "widget::list_and_count_with_default ... ok",
        "widget::find_by_params_finds_the_match ... ok",
        "membership::list_and_count_for_member ... ok",
        "params::list_and_count_for_owner ... ok",
        "arg0::label_is_unique ... ok",
        "arg0::update_replaces_every_field ... ok",
    ] {
        assert!(report.contains(test), "`{test}` missing from:\n{report}");
    }
}
