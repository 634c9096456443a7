//! Where each part of each entity lives: its struct, repository trait,
//! accessors, PostgreSQL implementation, migration and tests.

use std::path::PathBuf;

use super::{Location, SourceFile, access_sites, live_tables, migrations, read_sources};
use crate::{Error, Workspace, naming, plan::Layout};

/// The parts of one entity, each `None` when it is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityParts {
    /// `Device`.
    pub name: String,
    /// `devices`.
    pub table: String,
    /// The struct in the data-model crate.
    pub data_model: Location,
    /// `trait DeviceRepository` in the storage crate.
    pub repository: Option<Location>,
    /// For `trait RepositoryAccess` and each implementation of it: what it
    /// is, and the accessor of this entity's repository in it.
    pub accessors: Vec<(String, Option<Location>)>,
    /// `impl DeviceRepository for …` in the storage-pg crate.
    pub implementation: Option<Location>,
    /// The migration that creates the table, as the migrations leave it.
    pub migration: Option<PathBuf>,
    /// The tests module of the storage-pg crate named after the entity.
    pub tests: Option<PathBuf>,
}

/// The parts of every entity codegen manages, by entity name.
///
/// # Errors
///
/// Fails when a crate or the migrations cannot be read, or the data-model
/// crate holds an entity struct that breaks the rules of
/// `#[derive(Entity)]`.
pub fn entity_parts(workspace: &Workspace) -> Result<Vec<EntityParts>, Error> {
    let root = &workspace.root;
    let entities = workspace.entities()?;
    let layout = Layout::of(workspace);
    let data_model = read_sources(root, layout.data_model_src())?;
    let storage = read_sources(root, layout.storage_src())?;
    let pg = read_sources(root, layout.pg_src())?;
    let sites = access_sites(storage.iter().chain(&pg));
    let migrations = migrations(layout.migrations())?;
    let tables = live_tables(&migrations);

    Ok(entities
        .iter()
        .filter(|entity| entity.is_managed())
        .map(|entity| {
            let repository = naming::repository_trait(&entity.name);
            EntityParts {
                data_model: find_struct(&data_model, &entity.name).unwrap_or_else(|| Location {
                    path: workspace.relative(&entity.path).to_path_buf(),
                    line: 1,
                }),
                repository: find_trait(&storage, &repository),
                accessors: sites
                    .iter()
                    .map(|site| (site.what.clone(), site.accessor_of(&repository).cloned()))
                    .collect(),
                implementation: find_impl(&pg, &repository),
                migration: tables
                    .get(entity.table.as_str())
                    .map(|path| workspace.relative(path).to_path_buf()),
                tests: Some(layout.entity(&entity.module).tests)
                    .filter(|tests| tests.is_file())
                    .map(|tests| workspace.relative(&tests).to_path_buf()),
                name: entity.name.clone(),
                table: entity.table.clone(),
            }
        })
        .collect())
}

fn find_struct(files: &[SourceFile], name: &str) -> Option<Location> {
    find(files, |item| match item {
        syn::Item::Struct(found) if found.ident == name => Some(found.ident.span()),
        _ => None,
    })
}

fn find_trait(files: &[SourceFile], name: &str) -> Option<Location> {
    find(files, |item| match item {
        syn::Item::Trait(found) if found.ident == name => Some(found.ident.span()),
        _ => None,
    })
}

fn find_impl(files: &[SourceFile], trait_name: &str) -> Option<Location> {
    find(files, |item| match item {
        syn::Item::Impl(found)
            if found.trait_.as_ref().is_some_and(|(path, _)| {
                path.segments.last().is_some_and(|s| s.ident == trait_name)
            }) =>
        {
            Some(syn::spanned::Spanned::span(&found.impl_token))
        }
        _ => None,
    })
}

fn find(
    files: &[SourceFile],
    mut matches: impl FnMut(&syn::Item) -> Option<proc_macro2::Span>,
) -> Option<Location> {
    files.iter().find_map(|file| {
        file.items()
            .find_map(&mut matches)
            .map(|span| file.at(span))
    })
}
