//! The offline query data of the generated queries, computed from the
//! model: for each checked query the generator writes, the
//! `.sqlx/query-<hash>.json` file sqlx's macros would write after
//! describing it to PostgreSQL, byte for byte, with no database and no
//! build.
//!
//! Every piece is one the generator already holds: the query's text is the
//! literal the template writes ([`crate::render::Query::literal`]), the
//! types of its parameters and columns come from the model's one table of
//! PostgreSQL types ([`crate::model::ScalarType::pg_type`]), nullability
//! from the fields, and each column's origin from the table and column the
//! migration creates. `codegen db prepare` (sqlx-cli against a database)
//! stays the arbiter: the end-to-end tests compare the two.

mod data;
mod format;
mod literals;
mod verify;

pub use self::{
    format::OfflineFormat,
    literals::{FoundQuery, checked_queries},
    verify::{Finding, Problem, Verified, verify},
};
use crate::{model::Entity, render::Queries};

/// The offline data of one generated query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineFile {
    /// The repository method whose query it is: `list`.
    pub method: String,
    /// Which of the method's queries, for a method of two: `paginating
    /// backwards`.
    pub case: Option<&'static str>,
    /// Its file name in `.sqlx`: `query-<sha256 of the query>.json`.
    pub name: String,
    /// Its JSON, with the newline sqlx ends it with.
    pub contents: String,
}

/// The offline data of every query of `entity`'s PostgreSQL repository,
/// in `format`, in the order the template writes the queries.
#[must_use]
pub fn entity_files(entity: &Entity, format: OfflineFormat) -> Vec<OfflineFile> {
    Queries::of(entity)
        .iter()
        .map(|query| {
            let (name, contents) = data::render(query, format);
            OfflineFile {
                method: query.method.clone(),
                case: query.case,
                name,
                contents,
            }
        })
        .collect()
}

impl OfflineFile {
    /// The method and its case: `list (paginating backwards)`.
    #[must_use]
    pub fn method_and_case(&self) -> String {
        match self.case {
            Some(case) => format!("{} ({case})", self.method),
            None => self.method.clone(),
        }
    }
}

/// The name of the file in which sqlx keeps the offline data of the query
/// whose text is `text`.
#[must_use]
pub fn file_name(text: &str) -> String {
    data::file_name(&data::hash(text))
}

#[cfg(test)]
mod tests;
