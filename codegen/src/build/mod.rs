//! The build-script API: the `RepositoryAccess` wiring, written at compile
//! time from the repositories a crate actually contains, so that adding an
//! entity touches no wiring file.
//!
//! The storage crate's `build.rs`:
//!
//! ```no_run
//! codegen::build::write_repository_access("crate::MapErr");
//! ```
//!
//! and its `src/repository.rs` includes the result:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/repository_access.rs"));
//! ```
//!
//! A backend's `build.rs` writes its `impl RepositoryAccess` the same way
//! with [`write_backend_access`].
//!
//! Each script tells cargo to rerun it only when a file that declares
//! modules, or holds a repository, changes: a no-op build and an edit
//! elsewhere run no script. (A repository added to a file that held none
//! is picked up at the next change of a tracked file, such as the
//! `mod` declaration that every new entity adds.)

mod module_tree;
mod scan;

use std::{
    fmt,
    path::{Path, PathBuf},
};

use proc_macro2::TokenStream;

use self::module_tree::{ModuleFile, module_files};
use crate::expand::access::{backend_repository_access, repository_access};

/// The file written into `OUT_DIR`.
pub const OUTPUT_FILE: &str = "repository_access.rs";

/// Why the wiring could not be written: a file, maybe a line, and what is
/// wrong there.
#[derive(Debug)]
pub struct BuildError {
    /// The file.
    pub path: PathBuf,
    /// The line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// For the storage crate's `build.rs`: write the `RepositoryAccess` trait,
/// with an accessor for every `#[repository]` trait of the crate, and its
/// implementations for `Box<R>` and for the `MapErr` at `map_err`.
///
/// On failure, prints the problem as a cargo error naming the file and line
/// and exits with a failure status.
pub fn write_repository_access(map_err: &str) {
    run(|files| {
        let map_err = parse_path(map_err)?;
        let accessors = scan::repository_traits(files);
        Ok((
            repository_access(&accessors, &map_err),
            tracked(files, |file| {
                !scan::repository_traits(std::slice::from_ref(file)).is_empty()
            }),
        ))
    });
}

/// What a backend's wiring is made of.
#[derive(Debug, Clone, Copy)]
pub struct Backend<'a> {
    /// The path of the `RepositoryAccess` trait: `storage::RepositoryAccess`.
    pub access_trait: &'a str,
    /// The backend's unit of work: `crate::PgRepository`.
    pub unit_of_work: &'a str,
    /// The backend's error type: `crate::DatabaseError`.
    pub error: &'a str,
    /// The prefix of its implementations' names: `Pg` for
    /// `PgUserRepository`, which implements `UserRepository`.
    pub prefix: &'a str,
    /// What each implementation's `new` is given, in the unit of work:
    /// `&mut self.txn`.
    pub connection: &'a str,
}

/// For a backend's `build.rs`: write `impl RepositoryAccess for <unit of
/// work>`, with an accessor for each implementation of a repository trait
/// found in the crate.
///
/// On failure, prints the problem as a cargo error naming the file and line
/// and exits with a failure status.
pub fn write_backend_access(backend: Backend<'_>) {
    run(|files| {
        let access = parse_path(backend.access_trait)?;
        let unit_of_work = parse_path(backend.unit_of_work)?;
        let error = parse_path(backend.error)?;
        let connection: syn::Expr =
            syn::parse_str(backend.connection).map_err(|error| BuildError {
                path: PathBuf::from("build.rs"),
                line: None,
                message: format!("`{}` is not an expression: {error}", backend.connection),
            })?;
        let implementations = scan::backend_implementations(files, backend.prefix)?;
        let code = backend_repository_access(
            &access,
            &unit_of_work,
            &error,
            &connection,
            &implementations,
        );
        let tracked = tracked(files, |file| {
            scan::backend_implementations(std::slice::from_ref(file), backend.prefix)
                .is_ok_and(|found| !found.is_empty())
        });
        Ok((code, tracked))
    });
}

/// Scan the crate, write what `generate` makes of it to `OUT_DIR`, and tell
/// cargo which files to watch; on an error, report it to cargo and exit.
fn run(generate: impl FnOnce(&[ModuleFile]) -> Result<(TokenStream, Vec<PathBuf>), BuildError>) {
    if let Err(error) = try_run(generate) {
        // Cargo shows `cargo::error` lines as errors of the build.
        println!("cargo::error={error}");
        std::process::exit(1);
    }
}

fn try_run(
    generate: impl FnOnce(&[ModuleFile]) -> Result<(TokenStream, Vec<PathBuf>), BuildError>,
) -> Result<(), BuildError> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;
    let root = manifest_dir.join("src/lib.rs");
    let files = module_files(&root)?;
    let (code, tracked) = generate(&files)?;
    for path in &tracked {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    write_if_changed(&out_dir.join(OUTPUT_FILE), &code.to_string())
}

/// The files whose change may change the wiring: those that declare
/// modules, and those `holds` says hold a part of it.
fn tracked(files: &[ModuleFile], holds: impl Fn(&ModuleFile) -> bool) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|file| file.declares_modules() || holds(file))
        .map(|file| file.path.clone())
        .collect()
}

fn env_path(name: &str) -> Result<PathBuf, BuildError> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| BuildError {
            path: PathBuf::from("build.rs"),
            line: None,
            message: format!("`{name}` is not set; call this from a build script that cargo runs"),
        })
}

fn parse_path(text: &str) -> Result<syn::Path, BuildError> {
    syn::parse_str(text).map_err(|error| BuildError {
        path: PathBuf::from("build.rs"),
        line: None,
        message: format!("`{text}` is not a path: {error}"),
    })
}

/// Write `text` to `path` unless it holds exactly that already.
fn write_if_changed(path: &Path, text: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|error| BuildError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot write it: {error}"),
    })
}
