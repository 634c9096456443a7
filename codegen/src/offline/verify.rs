//! Whether `.sqlx` holds the offline data of every generated query as the
//! model gives it: a read of each expected file, no database, no build.

use std::path::{Path, PathBuf};

use super::{OfflineFormat, entity_files};
use crate::{Error, model::Entity, plan::read_if_exists};

/// What `verify` found wrong with one query's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The entity whose repository runs the query.
    pub entity: String,
    /// The method: `list`.
    pub method: String,
    /// Which of its queries, for a method of two: `paginating forwards`.
    pub case: Option<&'static str>,
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: Problem,
}

impl Finding {
    /// The query, for messages: `` `Device::list` (paginating forwards) ``.
    #[must_use]
    pub fn query(&self) -> String {
        let case = self
            .case
            .map_or_else(String::new, |case| format!(" ({case})"));
        format!("`{}::{}`{case}", self.entity, self.method)
    }
}

/// What is wrong with a query's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// There is none: the build cannot check the query offline.
    Missing,
    /// It holds other data than the model gives: other types or
    /// nullability, or another sqlx line's format.
    Stale,
}

/// What `verify` looked at and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verified {
    /// How many files it compared.
    pub files: usize,
    /// Each file missing or stale.
    pub findings: Vec<Finding>,
}

/// Compare the offline data of every query of `entities` in `format` with
/// the files in `dir`.
///
/// # Errors
///
/// Fails when a file exists but cannot be read.
pub fn verify(dir: &Path, entities: &[Entity], format: OfflineFormat) -> Result<Verified, Error> {
    let mut verified = Verified::default();
    for entity in entities {
        for file in entity_files(entity, format) {
            verified.files += 1;
            let path = dir.join(&file.name);
            let problem = match read_if_exists(&path)? {
                None => Problem::Missing,
                Some(found) if found != file.contents => Problem::Stale,
                Some(_) => continue,
            };
            verified.findings.push(Finding {
                entity: entity.name.clone(),
                method: file.method,
                case: file.case,
                path,
                problem,
            });
        }
    }
    Ok(verified)
}
