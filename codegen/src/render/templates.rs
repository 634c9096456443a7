//! One askama template per emitted artifact, each fed the entity and the
//! values derived from it in Rust.

use askama::Template;

use crate::{
    model::{Entity, Field, Filter},
    render::{
        forwarding::TraitForwarding, methods::Method, queries::Queries, queries::Query,
        query_tracing::QueryTracing, runtime_names::RuntimeNames,
    },
};

/// `data-model/src/<entity>.rs`.
#[derive(Template)]
#[template(path = "data-model/entity.rs.askama", escape = "none")]
pub struct DataModelEntity<'a> {
    pub entity: &'a Entity,
    pub imports: String,
    /// `, Entity` with the derive, or nothing.
    pub derives: String,
    /// The comment that marks the struct, without the derive.
    pub struct_mark: Option<String>,
    /// Each field with what marks it: `#[entity(unique)]` with the derive,
    /// `// codegen:entity(unique)` without.
    pub fields: Vec<(&'a Field, Option<String>)>,
}

/// `storage/src/<entity>.rs`: the trait, its filter and parameters, and the
/// forwarding implementations.
#[derive(Template)]
#[template(path = "storage/repository.rs.askama", escape = "none")]
pub struct StorageRepository<'a> {
    pub entity: &'a Entity,
    pub imports: String,
    /// Each filter with its builder's rustdoc lines.
    pub filters: Vec<(Filter, Vec<String>)>,
    pub methods: Vec<Method>,
    /// The attribute on the trait, or the macro call after it.
    pub forwarding: TraitForwarding,
}

/// `storage-pg/src/<entity>.rs`.
#[derive(Template)]
#[template(path = "storage-pg/repository.rs.askama", escape = "none")]
pub struct PgRepository<'a> {
    pub entity: &'a Entity,
    /// What the workspace's runtime items are called.
    pub names: &'a RuntimeNames,
    pub imports: String,
    pub queries: Queries,
    pub find_by: Vec<(Field, Query)>,
    /// `filter`, or `_filter` when the filter has no condition to read.
    pub filter_parameter: &'static str,
    /// Whether spans declare `db.query.text` and queries run `.traced()`.
    pub tracing: QueryTracing,
    /// Whether the tests are a module of this one, which declares it.
    pub tests_module: bool,
}

/// `storage-pg/migrations/<version>_create_<table>.sql`.
#[derive(Template)]
#[template(path = "storage-pg/migration.sql.askama", escape = "none")]
pub struct Migration<'a> {
    pub entity: &'a Entity,
}

/// `storage-pg/tests/repositories/<entity>.rs`.
#[derive(Template)]
#[template(path = "storage-pg/tests.rs.askama", escape = "none")]
pub struct PgTests<'a> {
    pub entity: &'a Entity,
    /// What the workspace's runtime items are called.
    pub names: &'a RuntimeNames,
    pub imports: String,
    /// `cx`, or `_cx` when `sample` adds no referenced entity.
    pub context_parameter: &'static str,
    /// `n`, or `_n` when no field's sample reads it (only references that
    /// are always set).
    pub number_parameter: &'static str,
    /// `async `, or nothing when `sample` adds no referenced entity and so
    /// awaits nothing.
    pub sample_async: &'static str,
    /// `.await` after each call of `sample`, or nothing.
    pub sample_await: &'static str,
    /// Each field's name and its value in sample number `n`.
    pub samples: Vec<(String, String)>,
    /// Each field of an added item and of its parameters, as they compare
    /// equal: floats by their bits, which survive the round trip exactly.
    pub round_trips: Vec<(String, String)>,
    pub unique_fields: Vec<Field>,
    pub filters: Vec<Filter>,
}
