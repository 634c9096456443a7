//! `codegen init`: on this repository it prints the repository's own
//! `codegen.toml`, byte for byte; on a workspace of other names and layout
//! (the fixture under `tests/fixtures/init-acme`) it finds every crate and
//! runtime item, and writes a file the generator accepts; what it cannot
//! find it says so, and without the crates it needs it writes nothing.

mod support;

use std::path::Path;

use codegen::{
    Workspace,
    config::{EntityMarks, Forwarding, ItemPath, Wiring},
};
use support::{codegen, copy_workspace, repository_root, snapshot, stderr, stdout};

/// The fixture workspace `tests/fixtures/<name>`, copied into `dest`.
fn fixture(name: &str, dest: &Path) {
    let fixture = repository_root().join("codegen/tests/fixtures").join(name);
    for (path, bytes) in snapshot(&fixture) {
        let path = dest.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The fixture of other names and layout, copied into `dest`.
fn acme(dest: &Path) {
    fixture("init-acme", dest);
}

#[test]
fn on_this_repository_it_prints_the_repositorys_own_codegen_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // The copy's, which is this repository's codegen.toml as the pinned
    // reference workspace keeps it.
    let expected = std::fs::read_to_string(dir.path().join("codegen.toml")).unwrap();
    let before = snapshot(dir.path());
    let output = codegen(dir.path(), &["init", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output) == expected,
        "`codegen init --dry-run` no longer prints this repository's codegen.toml; if the \
         change is meant, refresh it with `cargo run -p codegen -- --workspace \
         codegen/tests/fixtures/reference init --force` (and the live one with `cargo run -p \
         codegen -- init --force`) and review the diff:\n{}",
        stdout(&output)
    );
    assert_eq!(stderr(&output), "", "everything is found here");
    assert!(snapshot(dir.path()) == before, "a dry run writes nothing");
}

#[test]
fn on_another_layout_it_finds_every_crate_and_runtime_item() {
    let dir = tempfile::tempdir().unwrap();
    acme(dir.path());
    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "created codegen.toml\n");
    assert_eq!(stderr(&output), "", "everything is found in the fixture");

    let workspace = Workspace::load(dir.path()).unwrap();
    let root = dir.path();
    assert_eq!(workspace.data_model, root.join("crates/acme-model"));
    assert_eq!(workspace.storage, root.join("crates/acme-storage"));
    assert_eq!(workspace.storage_pg, root.join("crates/acme-storage-pg"));
    assert_eq!(
        workspace.migrations,
        root.join("crates/acme-storage-pg/db/migrations")
    );
    assert_eq!(workspace.wiring, Wiring::Inline);
    let runtime = &workspace.runtime;
    assert_eq!(runtime.crates.data_model, "model");
    assert_eq!(runtime.crates.storage, "acme_storage");
    assert_eq!(runtime.crates.storage_pg, "acme_storage_pg");
    assert_eq!(runtime.pg_connection, "self.conn.as_mut()");
    let paths: Vec<(&str, &str)> = runtime
        .entries()
        .into_iter()
        .map(|(key, path)| (key, path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("clock", "model::time::Clock"),
            ("new-id", "model::new_id"),
            ("rng", "rand_core::RngCore"),
            ("entity", "model::entity::Entity"),
            ("page", "acme_storage::pagination::Page"),
            ("node", "acme_storage::pagination::Node"),
            ("pagination", "acme_storage::pagination::Pagination"),
            (
                "pagination-direction",
                "acme_storage::pagination::PaginationDirection"
            ),
            ("repository-attribute", "acme_storage::repository"),
            ("repository-access", "acme_storage::RepositoryAccess"),
            ("map-err", "acme_storage::MapErr"),
            ("database-error", "acme_storage_pg::DatabaseError"),
            (
                "inconsistency-error",
                "acme_storage_pg::DatabaseInconsistencyError"
            ),
            ("migrator", "acme_storage_pg::schema::MIGRATOR"),
            ("test-context", "crate::common::Context"),
        ]
    );

    let written = std::fs::read_to_string(root.join("codegen.toml")).unwrap();
    for comment in [
        "# found: `trait RepositoryAccess` in crates/acme-storage/src/repository.rs.",
        "# found: crates/acme-storage has no build.rs that calls `codegen::build::`.",
        "# found: `pub trait Clock` in crates/acme-model/src/time/clock.rs, re-exported",
        "# found: `struct Context` in crates/acme-storage-pg/tests/common/mod.rs.",
    ] {
        assert!(written.contains(comment), "{comment}\n{written}");
    }
    let again = codegen(root, &["init", "--dry-run"]);
    assert!(
        stdout(&again) == written,
        "the same tree gives the same bytes"
    );
}

/// The fixture as a workspace that forwards its traits with its own
/// `macro_rules!` macro and traces its queries, as
/// matrix-authentication-service does: the attribute's re-export gone, an
/// exported macro in a module of the storage crate, and an extension trait
/// with `fn traced(self)` in a private module of the PostgreSQL crate.
fn acme_with_macro_and_tracing(dest: &Path) {
    acme(dest);
    let edit = |path: &str, from: &str, to: &str| {
        let path = dest.join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{} holds {from:?}", path.display());
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let storage = "crates/acme-storage/src";
    edit(
        &format!("{storage}/repository.rs"),
        "pub use acme_macros::repository;\n",
        "",
    );
    edit(
        &format!("{storage}/lib.rs"),
        "repository::{RepositoryAccess, repository},",
        "repository::RepositoryAccess,",
    );
    edit(
        &format!("{storage}/lib.rs"),
        "mod repository;\n",
        "mod repository;\npub mod utils;\n",
    );
    edit(
        &format!("{storage}/account.rs"),
        "    repository,\n",
        "    repository_impl,\n",
    );
    edit(&format!("{storage}/account.rs"), "#[repository]\n", "");
    std::fs::write(
        dest.join(storage).join("utils.rs"),
        "/// Implements a repository trait for `Box<R>`.\n\
         #[macro_export]\n\
         macro_rules! repository_impl {\n    \
             ($t:ident: $(async fn $m:ident(&mut self $(, $a:ident: $ty:ty)* $(,)?) -> \
             Result<$r:ty, Self::Error>;)*) => {\n        \
                 #[::async_trait::async_trait]\n        \
                 impl<R: ?Sized + $t> $t for ::std::boxed::Box<R> {\n            \
                     type Error = R::Error;\n            \
                     $(async fn $m(&mut self $(, $a: $ty)*) -> Result<$r, Self::Error> {\n                \
                         (**self).$m($($a),*).await\n            \
                     })*\n        \
                 }\n    \
             };\n\
         }\n",
    )
    .unwrap();
    let pg = "crates/acme-storage-pg/src";
    edit(
        &format!("{pg}/lib.rs"),
        "mod errors;\n",
        "mod errors;\nmod tracing;\n",
    );
    std::fs::write(
        dest.join(pg).join("tracing.rs"),
        "/// Records a query's SQL on the current span.\n\
         pub trait ExecuteExt: Sized {\n    \
             fn traced(self) -> Self {\n        \
                 self\n    \
             }\n\
         }\n",
    )
    .unwrap();
}

#[test]
fn a_forwarding_macro_and_a_query_tracing_trait_are_found_and_written_with_where() {
    let dir = tempfile::tempdir().unwrap();
    acme_with_macro_and_tracing(dir.path());
    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "everything is found");

    let written = std::fs::read_to_string(dir.path().join("codegen.toml")).unwrap();
    let unwrapped = written.replace("\n# ", " ");
    for setting in [
        "signature. found: `#[macro_export] macro_rules! repository_impl` in \
         crates/acme-storage/src/utils.rs, which implements its trait for `Box<R>`.\n\
         repository-macro = \"acme_storage::repository_impl\"\n",
        "`db.query.text`. found: `trait ExecuteExt`, whose `fn traced(self)` traces a query, in \
         crates/acme-storage-pg/src/tracing.rs; only `acme_storage_pg` itself can use this path, \
         as it is not `pub` all the way.\nquery-tracing = \"acme_storage_pg::tracing::ExecuteExt\"\n",
    ] {
        assert!(unwrapped.contains(setting), "{setting}\n{written}");
    }
    assert!(!written.contains("repository-attribute"), "{written}");

    let runtime = Workspace::load(dir.path()).unwrap().runtime;
    assert_eq!(
        runtime.forwarding,
        Forwarding::Macro(ItemPath::new("acme_storage::repository_impl").unwrap())
    );
    assert_eq!(
        runtime.query_tracing,
        ItemPath::new("acme_storage_pg::tracing::ExecuteExt")
    );
}

#[test]
fn without_either_forwarding_it_names_both_and_without_tracing_it_says_so_quietly() {
    let dir = tempfile::tempdir().unwrap();
    acme_with_macro_and_tracing(dir.path());
    std::fs::write(dir.path().join("crates/acme-storage/src/utils.rs"), "").unwrap();
    std::fs::write(dir.path().join("crates/acme-storage-pg/src/tracing.rs"), "").unwrap();

    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = stderr(&output);
    assert!(
        warnings.contains(
            "`runtime.repository-attribute` not found: no `pub use …::repository` of another \
             crate in crates/acme-storage/src, and no `#[macro_export] macro_rules!` that \
             implements a trait for `Box<R>` in crates/acme-storage/src;"
        ),
        "{warnings}"
    );
    assert!(!warnings.contains("query-tracing"), "optional: {warnings}");
    let written = std::fs::read_to_string(dir.path().join("codegen.toml")).unwrap();
    assert!(
        written.replace("\n# ", " ").contains(
            "`db.query.text`. not found: no trait with a method `fn traced(self)` in \
             crates/acme-storage-pg/src; optional, and generated code goes without it.\n"
        ),
        "{written}"
    );
    assert_eq!(
        Workspace::load(dir.path()).unwrap().runtime.query_tracing,
        None
    );
}

#[test]
fn what_it_cannot_find_is_commented_out_and_named_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    acme(dir.path());
    std::fs::remove_dir_all(dir.path().join("crates/acme-storage-pg/tests")).unwrap();
    std::fs::write(dir.path().join("crates/acme-model/src/entity.rs"), "").unwrap();

    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = stderr(&output);
    // Without a derive, comments mark the entities: nothing to warn of.
    assert!(!warnings.contains("runtime.entity"), "{warnings}");
    assert!(
        warnings.contains("no `struct Context` in crates/acme-storage-pg/tests"),
        "{warnings}"
    );
    let written = std::fs::read_to_string(dir.path().join("codegen.toml")).unwrap();
    // The comments as prose, whatever their wrapping.
    let unwrapped = written.replace("\n# ", " ");
    assert!(
        unwrapped.contains(
            "tests. not found: no `struct Context` in crates/acme-storage-pg/tests; set it by \
             hand. Until then codegen uses: test-context = \"crate::context::Context\"\n"
        ),
        "{written}"
    );
    assert!(written.contains("\n# test-context = \"crate::context::Context\"\n"));
    assert!(
        written.contains("\nentity-marks = \"comments\"\n"),
        "{written}"
    );
    assert!(!written.contains("\nentity = "), "{written}");
    let workspace = Workspace::load(dir.path()).unwrap();
    assert_eq!(workspace.runtime.entity_marks, EntityMarks::Comments);
}

#[test]
fn without_a_storage_crate_it_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    acme(dir.path());
    std::fs::write(
        dir.path().join("crates/acme-storage/src/repository.rs"),
        "pub use acme_macros::repository;\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    for args in [&["init"][..], &["init", "--dry-run"]] {
        let output = codegen(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains("`codegen init` found no storage crate among the members of"),
            "{message}"
        );
        assert!(
            message.contains(
                "a member that defines `trait RepositoryAccess` in its `src/`, or whose \
                 build.rs writes it with `codegen::build::write_repository_access`"
            ),
            "{message}"
        );
        assert!(message.contains("nothing was written"), "{message}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(snapshot(dir.path()) == before, "{args:?} changed the tree");
    }
}

#[test]
fn without_a_postgresql_crate_it_refuses_naming_what_it_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    acme(dir.path());
    std::fs::write(
        dir.path().join("crates/acme-storage-pg/src/schema.rs"),
        "pub static MIGRATOR: u8 = 0;\n",
    )
    .unwrap();
    let output = codegen(dir.path(), &["init", "--dry-run"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(
            "found no PostgreSQL crate among the members of `{}`"
                .replace("{}", &dir.path().join("Cargo.toml").display().to_string())
                .as_str()
        ),
        "{message}"
    );
    assert!(
        message.contains("embeds its migrations with `sqlx::migrate!`"),
        "{message}"
    );
}

#[test]
fn an_existing_codegen_toml_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    acme(dir.path());
    let config = dir.path().join("codegen.toml");
    std::fs::write(&config, "# mine\n").unwrap();
    let before = snapshot(dir.path());

    let refused = codegen(dir.path(), &["init"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(message.contains("exists already"), "{message}");
    assert!(message.contains("`codegen init --force`"), "{message}");
    assert!(
        snapshot(dir.path()) == before,
        "the refusal changed the tree"
    );

    let shown = codegen(dir.path(), &["init", "--dry-run"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(
        snapshot(dir.path()) == before,
        "the dry run changed the tree"
    );

    let forced = codegen(dir.path(), &["init", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(stdout(&forced), "replaced codegen.toml\n");
    assert!(std::fs::read_to_string(&config).unwrap() == stdout(&shown));
}

#[test]
fn a_directory_that_is_not_a_workspace_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = codegen(dir.path(), &["init", "--dry-run"]);
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));
    assert!(
        stderr(&empty).contains("no `Cargo.toml` in"),
        "{}",
        stderr(&empty)
    );

    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"one\"\n").unwrap();
    let package = codegen(dir.path(), &["init"]);
    assert_eq!(package.status.code(), Some(2), "{}", stderr(&package));
    assert!(
        stderr(&package).contains("has no `[workspace]`"),
        "{}",
        stderr(&package)
    );
    assert!(!dir.path().join("codegen.toml").exists());
}

#[test]
fn on_a_mas_like_workspace_it_writes_its_golden_codegen_toml() {
    let dir = tempfile::tempdir().unwrap();
    fixture("mas-like", dir.path());
    let output = codegen(dir.path(), &["init", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let golden = repository_root().join("codegen/tests/golden/init/mas-like.codegen.toml");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|value| value == "1") {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, stdout(&output)).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert!(
        stdout(&output) == expected,
        "`codegen init --dry-run` on tests/fixtures/mas-like differs from {}; if the change is \
         meant, run `UPDATE_GOLDEN=1 cargo test -p codegen --test init` and review the diff:\n{}",
        golden.display(),
        stdout(&output)
    );
    // Its own macro, id constructor and tracing are found; what it does not
    // have is named.
    for setting in [
        "repository-macro = \"tern_storage::repository_impl\"",
        "id-from-datetime = \"tern_data_model::UlidExt::from_datetime_with_rng\"",
        "query-tracing = \"tern_storage_pg::ExecuteExt\"",
        "node = \"tern_storage::pagination::Node\"",
    ] {
        assert!(
            expected.contains(setting),
            "{setting} is not in:\n{expected}"
        );
    }
    // Its tests share no context: init writes one, which a dry run only says.
    assert!(expected.contains("\ntest-context = \"crate::test_context::Context\"\n"));
    assert_eq!(
        stderr(&output).lines().collect::<Vec<_>>(),
        [
            "codegen: note: without --dry-run, init also creates \
             crates/storage-pg/src/test_context.rs",
            "codegen: note: without --dry-run, init also adds a line to \
             crates/storage-pg/src/lib.rs",
        ]
    );
    assert!(
        !dir.path()
            .join("crates/storage-pg/src/test_context.rs")
            .exists()
    );
}

#[test]
fn on_a_mas_like_workspace_it_writes_the_test_context_once() {
    let dir = tempfile::tempdir().unwrap();
    fixture("mas-like", dir.path());
    let lib = dir.path().join("crates/storage-pg/src/lib.rs");
    let root_before = std::fs::read_to_string(&lib).unwrap();

    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "created codegen.toml\ncreated crates/storage-pg/src/test_context.rs\n\
         changed crates/storage-pg/src/lib.rs\n"
    );
    let root = std::fs::read_to_string(&lib).unwrap();
    assert_eq!(
        root,
        format!("{root_before}\n#[cfg(test)]\nmod test_context;\n")
    );
    let context = dir.path().join("crates/storage-pg/src/test_context.rs");
    let written = std::fs::read_to_string(&context).unwrap();
    for part in [
        "use tern_storage::{BoxRepository, MockClock};",
        "use crate::PgRepository;",
        "repo: PgRepository::from_pool(pool).await.unwrap().boxed(),",
        "rng: ChaChaRng::seed_from_u64(42),",
    ] {
        assert!(written.contains(part), "{part} is not in:\n{written}");
    }

    // Asked again, init finds the context it wrote, and touches neither file.
    std::fs::write(&context, format!("{written}// edited by hand\n")).unwrap();
    let output = codegen(dir.path(), &["init", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "replaced codegen.toml\n");
    let config = std::fs::read_to_string(dir.path().join("codegen.toml")).unwrap();
    assert!(
        config.contains(
            "# found: `struct Context` in crates/storage-pg/src/test_context.rs.\n\
             test-context = \"crate::test_context::Context\"\n"
        ),
        "{config}"
    );
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), root);
    assert!(
        std::fs::read_to_string(&context)
            .unwrap()
            .ends_with("// edited by hand\n")
    );
}

#[test]
fn without_a_part_of_the_test_context_it_writes_none_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    fixture("mas-like", dir.path());
    let manifest = dir.path().join("crates/storage-pg/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let without = text.replace("rand_chacha.workspace = true\n", "");
    assert_ne!(without, text);
    std::fs::write(&manifest, without).unwrap();
    let before = snapshot(dir.path());

    let output = codegen(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "created codegen.toml\n");
    let said = stderr(&output);
    assert!(
        said.contains(
            "`runtime.test-context` not found: no `struct Context` in crates/storage-pg/tests, \
             nor can `codegen init` write one: `rand_chacha` is not among the dependencies of \
             crates/storage-pg/Cargo.toml"
        ),
        "{said}"
    );
    let mut after = snapshot(dir.path());
    after.remove(Path::new("codegen.toml"));
    assert!(after == before, "init wrote more than codegen.toml");
}
