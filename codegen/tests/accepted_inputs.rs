//! Inputs near the edges that the generator accepts must give a workspace
//! that builds, lints and passes its tests: names the generated tests and
//! implementations use for their own variables, a reference as the only
//! field, two references to one entity, a field name a refusal suggested,
//! a getter named like a method of a derived trait, and entities named like
//! the variables of generated code and of sqlx's macros.
//!
//! Beside those fixed cases, a seeded sample of the property test's edge
//! inputs (`support::edges`) that `new-entity` accepts joins them: a few
//! each run, another few each day, the seed in every message, and
//! `CODEGEN_SAMPLE_SEED=<n>` to run one again.
//!
//! Every case is one entity in one copy of this workspace, so that the copy
//! builds once (in `target/e2e`, shared with the other end-to-end tests).
//! Refused inputs are in `bad_input.rs`.

mod support;

use std::path::Path;

use proptest::{
    strategy::{Strategy, ValueTree},
    test_runner::{Config, RngAlgorithm, TestRng, TestRunner},
};
use support::{
    cargo_command, codegen, copy_workspace,
    edges::{edge_entity_name, edge_fields, substitute},
    prepare_changes_no_offline_data, stderr, succeed,
};

/// How many sampled entities each run adds.
const SAMPLED: usize = 3;

/// The sample's seed: `CODEGEN_SAMPLE_SEED`, else the day, so that each
/// day tries another few.
fn sample_seed() -> u64 {
    std::env::var("CODEGEN_SAMPLE_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_secs());
            now / 86_400
        })
}

/// Draws edge entities and adds to `workspace` the first [`SAMPLED`] that
/// `new-entity` accepts, small enough for the tests' sample limits; an
/// `Account` reference (an entity the property test pretends exists) is
/// made one to `UserEmail`. Returns their names.
fn add_sampled_entities(workspace: &Path, seed: u64) -> Vec<String> {
    let mut bytes = [0_u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let strategy = (edge_entity_name(), edge_fields());
    let mut added = Vec::new();
    for _ in 0..2000 {
        if added.len() == SAMPLED {
            break;
        }
        let (name, fields) = strategy.new_tree(&mut runner).unwrap().current();
        if fields.len() > 12 {
            continue;
        }
        let fields: Vec<String> = substitute(&name, &fields)
            .into_iter()
            .map(|field| field.replace(":Account", ":UserEmail"))
            .collect();
        let mut args = vec!["new-entity", name.as_str()];
        args.extend(fields.iter().map(String::as_str));
        let output = codegen(workspace, &args);
        match output.status.code() {
            Some(0) => added.push(name),
            // Refused, changing nothing: the property test checks why.
            Some(2) => {}
            _ => panic!("seed {seed}: {args:?} failed:\n{}", stderr(&output)),
        }
    }
    assert_eq!(
        added.len(),
        SAMPLED,
        "seed {seed}: too few accepted inputs drawn"
    );
    added
}

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
    let seed = sample_seed();
    let sampled = add_sampled_entities(workspace, seed);
    eprintln!("sampled with seed {seed}: {sampled:?}");
    // The struct each wrote is read back by the same rules, and agrees.
    let names = ACCEPTED.iter().map(|(name, _, _)| (*name).to_owned());
    for name in names.chain(sampled.iter().cloned()) {
        let output = succeed(&codegen(workspace, &["sync", &name]), "sync");
        assert!(
            output.contains("is in sync"),
            "seed {seed}, {name}: {output}"
        );
    }

    let what = format!("seed {seed}, sample {sampled:?}");
    prepare_changes_no_offline_data(workspace, &what);
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
    let report = succeed(&tests, &format!("the storage-pg tests ({what})"));
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
    for name in &sampled {
        let test = format!(
            "{}::add_then_lookup_round_trips ... ok",
            codegen::naming::module_name(name)
        );
        assert!(
            report.contains(&test),
            "{what}: `{test}` missing from:\n{report}"
        );
    }
}
