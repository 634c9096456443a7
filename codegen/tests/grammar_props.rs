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
use support::{
    edges::{edge_entity_name, edge_fields, substitute},
    repository_root,
};

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
        derives_entity: true,
        model: None,
        hand_written: None,
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

fn edge_existing() -> Vec<ExistingEntity> {
    let mut existing = existing();
    existing.push(ExistingEntity {
        name: "Account".to_owned(),
        module: "account".to_owned(),
        table: "accounts".to_owned(),
        path: PathBuf::from("storage/data-model/src/account.rs"),
        derives_entity: true,
        model: None,
        hand_written: None,
    });
    existing
}

/// Parse and check `name` and `fields` against [`edge_existing`].
fn check_edge(name: &str, fields: &[String]) -> Result<codegen::model::Entity, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(name, fields, &mut diagnostics);
    check_new_entity(&spec, &edge_existing(), diagnostics)
}

/// Each refusal is a message that names what it is about in backticks, and
/// every name it suggests instead is one the same rules accept.
fn assert_refusal(
    name: &str,
    fields: &[String],
    refusal: &Diagnostics,
) -> Result<(), TestCaseError> {
    prop_assert!(!refusal.is_empty(), "refused with no reason");
    for diagnostic in refusal.as_slice() {
        let message = &diagnostic.message;
        prop_assert!(message.contains('`'), "{message}");
        let Some((suggested, typed)) = suggestion(message) else {
            continue;
        };
        let (name, fields) = if typed == name {
            (suggested.clone(), fields.to_vec())
        } else {
            let fields = fields
                .iter()
                .map(|field| match field.split_once(':') {
                    Some((field_name, rest)) if field_name == typed => {
                        format!("{suggested}:{rest}")
                    }
                    _ => field.clone(),
                })
                .collect();
            (name.to_owned(), fields)
        };
        if let Err(again) = check_edge(&name, &fields) {
            for diagnostic in again.as_slice() {
                let message = &diagnostic.message;
                let refused_again = [
                    format!("instead of `{suggested}`"),
                    format!("`{suggested}` is a Rust keyword"),
                    format!("`{suggested}` is a name of Rust's prelude"),
                    format!("`{suggested}` is a type name"),
                    format!("`{suggested}` would name its modules"),
                ];
                prop_assert!(
                    !refused_again
                        .iter()
                        .any(|refusal| message.contains(refusal)),
                    "`{typed}` suggested `{suggested}`, which is refused: {message}"
                );
            }
        }
    }
    Ok(())
}

/// `(suggested, typed)` from "write `suggested` instead of `typed`".
fn suggestion(message: &str) -> Option<(String, String)> {
    let rest = message.split_once("write `")?.1;
    let (suggested, rest) = rest.split_once("` instead of `")?;
    let typed = rest.split_once('`')?.0;
    Some((suggested.to_owned(), typed.to_owned()))
}

/// The names one scope declares twice, as `what name`.
fn duplicates<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .filter(|name| !seen.insert(*name))
        .map(|name| format!("{what} `{name}`"))
        .collect()
}

/// Every item `file` declares twice: a module item, imports included, a
/// struct field, a method of one type (across its inherent impls), an item
/// of one trait or trait impl.
fn duplicate_items(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    let mut module_items: Vec<String> = Vec::new();
    let mut inherent: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for item in &file.items {
        match item {
            syn::Item::Use(item) => use_leaves(&item.tree, &mut module_items),
            syn::Item::Struct(item) => {
                module_items.push(item.ident.to_string());
                let fields: Vec<String> = item
                    .fields
                    .iter()
                    .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
                    .collect();
                found.extend(duplicates(
                    &format!("field of `{}`", item.ident),
                    fields.iter().map(String::as_str),
                ));
            }
            syn::Item::Trait(item) => {
                module_items.push(item.ident.to_string());
                let names: Vec<String> = item.items.iter().filter_map(trait_item_name).collect();
                found.extend(duplicates(
                    &format!("item of `trait {}`", item.ident),
                    names.iter().map(String::as_str),
                ));
            }
            syn::Item::Fn(item) => module_items.push(item.sig.ident.to_string()),
            syn::Item::Const(item) => module_items.push(item.ident.to_string()),
            syn::Item::Static(item) => module_items.push(item.ident.to_string()),
            syn::Item::Mod(item) => module_items.push(item.ident.to_string()),
            syn::Item::Enum(item) => module_items.push(item.ident.to_string()),
            syn::Item::Type(item) => module_items.push(item.ident.to_string()),
            syn::Item::Impl(item) => {
                let self_type = quote::ToTokens::to_token_stream(&item.self_ty).to_string();
                let names: Vec<String> = item.items.iter().filter_map(impl_item_name).collect();
                match &item.trait_ {
                    Some((path, _)) => {
                        let trait_name = quote::ToTokens::to_token_stream(path).to_string();
                        found.extend(duplicates(
                            &format!("item of `impl {trait_name} for {self_type}`"),
                            names.iter().map(String::as_str),
                        ));
                    }
                    None => inherent.entry(self_type).or_default().extend(names),
                }
            }
            _ => {}
        }
    }
    found.extend(duplicates(
        "module item",
        module_items.iter().map(String::as_str),
    ));
    for (self_type, names) in &inherent {
        found.extend(duplicates(
            &format!("method of `{self_type}`"),
            names.iter().map(String::as_str),
        ));
    }
    found
}

fn use_leaves(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, names),
        syn::UseTree::Name(name) => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_leaves(tree, names)),
        syn::UseTree::Glob(_) => {}
    }
}

fn trait_item_name(item: &syn::TraitItem) -> Option<String> {
    match item {
        syn::TraitItem::Fn(item) => Some(item.sig.ident.to_string()),
        syn::TraitItem::Type(item) => Some(item.ident.to_string()),
        syn::TraitItem::Const(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

fn impl_item_name(item: &syn::ImplItem) -> Option<String> {
    match item {
        syn::ImplItem::Fn(item) => Some(item.sig.ident.to_string()),
        syn::ImplItem::Type(item) => Some(item.ident.to_string()),
        syn::ImplItem::Const(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

/// Every variable the functions of `file` bind (parameters, `let`s and
/// closure parameters), sorted.
fn bindings(file: &syn::File) -> Vec<String> {
    use proc_macro2::TokenTree;
    fn scan(tokens: proc_macro2::TokenStream, found: &mut Vec<String>) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (index, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Group(group) => scan(group.stream(), found),
                TokenTree::Ident(ident) if ident == "let" => {
                    let mut next = index + 1;
                    if matches!(tokens.get(next), Some(TokenTree::Ident(m)) if m == "mut") {
                        next += 1;
                    }
                    if let Some(TokenTree::Ident(name)) = tokens.get(next) {
                        found.push(name.to_string());
                    }
                }
                TokenTree::Punct(bar) if bar.as_char() == '|' => {
                    if let (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(close))) =
                        (tokens.get(index + 1), tokens.get(index + 2))
                        && close.as_char() == '|'
                    {
                        found.push(name.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    for item in &file.items {
        if let syn::Item::Fn(item) = item {
            for input in &item.sig.inputs {
                if let syn::FnArg::Typed(typed) = input
                    && let syn::Pat::Ident(pat) = &*typed.pat
                {
                    found.push(pat.ident.to_string());
                }
            }
            scan(quote::ToTokens::to_token_stream(&item.block), &mut found);
        }
    }
    found.sort();
    found
}

/// Every column of the `CREATE TABLE`, and every index's name and columns.
fn migration_problems(migration: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let columns: Vec<&str> = migration
        .lines()
        .skip_while(|line| !line.starts_with("CREATE TABLE"))
        .skip(1)
        .take_while(|line| !line.starts_with(')'))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    problems.extend(duplicates("column", columns.iter().copied()));
    let indexes: Vec<(&str, &str)> = migration
        .lines()
        .filter_map(|line| line.strip_prefix("CREATE "))
        .filter_map(|line| {
            let line = line.strip_prefix("UNIQUE ").unwrap_or(line);
            let rest = line.strip_prefix("INDEX ")?;
            let (name, rest) = rest.split_once(' ')?;
            let columns = rest.split_once('(')?.1.split_once(')')?.0;
            Some((name, columns))
        })
        .collect();
    problems.extend(duplicates("index", indexes.iter().map(|(name, _)| *name)));
    for (name, columns) in indexes {
        problems.extend(duplicates(
            &format!("column of index `{name}`"),
            columns.split(", "),
        ));
    }
    problems
}

proptest! {
    #![proptest_config(config(128))]

    /// Input near the edges is refused with a message, or renders to Rust
    /// that parses, declares nothing twice, and whose tests bind no name a
    /// field gave them; its migration declares no column or index twice and
    /// no name PostgreSQL would truncate.
    #[test]
    fn edge_input_is_refused_or_renders_without_duplicates(
        name in edge_entity_name(),
        fields in edge_fields(),
    ) {
        let fields = substitute(&name, &fields);
        let entity = match check_edge(&name, &fields) {
            Ok(entity) => entity,
            Err(refusal) => return assert_refusal(&name, &fields, &refusal),
        };
        let root = repository_root();
        let rustfmt = Rustfmt::for_workspace(
            &root,
            RustEdition::of_crate(&root, &root.join("storage/pg")),
        );
        let rendered = match render_entity(&entity, &Runtime::reference(), &rustfmt) {
            Ok(rendered) => rendered,
            Err(codegen::Error::Invalid(refusal)) => {
                return assert_refusal(&name, &fields, &refusal);
            }
            Err(error) => panic!("{name} {fields:?}: {error}"),
        };
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for (what, text) in [
            ("data-model", &rendered.data_model),
            ("storage", &rendered.storage),
            ("storage-pg", &rendered.storage_pg),
            ("tests", &rendered.tests),
        ] {
            match syn::parse_file(text) {
                Ok(file) => {
                    problems.extend(duplicate_items(&file).into_iter().map(|d| format!("{what}: {d}")));
                    parsed.push(file);
                }
                Err(error) => problems.push(format!("{what} does not parse: {error}\n{text}")),
            }
        }
        for snippet in [&rendered.access_method, &rendered.boxed_access, &rendered.map_err_access, &rendered.pg_access] {
            if let Err(error) = syn::parse_str::<syn::File>(&format!("trait T {{\n{snippet}}}")) {
                problems.push(format!("snippet does not parse: {error}\n{snippet}"));
            }
        }
        problems.extend(migration_problems(&rendered.migration));
        for identifier in entity.sql_identifiers() {
            if identifier.len() > codegen::naming::MAX_SQL_IDENTIFIER_LEN {
                problems.push(format!("`{identifier}` is too long for PostgreSQL"));
            }
        }

        // The tests bind the same variables whatever the fields are called.
        let mut renamed = entity.clone();
        for (index, field) in renamed.fields.iter_mut().enumerate() {
            field.name = format!("zq{index}");
        }
        let probe = render_entity(&renamed, &Runtime::reference(), &rustfmt)
            .unwrap_or_else(|error| panic!("{name} {fields:?} renamed: {error}"));
        if let (Some(tests), Ok(probe)) = (parsed.get(3), syn::parse_file(&probe.tests)) {
            let (real, probe) = (bindings(tests), bindings(&probe));
            if real != probe {
                problems.push(format!("the tests bind {real:?} instead of {probe:?}"));
            }
        }
        prop_assert!(problems.is_empty(), "{name} {fields:?}:\n{}", problems.join("\n"));
    }
}
