//! The entities a workspace already holds, read from its data-model crate.
//!
//! A struct with `#[derive(Entity)]` is read with the same parser as the
//! derive itself ([`crate::source::entity`]): its fields, types and
//! attributes are the source of truth. It is then checked by the same rules
//! as an entity typed on the command line ([`crate::validate::check_entity`]),
//! so that a field added by hand cannot make what the generator writes for
//! it fail to compile or migrate. A public struct with an `id` field
//! and no derive (a hand-written data model) is known by its name only.

use std::path::{Path, PathBuf};

use crate::{
    Error,
    build::BuildError,
    input::{HandWritten, NotReferenceable},
    model::{Diagnostics, Entity, Origin, Reference},
    naming,
    source::entity::{EntityMarks, derives_entity, lower, parse_entity, read_marks, table_of},
    validate::check_entity,
};

/// An entity found in the data-model crate.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingEntity {
    /// The struct name.
    pub name: String,
    /// The module it lives in: the file stem.
    pub module: String,
    /// Its table.
    pub table: String,
    /// The file that defines it.
    pub path: PathBuf,
    /// Whether its struct derives `Entity`: see [`Self::is_managed`].
    pub derives_entity: bool,
    /// Its model, when the struct derives `Entity` (once it is checked).
    pub model: Option<Entity>,
    /// For a hand-written entity, how a generated one references it, or
    /// why codegen cannot tell.
    pub hand_written: Option<Result<HandWritten, NotReferenceable>>,
}

impl ExistingEntity {
    /// Whether codegen manages it: its struct derives `Entity`, as every
    /// struct `new-entity` writes does and a hand-written one may, to opt
    /// in. The others are the workspace's own: codegen reads them (to
    /// reference them, to know their tables) and reports nothing of them.
    #[must_use]
    pub const fn is_managed(&self) -> bool {
        self.derives_entity
    }

    /// How a field of another entity refers to this one: a managed entity
    /// by its table and generated samples, a hand-written one as
    /// [`HandWritten`] says; `None` for a hand-written one codegen cannot
    /// tell how to.
    #[must_use]
    pub fn as_reference(&self) -> Option<Reference> {
        if self.is_managed() {
            return Some(Reference {
                entity: self.name.clone(),
                module: self.module.clone(),
                table: self.table.clone(),
                key_column: naming::key_column(&self.name),
                accessor: self.module.clone(),
                add_sample: None,
            });
        }
        let found = self.hand_written.as_ref()?.as_ref().ok()?;
        Some(Reference {
            entity: self.name.clone(),
            module: self.module.clone(),
            table: found.table.clone(),
            key_column: found.key_column.clone(),
            accessor: found.accessor.clone(),
            add_sample: Some(found.add_sample.clone()),
        })
    }
}

/// A struct found on the first pass, before references are resolved.
struct Found {
    module: String,
    path: PathBuf,
    item: syn::ItemStruct,
    table: String,
}

/// Every entity defined in a top-level module of the crate at `crate_dir`,
/// sorted by name. Paths in messages are relative to `root`. `hand_written`
/// tells how to reference each entity codegen does not manage.
///
/// # Errors
///
/// Fails when the source directory cannot be listed or a module cannot be
/// read, and with every module that does not parse, is not UTF-8 or is a
/// broken symlink, and every problem of every entity struct that breaks
/// the rules of `#[derive(Entity)]`.
pub fn scan_entities(
    root: &Path,
    crate_dir: &Path,
    marks: EntityMarks,
    hand_written: impl Fn(&str) -> Result<HandWritten, NotReferenceable>,
) -> Result<Vec<ExistingEntity>, Error> {
    let mut diagnostics = Diagnostics::default();
    let found = find_structs(root, crate_dir, marks, &mut diagnostics)?;
    let references: Vec<ExistingEntity> = found
        .iter()
        .map(|found| {
            let name = found.item.ident.to_string();
            let derives = derives_entity(&found.item);
            let hand_written = (!derives).then(|| hand_written(&name));
            let table = match &hand_written {
                Some(Ok(found)) => found.table.clone(),
                _ => found.table.clone(),
            };
            ExistingEntity {
                name,
                module: found.module.clone(),
                table,
                path: found.path.clone(),
                derives_entity: derives,
                model: None,
                hand_written,
            }
        })
        .collect();
    let mut entities = Vec::new();
    for (found, mut entity) in found.iter().zip(references.iter().cloned()) {
        if entity.derives_entity {
            let shown = found.path.strip_prefix(root).unwrap_or(&found.path);
            match parse_entity(&found.item) {
                Ok(parsed) => {
                    let unchecked = lower(&parsed, shown, &found.module);
                    match check_entity(&unchecked, &references, Diagnostics::default()) {
                        Ok(model) => entity.model = Some(model),
                        Err(problems) => {
                            for problem in problems.as_slice() {
                                diagnostics.push(&problem.origin, problem.message.clone());
                            }
                        }
                    }
                }
                Err(errors) => record(&mut diagnostics, shown, errors),
            }
        }
        entities.push(entity);
    }
    diagnostics.sort_by_origin();
    diagnostics.finish(()).map_err(Error::Invalid)?;
    entities.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entities)
}

/// Each syn error as a diagnostic at its line, with the fix's place named.
fn record(diagnostics: &mut Diagnostics, path: &Path, errors: syn::Error) {
    for error in errors {
        let origin = Origin::File {
            path: path.to_path_buf(),
            line: error.span().start().line,
        };
        diagnostics.push(
            &origin,
            format!("{error} (codegen reads this struct as the source of truth; fix it there)"),
        );
    }
}

/// The public structs with an `id` field in the crate's top-level modules.
fn find_structs(
    root: &Path,
    crate_dir: &Path,
    marks: EntityMarks,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Found>, Error> {
    let src = crate_dir.join("src");
    let entries = std::fs::read_dir(&src).map_err(|source| Error::Io {
        path: src.clone(),
        source,
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: src.clone(),
            source,
        })?;
        let Some((module, file)) = module_file(&entry.path()) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let shown = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
        let text = match BuildError::read_source(&file, &shown) {
            Ok(text) => text,
            // With the syntax errors, so that every problem of the crate
            // shows at once.
            Err(Error::Invalid(problems)) => {
                for problem in problems.as_slice() {
                    diagnostics.push(&problem.origin, problem.message.clone());
                }
                continue;
            }
            Err(error) => return Err(error),
        };
        // Cheap pre-filter: most files of a large crate hold no struct.
        if !text.contains("struct") {
            continue;
        }
        let syntax = match syn::parse_file(&text) {
            Ok(syntax) => syntax,
            Err(error) => {
                diagnostics.push(
                    &Origin::File {
                        path: shown,
                        line: error.span().start().line,
                    },
                    format!("{error}; fix the syntax error so codegen can read the entities"),
                );
                continue;
            }
        };
        for item in syntax.items {
            let syn::Item::Struct(item) = item else {
                continue;
            };
            let item = match marks {
                EntityMarks::Derive => item,
                EntityMarks::Comments => match read_marks(&item, &text) {
                    Ok(marked) => marked.unwrap_or(item),
                    Err(errors) => {
                        record(diagnostics, &shown, errors);
                        continue;
                    }
                },
            };
            if is_entity_candidate(&item) {
                let table = if derives_entity(&item) {
                    parse_entity(&item).map_or_else(
                        |_| naming::table_name(&item.ident.to_string()),
                        |parsed| table_of(&parsed),
                    )
                } else {
                    naming::table_name(&item.ident.to_string())
                };
                found.push(Found {
                    module: module.clone(),
                    path: file.clone(),
                    item,
                    table,
                });
            }
        }
    }
    Ok(found)
}

fn is_entity_candidate(item: &syn::ItemStruct) -> bool {
    let public = matches!(item.vis, syn::Visibility::Public(_));
    let has_id = item
        .fields
        .iter()
        .any(|field| field.ident.as_ref().is_some_and(|ident| ident == "id"));
    derives_entity(item) || (public && has_id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldType, ScalarType};

    fn no_hand_written(name: &str) -> Result<HandWritten, NotReferenceable> {
        Err(NotReferenceable::settable(name, "not asked".to_owned()))
    }

    fn crate_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("src").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const USER: &str = "#[derive(Entity)]\n#[entity(table = \"accounts\")]\npub struct User {\n    pub id: Ulid,\n    pub created_at: DateTime<Utc>,\n    #[entity(unique)]\n    pub username: String,\n}\n";

    #[test]
    fn reads_derived_structs_as_models() {
        let device = "#[derive(Entity)]\npub struct Device {\n    pub id: Ulid,\n    pub created_at: DateTime<Utc>,\n    pub notes: Option<String>,\n    #[entity(references = User)]\n    pub owner_id: Ulid,\n}\n";
        let dir = crate_with(&[("user.rs", USER), ("device.rs", device), ("lib.rs", "")]);

        let entities =
            scan_entities(dir.path(), dir.path(), EntityMarks::Derive, no_hand_written).unwrap();

        let names: Vec<(&str, &str)> = entities
            .iter()
            .map(|e| (e.name.as_str(), e.table.as_str()))
            .collect();
        assert_eq!(names, vec![("Device", "devices"), ("User", "accounts")]);
        let device = entities[0].model.as_ref().unwrap();
        assert_eq!(device.fields.len(), 2);
        assert_eq!(device.fields[0].ty, FieldType::Scalar(ScalarType::String));
        assert!(device.fields[0].nullable);
        let FieldType::Reference(owner) = &device.fields[1].ty else {
            panic!("owner_id is a reference");
        };
        assert_eq!(device.fields[1].name, "owner");
        assert_eq!(owner.table, "accounts");
        assert!(entities[1].model.as_ref().unwrap().fields[0].unique);
    }

    #[test]
    fn hand_written_structs_are_known_by_name() {
        let dir = crate_with(&[
            ("lib.rs", "pub struct NotAnEntity { pub id: u8 }"),
            (
                "account/mod.rs",
                "pub struct Person { pub id: Ulid }\nstruct Hidden { id: u8 }",
            ),
            ("clock.rs", "pub struct Clock;"),
        ]);
        let entities =
            scan_entities(dir.path(), dir.path(), EntityMarks::Derive, no_hand_written).unwrap();
        assert_eq!(entities.len(), 1);
        assert_eq!(
            (entities[0].name.as_str(), entities[0].module.as_str()),
            ("Person", "account")
        );
        assert_eq!(entities[0].table, "people");
        assert!(entities[0].model.is_none());
    }

    #[test]
    fn broken_structs_are_reported_at_their_lines() {
        let broken = "#[derive(Entity)]\npub struct Device {\n    pub id: Ulid,\n    pub created_at: DateTime<Utc>,\n    pub count: u32,\n    #[entity(uniq)]\n    pub name: String,\n}\n";
        let dir = crate_with(&[
            ("device.rs", broken),
            ("syntax.rs", "pub struct Broken {\n  id: \n"),
        ]);

        let error = scan_entities(dir.path(), dir.path(), EntityMarks::Derive, no_hand_written)
            .unwrap_err()
            .to_string();

        assert!(
            error.contains("src/device.rs:5: unsupported field type for `count`"),
            "{error}"
        );
        assert!(
            error.contains("src/device.rs:6: unknown entity attribute `uniq`"),
            "{error}"
        );
        assert!(error.contains("src/syntax.rs:"), "{error}");
    }
}
