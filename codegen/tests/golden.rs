//! Golden tests: every template's output for fixed entities, compared byte
//! for byte with the files under `tests/golden/`, and the tests' pinned
//! reference stack (`tests/fixtures/reference/`) compared with what the
//! generator makes of its two entities, `User` and `UserEmail`, today.
//!
//! After an intended change to a template, refresh both with
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p codegen --test golden
//! ```
//!
//! and review the diff.

mod support;

use std::path::{Path, PathBuf};

use codegen::{
    config::Runtime,
    input::{ExistingEntity, parse_entity_spec},
    model::Entity,
    offline::{OfflineFormat, checked_queries, entity_files, file_name},
    render::{RenderedEntity, RustEdition, Rustfmt, render_drop_migration, render_entity},
    validate::{Diagnostics, check_new_entity},
};
use support::{DEVICE_FIELDS, reference_workspace, repository_root};

fn existing(name: &str, module: &str, table: &str) -> ExistingEntity {
    ExistingEntity {
        name: name.to_owned(),
        module: module.to_owned(),
        table: table.to_owned(),
        path: PathBuf::from(format!("storage/data-model/src/{module}.rs")),
        model: None,
    }
}

fn entity(name: &str, fields: &[&str], existing: &[ExistingEntity]) -> Entity {
    let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(name, &fields, &mut diagnostics);
    check_new_entity(&spec, existing, diagnostics).unwrap()
}

fn render(entity: &Entity) -> RenderedEntity {
    let root = repository_root();
    let rustfmt = Rustfmt::for_workspace(
        &root,
        RustEdition::of_crate(&root, &root.join("storage/pg")),
    );
    render_entity(entity, &Runtime::reference(), &rustfmt).unwrap()
}

/// Each artifact with the name of its golden file.
fn artifacts(rendered: &RenderedEntity) -> [(&'static str, &str); 9] {
    [
        ("data_model.rs", &rendered.data_model),
        ("storage.rs", &rendered.storage),
        ("storage_pg.rs", &rendered.storage_pg),
        ("migration.sql", &rendered.migration),
        ("tests.rs", &rendered.tests),
        ("access_method.rs", &rendered.access_method),
        ("boxed_access.rs", &rendered.boxed_access),
        ("map_err_access.rs", &rendered.map_err_access),
        ("pg_access.rs", &rendered.pg_access),
    ]
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|value| value == "1")
}

/// Compare `actual` with the file at `path`, or rewrite it when updating.
/// Returns a description of the mismatch, if any.
fn compare(path: &Path, actual: &str) -> Option<String> {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    (expected != actual).then(|| {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .map_or_else(
                || "in length".to_owned(),
                |line| format!("at line {}", line + 1),
            );
        format!("{} differs {first_difference}", path.display())
    })
}

fn assert_no_mismatch(mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{}\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` \
         and review the diff.",
        mismatches.join("\n")
    );
}

/// The entities of the golden files.
fn golden_entities() -> [Entity; 3] {
    let user = existing("User", "user", "users");
    [
        // The example of the README: every modifier and a reference.
        entity("Device", &DEVICE_FIELDS, std::slice::from_ref(&user)),
        // Nothing to filter on and nothing referenced: the other branches.
        entity("Tag", &["label:String", "weight:f64"], &[]),
        // Every other type, nullable references, and a reserved SQL word.
        entity(
            "Reading",
            &[
                "active:bool",
                "small:i16",
                "medium:i32:unique",
                "external:Uuid",
                "token:Ulid?",
                "taken_on:Date:index",
                "payload:Json?",
                "raw:Bytes",
                "ratio:f32?",
                "order:i32",
                "reader:User?",
            ],
            std::slice::from_ref(&user),
        ),
    ]
}

#[test]
fn templates_match_their_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    for entity in &golden_entities() {
        let rendered = render(entity);
        for (name, text) in artifacts(&rendered) {
            let path = golden.join(&entity.module).join(format!("{name}.golden"));
            mismatches.extend(compare(&path, text));
        }
    }
    assert_no_mismatch(&mismatches);
}

/// The offline query data of each generated query, one golden file per
/// method, named after it.
#[test]
fn offline_data_matches_its_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    for entity in &golden_entities() {
        for file in entity_files(entity, OfflineFormat::WithOrigin) {
            let method = match file.case {
                Some(case) => format!("{}-{}", file.method, case.replace(' ', "_")),
                None => file.method.clone(),
            };
            let path = golden
                .join(&entity.module)
                .join("sqlx")
                .join(format!("{method}.json.golden"));
            mismatches.extend(compare(&path, &file.contents));
        }
    }
    assert_no_mismatch(&mismatches);
}

/// Every checked query of the rendered PostgreSQL module has its offline
/// data computed, and no other: the literal sqlx reads is the one the
/// offline data is made from.
#[test]
fn every_rendered_query_has_computed_offline_data() {
    for entity in &golden_entities() {
        let rendered = render(entity);
        let in_module: Vec<String> = checked_queries(&rendered.storage_pg)
            .into_iter()
            .map(|query| file_name(&query.text))
            .collect();
        let computed: Vec<String> = entity_files(entity, OfflineFormat::WithOrigin)
            .into_iter()
            .map(|file| file.name)
            .collect();
        assert_eq!(in_module, computed, "{}", entity.name);
    }
}

/// The migration `destroy-entity` writes when it cannot delete the one
/// that created the table.
#[test]
fn drop_migrations_match_their_golden_files() {
    let user = existing("User", "user", "users");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    for entity in [
        entity("Device", &DEVICE_FIELDS, std::slice::from_ref(&user)),
        entity("Tag", &["label:String", "weight:f64"], &[]),
    ] {
        let path = golden
            .join(&entity.module)
            .join("drop_migration.sql.golden");
        mismatches.extend(compare(&path, &render_drop_migration(&entity).unwrap()));
    }
    assert_no_mismatch(&mismatches);
}

#[test]
fn rendering_is_deterministic() {
    let tag = entity("Tag", &["label:String:unique", "hidden:bool?"], &[]);
    assert_eq!(render(&tag), render(&tag));
}

/// The reference stack's entities are the generator's output: each file it
/// created is what the generator renders for the same command today. (Its
/// wiring is written by build scripts; inline wiring is tested end to end.)
#[test]
fn reference_stack_is_what_the_generator_makes() {
    // The tests' pinned copy of it: the live `storage/` crates are the
    // workspace's, free to change with the entities a user adds or edits.
    let root = reference_workspace();
    let user = entity(
        "User",
        &["username:String:unique", "locked_at:DateTime?"],
        &[],
    );
    let user_email = entity(
        "UserEmail",
        &["email:String:unique", "user:User", "confirmed_at:DateTime?"],
        &[existing("User", "user", "users")],
    );
    let mut mismatches = Vec::new();
    for entity in [user, user_email] {
        let rendered = render(&entity);
        let module = &entity.module;
        let files = [
            (
                format!("storage/data-model/src/{module}.rs"),
                &rendered.data_model,
            ),
            (format!("storage/core/src/{module}.rs"), &rendered.storage),
            (format!("storage/pg/src/{module}.rs"), &rendered.storage_pg),
            (
                format!("storage/pg/tests/repositories/{module}.rs"),
                &rendered.tests,
            ),
        ];
        for (path, text) in files {
            mismatches.extend(compare(&root.join(path), text));
        }
        let migration = std::fs::read_dir(root.join("storage/pg/migrations"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| {
                path.to_string_lossy()
                    .ends_with(&format!("_create_{}.sql", entity.table))
            })
            .expect("the entity's migration exists");
        mismatches.extend(compare(&migration, &rendered.migration));
    }
    assert_no_mismatch(&mismatches);
}

/// The pinned reference workspace's `.sqlx`, which `cargo sqlx prepare`
/// wrote (`bash scripts/refresh-reference.sh`), is what codegen computes
/// for its two entities: every file, and no other.
#[test]
fn reference_offline_data_is_what_the_generator_computes() {
    let dir = reference_workspace().join(".sqlx");
    let user = entity(
        "User",
        &["username:String:unique", "locked_at:DateTime?"],
        &[],
    );
    let user_email = entity(
        "UserEmail",
        &["email:String:unique", "user:User", "confirmed_at:DateTime?"],
        &[existing("User", "user", "users")],
    );
    let mut mismatches = Vec::new();
    let mut computed = Vec::new();
    for entity in [user, user_email] {
        for file in entity_files(&entity, OfflineFormat::WithOrigin) {
            let path = dir.join(&file.name);
            if !updating() && !path.is_file() {
                mismatches.push(format!("{}: {} is missing", entity.name, path.display()));
                continue;
            }
            mismatches.extend(compare(&path, &file.contents));
            computed.push(file.name);
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !computed.contains(&name) {
            if updating() {
                std::fs::remove_file(&path).unwrap();
            } else {
                mismatches.push(format!("{} is no generated query's", path.display()));
            }
        }
    }
    assert_no_mismatch(&mismatches);
}
