use std::path::Path;

use super::*;
use crate::{input::parse_entity_spec, model::Diagnostics, validate::check_new_entity};

fn entity(name: &str, fields: &[&str]) -> Entity {
    let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
    let mut diagnostics = Diagnostics::default();
    let spec = parse_entity_spec(name, &fields, &mut diagnostics);
    check_new_entity(&spec, &[], diagnostics).unwrap()
}

/// A file of sqlx 0.9's format as sqlx 0.8 writes it: the same, without
/// each column's `origin`.
fn without_origins(json: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut lines = json.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("\"origin\": ") {
            // The field before it loses its comma.
            if let Some(previous) = kept.last_mut() {
                previous.pop();
            }
            if trimmed.ends_with('{') {
                let depth = line.len() - trimmed.len();
                for inner in lines.by_ref() {
                    let closing = inner.len() - inner.trim_start().len() == depth;
                    if closing {
                        break;
                    }
                }
            }
            continue;
        }
        kept.push(line.to_owned());
    }
    kept.join("\n") + "\n"
}

#[test]
fn the_file_name_is_sqlxs_hash_of_the_query() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/.sqlx");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let query = json["query"].as_str().unwrap();
        assert_eq!(
            path.file_name().unwrap().to_str().unwrap(),
            file_name(query)
        );
        assert_eq!(
            format!("query-{}.json", json["hash"].as_str().unwrap()),
            file_name(query)
        );
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn sqlx_0_8_writes_the_same_without_origins() {
    let device = entity(
        "Device",
        &["name:String:unique", "notes:String?", "active:bool"],
    );
    let with = entity_files(&device, OfflineFormat::WithOrigin);
    let without = entity_files(&device, OfflineFormat::WithoutOrigin);
    assert_eq!(with.len(), without.len());
    for (with, without) in with.iter().zip(&without) {
        assert_eq!(with.name, without.name, "the name is the query's alone");
        assert_eq!(
            without_origins(&with.contents),
            without.contents,
            "{}",
            with.method
        );
        assert!(!without.contents.contains("origin"));
    }
    let count = with.iter().find(|file| file.method == "count").unwrap();
    assert!(
        count.contents.contains("\"origin\": \"Expression\""),
        "{}",
        count.contents
    );
}

#[test]
fn each_method_has_its_file_and_each_query_its_own() {
    let device = entity("Device", &["name:String:unique", "serial:i64:unique"]);
    let files = entity_files(&device, OfflineFormat::WithOrigin);
    let methods: Vec<String> = files.iter().map(OfflineFile::method_and_case).collect();
    assert_eq!(
        methods,
        [
            "add",
            "lookup",
            "find_by_name",
            "find_by_serial",
            "list (paginating backwards)",
            "list (paginating forwards)",
            "count",
            "update",
            "remove",
        ]
    );
    let mut names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), files.len());
}

#[test]
fn a_table_postgres_prints_quoted_is_quoted_in_the_origin() {
    // `exists` needs no quotes in SQL text, but `regclass::text` has them.
    let exist = entity("Exist", &["label:String"]);
    let lookup = entity_files(&exist, OfflineFormat::WithOrigin)
        .into_iter()
        .find(|file| file.method == "lookup")
        .unwrap();
    assert!(
        lookup.contents.contains("FROM exists\\n"),
        "{}",
        lookup.contents
    );
    assert!(
        lookup.contents.contains("\"table\": \"\\\"exists\\\"\""),
        "{}",
        lookup.contents
    );
}
