//! Inputs near the edges of what the generator accepts, as proptest
//! strategies: the property test checks what any of them renders to, and
//! the end-to-end suite builds a seeded sample of them in a copy.

#![allow(
    dead_code,
    reason = "each test binary uses its own part of the support"
)]

use proptest::{prelude::*, sample::select};

/// Entity names near the edges: keywords, prelude names, the crates and
/// runtime items generated code names, plural oddities, names like the
/// types generated for another entity, acronyms and digits.
pub const EDGE_ENTITY_NAMES: &[&str] = &[
    "Widget",
    "Gadget",
    "A",
    "Ab",
    "Type",
    "Self",
    "Match",
    "Gen",
    "Send",
    "Sync",
    "From",
    "Into",
    "Option",
    "Box",
    "Default",
    "Result",
    "Future",
    "Sqlx",
    "Std",
    "Chrono",
    "Tracing",
    "Uuid",
    "Context",
    "Entity",
    "Page",
    "Clock",
    "Person",
    "People",
    "Child",
    "Children",
    "Datum",
    "Data",
    "Series",
    "Analysis",
    "Index",
    "Status",
    "Category",
    "Knife",
    "Hero",
    "Quiz",
    "Ox",
    "Sheep",
    "UserFilter",
    "NewUser",
    "UserLookup",
    "UserRepository",
    "Pg",
    "Lookup",
    "Filter",
    "Repository",
    "Params",
    "Cx",
    "Sample",
    "Item",
    "Row",
    "Arg0",
    "QueryArgs",
    "OAuth2Client",
    "Vec2D",
    "HttpServer",
    "HTTPServer",
    "User",
    "Account",
];

/// Words to build long entity names from, towards PostgreSQL's 63 bytes.
pub const PASCAL_WORDS: &[&str] = &[
    "Account",
    "Device",
    "Reading",
    "Extraordinarily",
    "Long",
    "Name",
    "Of",
    "Entity",
    "Log",
];

/// Field names near the edges: the generated tests' and implementations'
/// own variables, the methods of generated types and their derived traits,
/// keywords, SQL reserved words, implied fields, names refused with a
/// suggestion, and names like the derived ones (`with_active`, `owner_id`).
/// `$key` stands for the entity's key column.
pub const EDGE_FIELD_NAMES: &[&str] = &[
    "label",
    "cx",
    "n",
    "repo",
    "rng",
    "clock",
    "pool",
    "params",
    "item",
    "items",
    "target",
    "found",
    "page",
    "all",
    "expected",
    "filter",
    "count",
    "first",
    "error",
    "changes",
    "changed",
    "updated",
    "kept",
    "removed",
    "result",
    "fresh",
    "added",
    "row",
    "rows",
    "before",
    "after",
    "pagination",
    "conn",
    "txn",
    "new",
    "default",
    "clone",
    "eq",
    "fmt",
    "hash",
    "order",
    "user",
    "select",
    "type",
    "fn",
    "match",
    "type_",
    "Self_",
    "id",
    "created_at",
    "owner",
    "owner_id",
    "active",
    "with_active",
    "active_present",
    "for_owner",
    "sample",
    "add_sample",
    "add",
    "lookup",
    "list",
    "update",
    "remove",
    "self_value",
    "$key",
    "x",
];

/// Field types: every built-in, two existing entities (`User` twice makes a
/// double reference), and `$self`, the entity itself.
pub const EDGE_TYPES: &[&str] = &[
    "String", "bool", "i16", "i32", "i64", "f32", "f64", "Uuid", "Ulid", "DateTime", "Date",
    "Json", "Bytes", "User", "User", "Account", "$self",
];

pub fn edge_entity_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(EDGE_ENTITY_NAMES).prop_map(str::to_owned),
        1 => prop::collection::vec(select(PASCAL_WORDS), 4..9).prop_map(|words| words.concat()),
    ]
}

/// One field spec of field number `index`: an edge name, or a plain name
/// made unique by its index, sometimes long enough for an index name to
/// pass 63 bytes; an edge name with a chance of `edge` in a thousand, so
/// that a large entity holds a few and may still be valid.
pub fn edge_field(index: usize, edge: u32) -> impl Strategy<Value = String> {
    let name = prop_oneof![
        edge => select(EDGE_FIELD_NAMES).prop_map(str::to_owned),
        1000 - edge => prop_oneof![
            8 => select(&["label", "serial", "notes", "seen_at", "owner", "kind"][..])
                .prop_map(move |word| format!("{word}_{index}")),
            1 => (20..60usize).prop_map(move |len| format!("f{index}_{}", "x".repeat(len))),
        ],
    ];
    let ty = prop_oneof![
        1000 - edge / 10 => select(&EDGE_TYPES[..EDGE_TYPES.len() - 1]),
        edge / 10 => Just("$self"),
    ];
    let modifier = select(&["", "", "", ":unique", ":index"][..]);
    (name, ty, any::<bool>(), modifier).prop_map(|(name, ty, nullable, modifier)| {
        let nullable = if nullable { "?" } else { "" };
        // A unique bool is refused at once; keep most bools plain.
        let modifier = if ty == "bool" && modifier == ":unique" && name.len() % 4 != 0 {
            ""
        } else {
            modifier
        };
        format!("{name}:{ty}{nullable}{modifier}")
    })
}

pub fn edge_fields() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![Just(1usize), Just(2usize), Just(60usize), 3..60usize].prop_flat_map(|count| {
        let edge = u32::try_from((1500 / count).min(900)).unwrap_or(900);
        (0..count)
            .map(|index| edge_field(index, edge))
            .collect::<Vec<_>>()
    })
}

/// `fields` with `$key` and `$self` standing for `name`'s key column and
/// `name` itself.
pub fn substitute(name: &str, fields: &[String]) -> Vec<String> {
    let key = codegen::naming::key_column(name);
    fields
        .iter()
        .map(|field| field.replace("$key", &key).replace("$self", name))
        .collect()
}
