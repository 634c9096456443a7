//! A crate's Rust sources, read and parsed once for every question asked
//! of them.

use std::path::{Path, PathBuf};

use proc_macro2::Span;

use super::Location;
use crate::{Error, build::BuildError, plan::rust_files};

/// One parsed `.rs` file.
pub struct SourceFile {
    /// The file, relative to the workspace root.
    pub path: PathBuf,
    /// Its syntax tree; `None` if it does not parse, which is the
    /// compiler's to report.
    pub syntax: Option<syn::File>,
}

impl SourceFile {
    /// Where `span` starts in this file.
    #[must_use]
    pub fn at(&self, span: Span) -> Location {
        Location {
            path: self.path.clone(),
            line: span.start().line,
        }
    }

    /// The file's top-level items, none if it does not parse.
    pub fn items(&self) -> impl Iterator<Item = &syn::Item> {
        self.syntax.iter().flat_map(|syntax| &syntax.items)
    }
}

/// Every `.rs` file under `dir`, in name order, with paths relative to
/// `root`.
///
/// # Errors
///
/// Fails when a directory cannot be listed or a file cannot be read; a
/// file that is not UTF-8 or a symlink that loops or leads nowhere is an
/// [`Error::Invalid`] that says how to fix it.
pub fn read_sources(root: &Path, dir: &Path) -> Result<Vec<SourceFile>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    rust_files(dir)?
        .into_iter()
        .map(|path| {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = BuildError::read_source(&path, &shown)?;
            Ok(SourceFile {
                syntax: syn::parse_file(&text).ok(),
                path: shown,
            })
        })
        .collect()
}
