//! Property tests of the front door: no entity name and no field specs,
//! however malformed, make the generator panic. Invalid input gets at least
//! one diagnostic; valid input renders to Rust that parses.
//!
//! Run in process, on the library functions the CLI calls:
//! `parse_entity_spec`, `check_new_entity` and `render_entity`.

mod support;

use std::path::PathBuf;

use codegen::{
    config::Runtime,
    input::{ExistingEntity, parse_entity_spec},
    render::{RustEdition, Rustfmt, render_entity},
    validate::{Diagnostics, check_new_entity},
};
use proptest::{prelude::*, sample::select, test_runner::Config};
use support::repository_root;

/// The characters names are made of: the ones the grammar knows, the ones
/// identifiers allow, and some it must refuse.
const CHARACTERS: &[char] = &[
    'a', 'b', 'e', 'i', 'n', 'o', 'r', 's', 't', 'u', 'A', 'D', 'S', 'U', '0', '1', '9', '_', ':',
    '?', '-', ' ', '.', '/', '"', '\'', '\\', '\n', 'é', 'ß', 'Ω', '🦀', '\u{0}', '\u{200b}',
];

/// Words that mean something to the generator, Rust or SQL.
const WORDS: &[&str] = &[
    "",
    "User",
    "UserEmail",
    "Device",
    "Person",
    "People",
    "Page",
    "Self",
    "self",
    "Type",
    "type",
    "fn",
    "where",
    "order",
    "select",
    "id",
    "created_at",
    "owner",
    "owner_id",
    "repo",
    "String",
    "bool",
    "i16",
    "i32",
    "i64",
    "f32",
    "f64",
    "Uuid",
    "Ulid",
    "DateTime",
    "Date",
    "Json",
    "Bytes",
    "u32",
    "Strng",
    "unique",
    "index",
    "uniq",
    "?",
    "??",
    ":",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(CHARACTERS), 0..20).prop_map(String::from_iter)
}

fn word_or_text() -> impl Strategy<Value = String> {
    prop_oneof![select(WORDS).prop_map(str::to_owned), text()]
}

/// A field spec shaped like the grammar, `<name>:<type>[?][:modifier]...`,
/// with each part drawn from good and bad values.
fn field() -> impl Strategy<Value = String> {
    (
        word_or_text(),
        prop::option::of(word_or_text()),
        any::<bool>(),
        prop::collection::vec(word_or_text(), 0..3),
    )
        .prop_map(|(name, ty, nullable, modifiers)| {
            let mut field = name;
            if let Some(ty) = ty {
                field.push(':');
                field.push_str(&ty);
                if nullable {
                    field.push('?');
                }
            }
            for modifier in modifiers {
                field.push(':');
                field.push_str(&modifier);
            }
            field
        })
}

/// Field specs from the valid part of the grammar only, each name once.
fn valid_fields() -> impl Strategy<Value = Vec<String>> {
    let names = vec![
        "label", "serial", "notes", "owner", "seen_at", "order", "active",
    ];
    prop::sample::subsequence(names, 1..6).prop_flat_map(|names| {
        let parts = (
            select(
                &[
                    "String", "bool", "i16", "i32", "i64", "f32", "f64", "Uuid", "Ulid",
                    "DateTime", "Date", "Json", "Bytes", "User",
                ][..],
            ),
            any::<bool>(),
            select(&["", ":unique", ":index"][..]),
        );
        prop::collection::vec(parts, names.len()).prop_map(move |parts| {
            names
                .iter()
                .zip(parts)
                .map(|(name, (ty, nullable, modifier))| {
                    let nullable = if nullable { "?" } else { "" };
                    format!("{name}:{ty}{nullable}{modifier}")
                })
                .collect()
        })
    })
}

fn existing() -> Vec<ExistingEntity> {
    vec![ExistingEntity {
        name: "User".to_owned(),
        module: "user".to_owned(),
        table: "users".to_owned(),
        path: PathBuf::from("storage/data-model/src/user.rs"),
        model: None,
    }]
}

/// Parse and check, as `new-entity` does; every diagnostic must be a
/// sentence.
fn check(name: &str, fields: &[String]) -> Option<codegen::model::Entity> {
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(name, fields, &mut diagnostics);
    match check_new_entity(&spec, &existing(), diagnostics) {
        Ok(entity) => Some(entity),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "refused with no reason");
            for diagnostic in diagnostics.as_slice() {
                assert!(!diagnostic.message.trim().is_empty());
            }
            assert!(!diagnostics.to_string().is_empty());
            None
        }
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // A failure is shrunk and printed; nothing is written into the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn no_name_and_no_fields_make_the_front_door_panic(
        name in word_or_text(),
        fields in prop::collection::vec(field(), 0..6),
    ) {
        check(&name, &fields);
    }

    #[test]
    fn arbitrary_unicode_never_panics(
        name in any::<String>(),
        fields in prop::collection::vec(any::<String>(), 0..4),
    ) {
        check(&name, &fields);
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Valid input must also render: rustfmt accepts every file, and the
    /// result parses as Rust.
    #[test]
    fn valid_entities_render_to_rust_that_parses(
        name in select(&["Device", "Tag", "Reading", "UserDevice", "Gadget"][..]),
        fields in valid_fields(),
    ) {
        let Some(entity) = check(name, &fields) else {
            // Valid pieces can still clash (a unique bool); the refusal
            // was checked above.
            return Ok(());
        };
        let root = repository_root();
        let rustfmt = Rustfmt::for_workspace(
            &root,
            RustEdition::of_crate(&root, &root.join("storage/pg")),
        );
        let rendered = render_entity(&entity, &Runtime::reference(), &rustfmt)
            .unwrap_or_else(|error| panic!("{name} {fields:?}: {error}"));
        for file in [&rendered.data_model, &rendered.storage, &rendered.storage_pg, &rendered.tests] {
            prop_assert!(syn::parse_file(file).is_ok(), "{name} {fields:?}:\n{file}");
        }
        let create = format!("CREATE TABLE {}", entity.table_sql());
        prop_assert!(rendered.migration.contains(&create), "{}", rendered.migration);
    }
}
