//! The entities a workspace already holds, read from its data-model crate
//! with `syn`: a public struct with an `id` field is an entity.

use std::path::{Path, PathBuf};

use crate::{Error, naming};

/// An entity found in the data-model crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingEntity {
    /// The struct name.
    pub name: String,
    /// The module it lives in: the file stem.
    pub module: String,
    /// Its table.
    pub table: String,
    /// The file that defines it.
    pub path: PathBuf,
}

/// Every entity defined in a top-level module of the crate at `crate_dir`,
/// sorted by name.
///
/// # Errors
///
/// Fails when the source directory cannot be listed, or a module cannot be
/// read or does not parse.
pub fn scan_entities(crate_dir: &Path) -> Result<Vec<ExistingEntity>, Error> {
    let src = crate_dir.join("src");
    let entries = std::fs::read_dir(&src).map_err(|source| Error::Io {
        path: src.clone(),
        source,
    })?;
    let mut entities = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: src.clone(),
            source,
        })?;
        let path = entry.path();
        let Some((module, file)) = module_file(&path) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        // Cheap pre-filter: most files of a large crate hold no struct.
        if !text.contains("struct") {
            continue;
        }
        let syntax = syn::parse_file(&text).map_err(|error| Error::Config {
            path: file.clone(),
            message: format!(
                "line {}: {error}; fix the syntax error so codegen can read the entities",
                error.span().start().line
            ),
        })?;
        for name in entity_structs(&syntax) {
            entities.push(ExistingEntity {
                table: naming::table_name(&name),
                name,
                module: module.clone(),
                path: file.clone(),
            });
        }
    }
    entities.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entities)
}

/// `src/user.rs` or `src/user/mod.rs` as `("user", file)`.
fn module_file(path: &Path) -> Option<(String, PathBuf)> {
    if path.is_dir() {
        let file = path.join("mod.rs");
        let name = path.file_name()?.to_str()?.to_owned();
        return file.is_file().then_some((name, file));
    }
    if path.extension()? != "rs" {
        return None;
    }
    Some((path.file_stem()?.to_str()?.to_owned(), path.to_path_buf()))
}

fn entity_structs(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                let has_id = item
                    .fields
                    .iter()
                    .any(|field| field.ident.as_ref().is_some_and(|ident| ident == "id"));
                has_id.then(|| item.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_public_structs_with_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("account")).unwrap();
        std::fs::write(src.join("lib.rs"), "pub struct NotAnEntity { pub id: u8 }").unwrap();
        std::fs::write(
            src.join("user.rs"),
            "pub struct User { pub id: Ulid, pub name: String }\nstruct Hidden { id: u8 }",
        )
        .unwrap();
        std::fs::write(
            src.join("account/mod.rs"),
            "pub struct Person { pub id: Ulid }",
        )
        .unwrap();
        std::fs::write(src.join("clock.rs"), "pub struct Clock;").unwrap();

        let entities = scan_entities(dir.path()).unwrap();
        let names: Vec<(&str, &str, &str)> = entities
            .iter()
            .map(|e| (e.name.as_str(), e.module.as_str(), e.table.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("Person", "account", "people"), ("User", "user", "users")]
        );
    }

    #[test]
    fn a_module_that_does_not_parse_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("broken.rs"), "pub struct Broken {\n  id: \n").unwrap();

        let error = scan_entities(dir.path()).unwrap_err().to_string();
        assert!(error.contains("broken.rs"), "{error}");
        assert!(error.contains("line "), "{error}");
    }
}
