//! Render: the model turned into text, one askama template per artifact,
//! then formatted by rustfmt so every Rust file is `cargo fmt` clean.

mod doc;
mod drop_migration;
mod forwarding;
mod imports;
mod methods;
mod queries;
mod query_tracing;
mod runtime_names;
mod rustfmt;
mod scope;
mod templates;
mod test_context;

use askama::Template;

pub use self::{
    doc::wrap_doc,
    drop_migration::render_drop_migration,
    methods::{Method, Parameter, repository_methods},
    queries::{ColumnOrigin, OutputColumn, Queries, Query},
    runtime_names::{ForwardingName, RuntimeNames},
    rustfmt::{RustEdition, Rustfmt},
    test_context::{TEST_CONTEXT_MODULE, TestContextParts, render_test_context},
};
use self::{
    forwarding::{MacroCall, TraitForwarding},
    imports::Imports,
    query_tracing::QueryTracing,
    scope::{Scope, check_scopes},
    templates as t,
};
use crate::{
    Error,
    config::{ENTITY_COMMENT, EntityMarks, Runtime, TestsLocation},
    expand::access::Accessor,
    model::{Diagnostics, Entity, Field, ScalarType},
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
pub fn render_entity(
    entity: &Entity,
    runtime: &Runtime,
    rustfmt: &Rustfmt,
) -> Result<RenderedEntity, Error> {
    let mut rendered = render_entities(std::slice::from_ref(entity), runtime, rustfmt)?;
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
    runtime: &Runtime,
    rustfmt: &Rustfmt,
) -> Result<Vec<RenderedEntity>, Error> {
    let names = RuntimeNames::of(runtime);
    let (mut rendered, calls): (Vec<_>, Vec<_>) = entities
        .iter()
        .map(|entity| render_unformatted(entity, runtime, &names))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    let mut files = Vec::with_capacity(rendered.len() * 4);
    let mut snippets = Vec::with_capacity(rendered.len() * 5);
    for (entity, call) in rendered.iter_mut().zip(&calls) {
        files.extend(entity.rust_files().map(std::mem::take));
        snippets.extend(entity.trait_snippets().map(std::mem::take));
        snippets.extend(call.iter().map(|call| call.signatures().to_owned()));
    }
    rustfmt.format(&mut files, &mut snippets)?;
    let mut files = files.into_iter();
    let mut snippets = snippets.into_iter();
    for (entity, call) in rendered.iter_mut().zip(&calls) {
        for (slot, text) in entity.rust_files().into_iter().zip(files.by_ref()) {
            *slot = text;
        }
        for (slot, text) in entity.trait_snippets().into_iter().zip(snippets.by_ref()) {
            *slot = text;
        }
        if let Some(call) = call {
            let signatures = snippets.next().unwrap_or_default();
            entity.storage = call
                .formatted_in(&entity.storage, &signatures)
                .ok_or_else(|| {
                    Error::Tool(
                    "rustfmt changed the forwarding macro's call, which codegen formats apart; \
                     please report it"
                        .to_owned(),
                )
                })?;
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

/// The artifacts of `entity` as the templates render them, before rustfmt,
/// and the forwarding macro's call in its storage module, if a macro
/// forwards the trait: rustfmt formats the call's signatures apart.
fn render_unformatted(
    entity: &Entity,
    runtime: &Runtime,
    names: &RuntimeNames,
) -> Result<(RenderedEntity, Option<MacroCall>), Error> {
    let filters = entity.filters();
    let unique_fields: Vec<_> = entity.unique_fields().cloned().collect();
    let queries = Queries::of(entity);

    let imports = [
        data_model_imports(entity, runtime),
        storage_imports(entity, runtime),
        pg_imports(entity, runtime),
        test_imports(entity, runtime),
    ];
    check_names_in_scope(entity, &imports)?;
    let [
        data_model_imports,
        storage_imports,
        pg_imports,
        test_imports,
    ] = imports;

    let derive = runtime.entity_marks == EntityMarks::Derive;
    let data_model = t::DataModelEntity {
        entity,
        imports: data_model_imports.render(),
        derives: if derive {
            format!(", {}", names.entity)
        } else {
            String::new()
        },
        struct_mark: (!derive).then(|| ENTITY_COMMENT.to_owned()),
        fields: entity
            .fields
            .iter()
            .map(|field| {
                let settings = field.entity_settings();
                let mark = settings.map(|settings| {
                    if derive {
                        format!("#[entity({settings})]")
                    } else {
                        format!("{ENTITY_COMMENT}({settings})")
                    }
                });
                (field, mark)
            })
            .collect(),
    };
    let methods = repository_methods(entity, names);
    let forwarding = TraitForwarding::new(&names.forwarding, &entity.repository_trait(), &methods);
    let call = forwarding.call().cloned();
    let storage = t::StorageRepository {
        entity,
        imports: storage_imports.render(),
        filters: filters
            .iter()
            .map(|filter| (filter.clone(), wrap_doc(&filter.doc(entity.human_plural()))))
            .collect(),
        methods,
        forwarding,
    };
    let storage_pg = t::PgRepository {
        entity,
        names,
        imports: pg_imports.render(),
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
        tracing: QueryTracing::new(runtime.query_tracing.is_some()),
        tests_module: runtime.tests == TestsLocation::Module,
    };
    let references = entity.references().next().is_some();
    let tests = t::PgTests {
        entity,
        names,
        imports: test_imports.render(),
        context_parameter: if references { "cx" } else { "_cx" },
        number_parameter: if entity.fields.iter().any(Field::sample_uses_number) {
            "n"
        } else {
            "_n"
        },
        sample_async: if references { "async " } else { "" },
        sample_await: if references { ".await" } else { "" },
        samples: entity
            .fields
            .iter()
            .map(|field| {
                let tests_of = |module: &str| runtime.tests.tests_module(module);
                (field.rust_name(), field.sample_expression(tests_of))
            })
            .collect(),
        round_trips: entity.fields.iter().map(round_trip).collect(),
        unique_fields,
        filters,
    };

    let [access_method, boxed_access, map_err_access, pg_access] =
        access_snippets(entity, runtime)?;
    let rendered = RenderedEntity {
        data_model: render(&data_model)?,
        storage: render(&storage)?,
        storage_pg: render(&storage_pg)?,
        migration: render_migration(entity)?,
        tests: render(&tests)?,
        access_method,
        boxed_access,
        map_err_access,
        pg_access,
    };
    Ok((rendered, call))
}

/// Refuse `entity` if one of its modules would have two things of one name
/// in scope; `imports` are the data-model, storage, PostgreSQL and test
/// modules' imports, in that order.
fn check_names_in_scope(entity: &Entity, imports: &[Imports; 4]) -> Result<(), Error> {
    let [data_model, storage, pg, tests] = imports;
    let scopes = [
        Scope {
            module: "its data-model module",
            imports: data_model,
            declared: vec![entity.name.clone()],
        },
        Scope {
            module: "its storage module",
            imports: storage,
            declared: vec![
                entity.params_type(),
                entity.filter_type(),
                entity.repository_trait(),
            ],
        },
        Scope {
            module: "its PostgreSQL module",
            imports: pg,
            declared: vec![entity.pg_repository(), entity.row_type()],
        },
        Scope {
            module: "its PostgreSQL tests",
            imports: tests,
            declared: Vec::new(),
        },
    ];
    let mut diagnostics = Diagnostics::default();
    check_scopes(entity, &scopes, &mut diagnostics);
    diagnostics.finish(()).map_err(Error::Invalid)
}

/// The accessors inline wiring inserts, before formatting: the same code the
/// build scripts write (`crate::expand::access`), as text.
fn access_snippets(entity: &Entity, runtime: &Runtime) -> Result<[String; 4], Error> {
    let module = quote::format_ident!("{}", entity.module);
    let repository = quote::format_ident!("{}", entity.repository_trait());
    let pg_repository = quote::format_ident!("{}", entity.pg_repository());
    let storage_crate = rust_path(&runtime.crates.storage)?;
    let map_err = rust_path(&runtime.map_err.seen_from(&runtime.crates.storage))?;
    let in_storage = Accessor {
        method: module.clone(),
        trait_path: syn::parse_quote!(crate::#module::#repository),
    };
    let in_pg = Accessor {
        method: module.clone(),
        trait_path: syn::parse_quote!(#storage_crate::#module::#repository),
    };
    Ok([
        format!("/// {}\n{}", in_storage.doc(), in_storage.declaration()),
        in_storage.boxed().to_string(),
        in_storage.map_err(&map_err).to_string(),
        in_pg
            .backend(
                &syn::parse_quote!(crate::#module::#pg_repository),
                &syn::parse_str(&runtime.pg_connection).map_err(|error| {
                    Error::Tool(format!(
                        "`{}` is not a Rust expression ({error}); fix `pg-connection` in \
                         codegen.toml's `[runtime]`",
                        runtime.pg_connection
                    ))
                })?,
            )
            .to_string(),
    ])
}

/// `path` as a syn path; the settings checked it is one.
fn rust_path(path: &str) -> Result<syn::Path, Error> {
    syn::parse_str(path).map_err(|error| {
        Error::Tool(format!(
            "`{path}` is not a Rust path ({error}); fix it in codegen.toml's `[runtime]`"
        ))
    })
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

fn data_model_imports(entity: &Entity, runtime: &Runtime) -> Imports {
    let own = &runtime.crates.data_model;
    Imports::default()
        .with([
            "chrono::DateTime".to_owned(),
            "chrono::Utc".to_owned(),
            "ulid::Ulid".to_owned(),
        ])
        .with((runtime.entity_marks == EntityMarks::Derive).then(|| runtime.entity.seen_from(own)))
        // For `#[entity(references = User)]`; a comment names no item.
        .with(
            entity
                .referenced_entities()
                .into_iter()
                .filter(|_| runtime.entity_marks == EntityMarks::Derive)
                .map(|name| format!("crate::{name}")),
        )
        .with(field_type_imports(entity))
}

fn storage_imports(entity: &Entity, runtime: &Runtime) -> Imports {
    let own = &runtime.crates.storage;
    let data_model = &runtime.crates.data_model;
    Imports::default()
        .with(["async_trait::async_trait", "ulid::Ulid"])
        .with(
            [
                &runtime.clock,
                &runtime.rng,
                &runtime.page,
                &runtime.pagination,
                runtime.forwarding.path(),
            ]
            .map(|item| item.seen_from(own)),
        )
        .with([format!("{data_model}::{}", entity.name)])
        .with(
            entity
                .referenced_entities()
                .into_iter()
                .map(|name| format!("{data_model}::{name}")),
        )
        .with(field_type_imports(entity))
}

fn pg_imports(entity: &Entity, runtime: &Runtime) -> Imports {
    let own = &runtime.crates.storage_pg;
    let data_model = &runtime.crates.data_model;
    let storage = &runtime.crates.storage;
    let module = &entity.module;
    Imports::default()
        .with([
            "async_trait::async_trait",
            "chrono::DateTime",
            "chrono::Utc",
            "sqlx::PgConnection",
            "ulid::Ulid",
            "uuid::Uuid",
        ])
        .with(
            [
                &runtime.clock,
                &runtime.id_maker.import(),
                runtime.pg_rng.as_ref().unwrap_or(&runtime.rng),
                &runtime.page,
                &runtime.node,
                &runtime.pagination,
                &runtime.pagination_direction,
                &runtime.database_error,
            ]
            .map(|item| item.seen_from(own)),
        )
        .with(runtime.query_tracing.iter().map(|item| item.seen_from(own)))
        .with([
            format!("{data_model}::{}", entity.name),
            format!("{storage}::{module}::{}", entity.params_type()),
            format!("{storage}::{module}::{}", entity.filter_type()),
            format!("{storage}::{module}::{}", entity.repository_trait()),
        ])
        .with(field_type_imports(entity))
}

/// A field of an added item and of the parameters it was added with, as
/// the tests compare them: floats by their bits, as pedantic clippy asks
/// and as the database gives them back exactly.
fn round_trip(field: &Field) -> (String, String) {
    let name = field.rust_name();
    let bits = match field.scalar() {
        float @ (ScalarType::F32 | ScalarType::F64) if field.nullable => {
            format!(".map({}::to_bits)", float.spec_name())
        }
        ScalarType::F32 | ScalarType::F64 => ".to_bits()".to_owned(),
        _ => String::new(),
    };
    (format!("item.{name}{bits}"), format!("params.{name}{bits}"))
}

fn test_imports(entity: &Entity, runtime: &Runtime) -> Imports {
    let data_model = &runtime.crates.data_model;
    let storage = &runtime.crates.storage;
    Imports::default()
        .with(["sqlx::PgPool", "ulid::Ulid"])
        .with(
            [
                &runtime.clock,
                &runtime.page,
                &runtime.pagination,
                &runtime.repository_access,
                &runtime.test_context,
            ]
            .map(|item| {
                runtime
                    .tests
                    .pg_item(&runtime.crates.storage_pg, item.as_str())
            }),
        )
        .with([
            format!("{data_model}::{}", entity.name),
            format!("{storage}::{}::{}", entity.module, entity.params_type()),
            format!("{storage}::{}::{}", entity.module, entity.filter_type()),
        ])
}
