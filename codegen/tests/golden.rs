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
    config::{Forwarding, ItemPath, Runtime},
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
        derives_entity: true,
        model: None,
        hand_written: None,
    }
}

fn entity(name: &str, fields: &[&str], existing: &[ExistingEntity]) -> Entity {
    let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(name, &fields, &mut diagnostics);
    check_new_entity(&spec, existing, diagnostics).unwrap()
}

fn rustfmt() -> Rustfmt {
    let root = repository_root();
    Rustfmt::for_workspace(
        &root,
        RustEdition::of_crate(&root, &root.join("storage/pg")),
    )
}

fn render(entity: &Entity) -> RenderedEntity {
    render_entity(entity, &Runtime::reference(), &rustfmt()).unwrap()
}

/// The reference runtime as matrix-authentication-service's would be: the
/// trait forwarded by its `repository_impl!` and every query traced by its
/// `ExecuteExt`.
fn macro_and_tracing_runtime() -> Runtime {
    let mut runtime = Runtime::reference();
    runtime.forwarding = Forwarding::Macro(ItemPath::new("storage::repository_impl").unwrap());
    runtime.query_tracing = Some(ItemPath::new("storage_pg::tracing::ExecuteExt").unwrap());
    runtime
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

/// With `repository-macro` and `query-tracing` set, the storage and
/// PostgreSQL modules of each golden entity under `<module>-macro-traced/`.
#[test]
fn macro_forwarding_and_query_tracing_match_their_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let runtime = macro_and_tracing_runtime();
    let mut mismatches = Vec::new();
    for entity in &golden_entities() {
        let rendered = render_entity(entity, &runtime, &rustfmt()).unwrap();
        let dir = golden.join(format!("{}-macro-traced", entity.module));
        for (name, text) in [
            ("storage.rs", &rendered.storage),
            ("storage_pg.rs", &rendered.storage_pg),
        ] {
            mismatches.extend(compare(&dir.join(format!("{name}.golden")), text));
        }
    }
    assert_no_mismatch(&mismatches);
}

/// The shape of those files, whatever their golden bytes: the storage
/// module calls the macro after the trait, in the `forwarding` region,
/// with every method's signature as `repository_impl!` takes them
/// (`async fn m(&mut self, a: A, …) -> Result<T, Self::Error>;`) and no
/// attribute; the PostgreSQL module declares `db.query.text` in every span
/// and runs every query through `.traced()`, with the same literals, so
/// the same offline data; and both are Rust that rustfmt leaves alone.
#[test]
fn macro_forwarding_and_query_tracing_write_what_the_macro_and_trait_take() {
    let runtime = macro_and_tracing_runtime();
    for entity in &golden_entities() {
        let rendered = render_entity(entity, &runtime, &rustfmt()).unwrap();
        let storage = syn::parse_file(&rendered.storage).unwrap();
        let repository = entity.repository_trait();
        let trait_methods: Vec<String> = storage
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Trait(found) if found.ident == repository => Some(found),
                _ => None,
            })
            .inspect(|found| {
                assert!(
                    found
                        .attrs
                        .iter()
                        .all(|attr| !attr.path().is_ident("repository")),
                    "{}: a macro forwards the trait, not the attribute",
                    entity.name
                );
            })
            .expect("the trait")
            .items
            .iter()
            .filter_map(|item| match item {
                syn::TraitItem::Fn(method) => Some(tokens(&method.sig)),
                _ => None,
            })
            .collect();
        let calls: Vec<&syn::ItemMacro> = storage
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Macro(call) if call.mac.path.is_ident("repository_impl") => Some(call),
                _ => None,
            })
            .collect();
        let [call] = calls.as_slice() else {
            panic!(
                "{}: one call of the macro, not {}",
                entity.name,
                calls.len()
            );
        };
        let (called_for, signatures) = call.mac.parse_body_with(macro_input).unwrap();
        assert_eq!(called_for, repository);
        assert_eq!(signatures, trait_methods, "{}: every method", entity.name);
        assert!(
            imported(&storage).contains(&"crate::repository_impl".to_owned()),
            "{}: the macro is imported as the storage crate's own",
            entity.name
        );
        let region = rendered
            .storage
            .split("// codegen:begin forwarding\n")
            .nth(1)
            .and_then(|rest| rest.split("// codegen:end forwarding\n").next())
            .expect("the forwarding region");
        assert!(region.starts_with(&format!("repository_impl!({repository}:\n")));

        let pg = &rendered.storage_pg;
        let spans = pg.matches("#[tracing::instrument(").count();
        assert_eq!(
            spans,
            pg.matches("fields(db.query.text").count(),
            "{}: every span declares the query text\n{pg}",
            entity.name
        );
        let queries = checked_queries(pg);
        // Each right after its macro call's closing parenthesis, at the
        // depth of a method's body or of the list's branches.
        let traced_calls = pg.matches(")\n        .traced()\n").count()
            + pg.matches(")\n            .traced()\n").count();
        assert_eq!(
            (queries.len(), pg.matches(".traced()").count()),
            (traced_calls, traced_calls),
            "{}: every query is traced\n{pg}",
            entity.name
        );
        assert!(
            imported(&syn::parse_file(pg).unwrap())
                .contains(&"crate::tracing::ExecuteExt".to_owned()),
            "{}: the trait is imported",
            entity.name
        );
        let texts = |module: &str| -> Vec<String> {
            checked_queries(module)
                .into_iter()
                .map(|query| query.text)
                .collect()
        };
        assert_eq!(
            texts(pg),
            texts(&render(entity).storage_pg),
            "{}: the literals sqlx hashes stay",
            entity.name
        );

        let mut files = [rendered.storage.clone(), rendered.storage_pg.clone()];
        rustfmt().format(&mut files, &mut []).unwrap();
        assert_eq!(
            files,
            [rendered.storage, rendered.storage_pg],
            "rustfmt-clean"
        );
    }
}

/// `Trait: async fn …; …`, the input of `repository_impl!`, checked as its
/// `macro_rules!` grammar matches it: the trait's name, then signatures that
/// take `&mut self` and named arguments and return
/// `Result<_, Self::Error>`, each ending in `;`.
fn macro_input(input: syn::parse::ParseStream<'_>) -> syn::Result<(String, Vec<String>)> {
    let name: syn::Ident = input.parse()?;
    input.parse::<syn::Token![:]>()?;
    let mut signatures = Vec::new();
    while !input.is_empty() {
        let signature: syn::Signature = input.parse()?;
        input.parse::<syn::Token![;]>()?;
        let fits = signature.asyncness.is_some()
            && signature.generics.params.is_empty()
            && signature.receiver().is_some_and(|receiver| {
                matches!(receiver.kind, syn::ReceiverKind::Reference(_, _, Some(_)))
            })
            && signature.inputs.iter().skip(1).all(|input| {
                matches!(input, syn::FnArg::Typed(typed)
                    if matches!(&*typed.pat, syn::Pat::Ident(ident) if ident.subpat.is_none()))
            })
            && tokens(&signature.output).ends_with(", Self :: Error >");
        if !fits {
            return Err(syn::Error::new(
                signature.ident.span(),
                format!("`{}` is not what the macro takes", signature.ident),
            ));
        }
        signatures.push(tokens(&signature));
    }
    Ok((name.to_string(), signatures))
}

/// Every path `file`'s `use` items import: `crate::Page`.
fn imported(file: &syn::File) -> Vec<String> {
    fn paths(tree: &syn::UseTree, prefix: &str, found: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => {
                paths(&path.tree, &format!("{prefix}{}::", path.ident), found)
            }
            syn::UseTree::Name(name) => found.push(format!("{prefix}{}", name.ident)),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    paths(tree, prefix, found);
                }
            }
            syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => {}
        }
    }
    let mut found = Vec::new();
    for item in &file.items {
        if let syn::Item::Use(item) = item {
            paths(&item.tree, "", &mut found);
        }
    }
    found
}

fn tokens(tokens: &impl quote::ToTokens) -> String {
    tokens.to_token_stream().to_string()
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
