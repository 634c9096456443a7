//! Inspect: where each entity's parts live in a workspace, read from the
//! tree as it is (whoever wrote it), for `codegen list` and `codegen check`.

mod migrations;
mod parts;
mod sources;
mod wiring;

use std::path::PathBuf;

pub use self::{
    migrations::{Migration, live_primary_key, live_tables, migrations, parse_tables},
    parts::{EntityParts, entity_parts},
    sources::{SourceFile, read_sources},
    wiring::{
        AccessSite, RepositoryTrait, access_sites, missing_implementations, missing_wiring,
        repository_traits,
    },
};

/// A place in a file, for messages and listings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, relative to the workspace root.
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}
