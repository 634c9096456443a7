//! `[tests] location = "module"`: in a copy of the workspace whose generated
//! tests live in the PostgreSQL crate's sources (as MAS keeps its tests),
//! two entities, one referencing the other, get `src/<entity>/tests.rs`,
//! declared by their own modules; the crate then passes clippy with
//! `-D warnings` and its unit tests run them against PostgreSQL; destroying
//! both gives the tree back.
//!
//! The copy builds in `target/e2e`, like every end-to-end test.

mod support;

use support::{
    EmptyDatabase, cargo_command, codegen_command, copy_workspace, differences,
    handwritten_test_context, snapshot, stderr, succeed,
};

/// The imports of the context a workspace whose tests live in `src`
/// writes for them by hand.
const IMPORTS: &str = "use chrono::Duration;
use data_model::MockClock;
use rand_chacha::{ChaChaRng, rand_core::SeedableRng};
use sqlx::PgPool;
use storage::BoxRepository;

use crate::PgRepository;
";

#[test]
fn generated_tests_in_the_sources_build_lint_pass_and_come_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);
    let config = workspace.join("codegen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let moved = text
        .replace(
            "test-context = \"crate::context::Context\"",
            "test-context = \"crate::test_context::Context\"",
        )
        .replace("location = \"target\"", "location = \"module\"");
    assert_eq!(
        moved.matches("crate::test_context::Context").count()
            + moved.matches("location = \"module\"").count(),
        2,
        "the fixture's codegen.toml sets test-context and the tests' location"
    );
    std::fs::write(&config, moved).unwrap();
    std::fs::write(
        workspace.join("storage/pg/src/test_context.rs"),
        handwritten_test_context("", IMPORTS),
    )
    .unwrap();
    let lib = workspace.join("storage/pg/src/lib.rs");
    let root = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        root.replace(
            "mod errors;\n",
            "mod errors;\n#[cfg(test)]\nmod test_context;\n",
        ),
    )
    .unwrap();
    let before = snapshot(workspace);

    for args in [
        &["new-entity", "Gadget", "label:String:unique", "weight:f64?"][..],
        &["new-entity", "Part", "gadget:Gadget", "name:String:index"][..],
    ] {
        let output = codegen_command(workspace, args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        succeed(&output, &args.join(" "));
    }
    let pg = workspace.join("storage/pg/src");
    for module in ["gadget", "part"] {
        assert!(
            pg.join(module).join("tests.rs").is_file(),
            "no tests of {module}"
        );
        let own = std::fs::read_to_string(pg.join(format!("{module}.rs"))).unwrap();
        assert!(
            own.contains("#[cfg(test)]\npub(crate) mod tests;\n"),
            "{own}"
        );
    }
    assert!(
        !workspace
            .join("storage/pg/tests/repositories/gadget.rs")
            .exists()
    );
    let main = std::fs::read_to_string(workspace.join("storage/pg/tests/repositories/main.rs"));
    assert!(
        !main.unwrap().contains("gadget"),
        "the test target declares the tests"
    );

    let clippy = cargo_command(
        workspace,
        &[
            "clippy",
            "-p",
            "storage-pg",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )
    .env("SQLX_OFFLINE", "true")
    .output()
    .unwrap();
    assert!(clippy.status.success(), "{}", stderr(&clippy));
    let tests = cargo_command(workspace, &["test", "-p", "storage-pg", "--lib"])
        .env("SQLX_OFFLINE", "true")
        .output()
        .unwrap();
    let said = succeed(&tests, "cargo test -p storage-pg --lib");
    for module in ["gadget", "part"] {
        assert!(
            said.contains(&format!(
                "{module}::tests::add_then_lookup_round_trips ... ok"
            )),
            "the tests of {module} did not run:\n{said}"
        );
    }

    // A database that applied nothing: the migrations go with the rest.
    let database = EmptyDatabase::create();
    for name in ["Part", "Gadget"] {
        let output = codegen_command(workspace, &["destroy-entity", name])
            .env("DATABASE_URL", database.url())
            .output()
            .unwrap();
        succeed(&output, &format!("destroy-entity {name}"));
    }
    let after = snapshot(workspace);
    let changed = differences(&before, &after);
    assert!(
        changed.is_empty(),
        "destroy-entity left changes: {changed:?}"
    );
}
