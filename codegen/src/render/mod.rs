//! Render: the model turned into text, one askama template per artifact,
//! then formatted by rustfmt so every Rust file is `cargo fmt` clean.

mod doc;
mod drop_migration;
mod imports;
mod methods;
mod queries;
mod rustfmt;
mod templates;

use askama::Template;

pub use self::{
    doc::wrap_doc,
    drop_migration::render_drop_migration,
    methods::{Method, Parameter, repository_methods},
    queries::{Queries, Query},
    rustfmt::{RustEdition, Rustfmt},
};
use self::{imports::Imports, templates as t};
use crate::{
    Error,
    expand::access::Accessor,
    model::{Entity, FieldType, ScalarType},
};

/// Everything `new-entity` writes for one entity, formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEntity {
    /// The data-model module.
    pub data_model: String,
    /// The storage module: trait, filter, parameters, forwarding impls.
    pub storage: String,
    /// The PostgreSQL module.
    pub storage_pg: String,
    /// The migration.
    pub migration: String,
    /// The PostgreSQL tests module.
    pub tests: String,
    /// The accessor declaration for the `RepositoryAccess` trait, indented
    /// for a trait body.
    pub access_method: String,
    /// The accessor for `Box<R>`'s implementation.
    pub boxed_access: String,
    /// The accessor for `MapErr<R, F>`'s implementation.
    pub map_err_access: String,
    /// The accessor for `PgRepository`'s implementation.
    pub pg_access: String,
}

/// Render every artifact of `entity` and format the Rust ones with
/// `rustfmt`.
///
/// # Errors
///
/// Fails if a template fails to render, or rustfmt cannot run or rejects
/// the output (a bug in a template).
pub fn render_entity(entity: &Entity, rustfmt: &Rustfmt) -> Result<RenderedEntity, Error> {
    let mut rendered = render_entities(std::slice::from_ref(entity), rustfmt)?;
    rendered
        .pop()
        .ok_or_else(|| Error::Tool("rendering gave nothing; please report it".to_owned()))
}

/// Render every artifact of each of `entities`, formatting all their Rust in
/// one rustfmt run: its start-up is most of what formatting one entity costs.
///
/// # Errors
///
/// As [`render_entity`].
pub fn render_entities(
    entities: &[Entity],
    rustfmt: &Rustfmt,
) -> Result<Vec<RenderedEntity>, Error> {
    let mut rendered = entities
        .iter()
        .map(render_unformatted)
        .collect::<Result<Vec<_>, _>>()?;
    let mut files = Vec::with_capacity(rendered.len() * 4);
    let mut snippets = Vec::with_capacity(rendered.len() * 4);
    for entity in &mut rendered {
        files.extend(entity.rust_files().map(std::mem::take));
        snippets.extend(entity.trait_snippets().map(std::mem::take));
    }
    rustfmt.format(&mut files, &mut snippets)?;
    let mut files = files.into_iter();
    let mut snippets = snippets.into_iter();
    for entity in &mut rendered {
        for (slot, text) in entity.rust_files().into_iter().zip(files.by_ref()) {
            *slot = text;
        }
        for (slot, text) in entity.trait_snippets().into_iter().zip(snippets.by_ref()) {
            *slot = text;
        }
    }
    Ok(rendered)
}

impl RenderedEntity {
    /// The whole Rust files, for rustfmt.
    fn rust_files(&mut self) -> [&mut String; 4] {
        [
            &mut self.data_model,
            &mut self.storage,
            &mut self.storage_pg,
            &mut self.tests,
        ]
    }

    /// The accessors, items for a trait or impl body, for rustfmt.
    fn trait_snippets(&mut self) -> [&mut String; 4] {
        [
            &mut self.access_method,
            &mut self.boxed_access,
            &mut self.map_err_access,
            &mut self.pg_access,
        ]
    }
}

/// The artifacts of `entity` as the templates render them, before rustfmt.
fn render_unformatted(entity: &Entity) -> Result<RenderedEntity, Error> {
    let filters = entity.filters();
    let unique_fields: Vec<_> = entity.unique_fields().cloned().collect();
    let queries = Queries::of(entity);
    let references: Vec<_> = entity
        .references()
        .filter_map(|field| match &field.ty {
            FieldType::Reference(reference) => Some((field.clone(), reference.module.clone())),
            FieldType::Scalar(_) => None,
        })
        .collect();

    let data_model = t::DataModelEntity {
        entity,
        imports: data_model_imports(entity).render(),
    };
    let storage = t::StorageRepository {
        entity,
        imports: storage_imports(entity).render(),
        filters: filters
            .iter()
            .map(|filter| (filter.clone(), wrap_doc(&filter.doc(entity.human_plural()))))
            .collect(),
        methods: repository_methods(entity),
    };
    let storage_pg = t::PgRepository {
        entity,
        imports: pg_imports(entity).render(),
        find_by: unique_fields
            .iter()
            .cloned()
            .zip(queries.find_by.iter().cloned())
            .collect(),
        queries,
        filter_parameter: if filters.is_empty() {
            "_filter"
        } else {
            "filter"
        },
    };
    let tests = t::PgTests {
        entity,
        imports: test_imports(entity).render(),
        context_parameter: if references.is_empty() { "_cx" } else { "cx" },
        references,
        unique_fields,
        filters,
    };

    let [access_method, boxed_access, map_err_access, pg_access] = access_snippets(entity);
    Ok(RenderedEntity {
        data_model: render(&data_model)?,
        storage: render(&storage)?,
        storage_pg: render(&storage_pg)?,
        migration: render_migration(entity)?,
        tests: render(&tests)?,
        access_method,
        boxed_access,
        map_err_access,
        pg_access,
    })
}

/// The accessors inline wiring inserts, before formatting: the same code the
/// build scripts write (`crate::expand::access`), as text.
fn access_snippets(entity: &Entity) -> [String; 4] {
    let module = quote::format_ident!("{}", entity.module);
    let repository = quote::format_ident!("{}", entity.repository_trait());
    let pg_repository = quote::format_ident!("{}", entity.pg_repository());
    let in_storage = Accessor {
        method: module.clone(),
        trait_path: syn::parse_quote!(crate::#module::#repository),
    };
    let in_pg = Accessor {
        method: module.clone(),
        trait_path: syn::parse_quote!(storage::#module::#repository),
    };
    [
        format!("/// {}\n{}", in_storage.doc(), in_storage.declaration()),
        in_storage.boxed().to_string(),
        in_storage
            .map_err(&syn::parse_quote!(crate::MapErr))
            .to_string(),
        in_pg
            .backend(
                &syn::parse_quote!(crate::#module::#pg_repository),
                &syn::parse_quote!(&mut self.txn),
            )
            .to_string(),
    ]
}

/// The migration that creates `entity`'s table, as `new-entity` writes it.
///
/// # Errors
///
/// Fails if the template fails to render.
pub fn render_migration(entity: &Entity) -> Result<String, Error> {
    let mut migration = render(&t::Migration { entity })?;
    ensure_trailing_newline(&mut migration);
    Ok(migration)
}

fn render(template: &impl Template) -> Result<String, Error> {
    template
        .render()
        .map_err(|error| Error::Tool(format!("rendering a template failed: {error}")))
}

fn ensure_trailing_newline(text: &mut String) {
    if !text.ends_with('\n') {
        text.push('\n');
    }
}

/// The imports each field type needs, for the types `entity` uses.
fn field_type_imports(entity: &Entity) -> Vec<&'static str> {
    ScalarType::ALL
        .into_iter()
        .filter(|&scalar| entity.uses(scalar))
        .flat_map(ScalarType::imports)
        .copied()
        .collect()
}

fn data_model_imports(entity: &Entity) -> Imports {
    Imports::default()
        .with([
            "chrono::DateTime",
            "chrono::Utc",
            "ulid::Ulid",
            "crate::Entity",
        ])
        .with(
            entity
                .referenced_entities()
                .into_iter()
                .map(|name| format!("crate::{name}")),
        )
        .with(field_type_imports(entity))
}

fn storage_imports(entity: &Entity) -> Imports {
    Imports::default()
        .with([
            "async_trait::async_trait",
            "data_model::Clock",
            "rand_core::Rng",
            "ulid::Ulid",
            "crate::Page",
            "crate::Pagination",
            "crate::repository",
        ])
        .with([format!("data_model::{}", entity.name)])
        .with(
            entity
                .referenced_entities()
                .into_iter()
                .map(|name| format!("data_model::{name}")),
        )
        .with(field_type_imports(entity))
}

fn pg_imports(entity: &Entity) -> Imports {
    let module = &entity.module;
    Imports::default()
        .with([
            "async_trait::async_trait",
            "chrono::DateTime",
            "chrono::Utc",
            "data_model::Clock",
            "data_model::Entity",
            "data_model::new_id",
            "rand_core::Rng",
            "sqlx::PgConnection",
            "storage::Page",
            "storage::Pagination",
            "ulid::Ulid",
            "uuid::Uuid",
            "crate::DatabaseError",
            "crate::DatabaseInconsistencyError",
        ])
        .with([
            format!("data_model::{}", entity.name),
            format!("storage::{module}::{}", entity.params_type()),
            format!("storage::{module}::{}", entity.filter_type()),
            format!("storage::{module}::{}", entity.repository_trait()),
        ])
        .with(field_type_imports(entity))
}

fn test_imports(entity: &Entity) -> Imports {
    // Only the uniqueness tests look at the error.
    let database_error = entity
        .unique_fields()
        .next()
        .map(|_| "storage_pg::DatabaseError");
    Imports::default()
        .with([
            "data_model::Clock",
            "sqlx::PgPool",
            "storage::Pagination",
            "storage::RepositoryAccess",
            "ulid::Ulid",
            "crate::context::Context",
        ])
        .with(database_error)
        .with([
            format!("data_model::{}", entity.name),
            format!("storage::{}::{}", entity.module, entity.params_type()),
            format!("storage::{}::{}", entity.module, entity.filter_type()),
        ])
}
