//! A workspace laid out like this one whose crates have other names
//! (`acme-model`, `acme-storage`, `acme-storage-pg`): what `new-entity`
//! writes names them, never this repository's crates, and builds, lints
//! and passes its tests there, with the `codegen.toml` that `codegen init`
//! writes for it. Its source files carry a licence header, which `init`
//! finds and every file `new-entity` writes begins with.

mod support;

use std::path::Path;

use support::{
    cargo_command, codegen, copy_workspace, prepare_changes_no_offline_data, stderr, succeed,
};

/// The header every source file of the renamed crates begins with.
const LICENCE: &str = "// Copyright 2026 Acme Ltd.\n//\n// SPDX-License-Identifier: MIT\n";

/// One crate's package and library names, this repository's and the copy's.
type Rename = (&'static str, &'static str, &'static str, &'static str);

/// Each crate's.
const RENAMES: [Rename; 3] = [
    (
        "storage-pg",
        "acme-storage-pg",
        "storage_pg",
        "acme_storage_pg",
    ),
    ("data-model", "acme-model", "data_model", "acme_model"),
    ("storage", "acme-storage", "storage", "acme_storage"),
];

/// `text` with every `old` that is a whole name replaced by `new`: not
/// inside a longer name (`ui-data-model`, `storage_pg`, `storage-pg`) nor
/// a directory path (`storage/data-model`).
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let joins = |c: char| c.is_ascii_alphanumeric() || "_-/".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + old.len()..].chars().next();
        let whole = !before.is_some_and(joins) && !after.is_some_and(joins);
        out.push_str(&rest[..at]);
        out.push_str(if whole { new } else { old });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

/// Renames in `path` by `names`, except in `extern crate self as …;`: the
/// crates keep the names `#[derive(Entity)]` and `#[repository]` expand to
/// by default, as any crate using them under another name would.
fn rename_in(path: &Path, names: impl Fn(&Rename) -> (&'static str, &'static str)) {
    let text = std::fs::read_to_string(path).unwrap();
    let renamed: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("extern crate self as ") {
                return line.to_owned();
            }
            RENAMES.iter().fold(line.to_owned(), |line, rename| {
                let (old, new) = names(rename);
                replace_word(&line, old, new)
            })
        })
        .collect();
    std::fs::write(path, renamed).unwrap();
}

fn files_under(dir: &Path, extension: &str, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, extension, found);
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
}

/// The copy's crates renamed: their manifests, every manifest that
/// depends on them, and every path to them in their sources and build
/// scripts. The macros' UI cases are left out of the build.
fn rename_crates(workspace: &Path) {
    let mut manifests = vec![
        workspace.join("Cargo.toml"),
        workspace.join("macros/Cargo.toml"),
    ];
    files_under(&workspace.join("storage"), "toml", &mut manifests);
    for manifest in manifests.iter().filter(|path| path.ends_with("Cargo.toml")) {
        rename_in(manifest, |&(package, renamed, _, _)| (package, renamed));
    }
    let mut sources = Vec::new();
    files_under(&workspace.join("storage"), "rs", &mut sources);
    for source in &sources {
        rename_in(source, |&(_, _, lib, renamed)| (lib, renamed));
    }
}

#[test]
fn the_words_of_a_name_are_replaced_and_no_other() {
    assert_eq!(
        replace_word(
            "use storage_pg::X; storage::Y; ui-data-model data-model",
            "storage",
            "acme_storage"
        ),
        "use storage_pg::X; acme_storage::Y; ui-data-model data-model"
    );
    assert_eq!(
        replace_word(
            "storage-pg.workspace = true\nstorage.workspace",
            "storage",
            "acme-storage"
        ),
        "storage-pg.workspace = true\nacme-storage.workspace"
    );
    assert_eq!(
        replace_word(
            "data-model = { path = \"storage/data-model\" }",
            "data-model",
            "acme-model"
        ),
        "acme-model = { path = \"storage/data-model\" }"
    );
    assert_eq!(
        replace_word(
            "[storage-pg]\nstorage-pg = 1",
            "storage-pg",
            "acme-storage-pg"
        ),
        "[acme-storage-pg]\nacme-storage-pg = 1"
    );
}

#[test]
fn generated_code_names_the_workspaces_own_crates_and_passes_its_tests() {
    let database_url = std::env::var("DATABASE_URL").expect(
        "this test runs the generated tests against the PostgreSQL in DATABASE_URL; set it, or \
         run `bash scripts/test.sh`, which does",
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    copy_workspace(workspace);
    rename_crates(workspace);
    let mut sources = Vec::new();
    files_under(&workspace.join("storage"), "rs", &mut sources);
    for source in sources
        .iter()
        .filter(|path| path.components().any(|part| part.as_os_str() == "src"))
    {
        let text = std::fs::read_to_string(source).unwrap();
        std::fs::write(source, format!("{LICENCE}\n{text}")).unwrap();
    }
    // The copied codegen.toml names this repository's runtime paths; init
    // reads the renamed crates' own, as adopting a workspace does.
    succeed(&codegen(workspace, &["init", "--force"]), "init");

    let output = codegen(
        workspace,
        &[
            "new-entity",
            "Widget",
            "name:String:unique",
            "notes:String?",
            "owner:User",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    for (file, expected) in [
        (
            "storage/core/src/widget.rs",
            "use acme_model::{Clock, User, Widget};",
        ),
        ("storage/pg/src/widget.rs", "acme_storage::{"),
        (
            "storage/pg/tests/repositories/widget.rs",
            "migrator = \"acme_storage_pg::MIGRATOR\"",
        ),
    ] {
        let text = std::fs::read_to_string(workspace.join(file)).unwrap();
        assert!(
            text.starts_with(&format!("{LICENCE}\n//! ")),
            "{file}:\n{text}"
        );
        assert!(
            text.contains(expected),
            "{file} lacks `{expected}`:\n{text}"
        );
        for (_, _, lib, _) in RENAMES {
            assert!(
                !text.contains(&format!(" {lib}::")) && !text.contains(&format!("\"{lib}::")),
                "{file} names `{lib}`:\n{text}"
            );
        }
    }

    prepare_changes_no_offline_data(workspace, "renamed crates");
    let crates = [
        "-p",
        "acme-model",
        "-p",
        "acme-storage",
        "-p",
        "acme-storage-pg",
    ];
    let clippy = cargo_command(
        workspace,
        &[
            &["clippy", "--all-targets"][..],
            &crates,
            &["--", "-D", "warnings"],
        ]
        .concat(),
    )
    .output()
    .unwrap();
    succeed(&clippy, "clippy of the renamed crates");
    let tests = cargo_command(workspace, &[&["test"][..], &crates].concat())
        .env("DATABASE_URL", &database_url)
        .output()
        .unwrap();
    let report = succeed(&tests, "the renamed crates' tests");
    assert!(report.contains("widget::name_is_unique ... ok"), "{report}");
}
