//! The members of a Cargo workspace, as its root `Cargo.toml` lists them,
//! each with the names code uses for it and for its dependencies.

use std::{
    collections::BTreeMap,
    path::{Component, Path, PathBuf},
};

use serde::Deserialize;

use super::glob::expand;
use crate::{Error, config::library_name};

/// One crate of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its directory, relative to the workspace root; empty for a package
    /// in the root itself.
    pub dir: PathBuf,
    /// `[package] name`: `storage-pg`.
    pub package: String,
    /// Its library's name, as code that depends on it writes it:
    /// `storage_pg`.
    pub lib: String,
    /// Its `[dependencies]`, in name order.
    pub dependencies: Vec<Dependency>,
    /// Its `[dev-dependencies]`, in name order: what its tests may use
    /// besides.
    pub dev_dependencies: Vec<Dependency>,
}

/// One entry of a member's `[dependencies]`, with what `workspace = true`
/// inherits from the root already merged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The key, which is the name code uses when the dependency is
    /// renamed: `rand_core`.
    pub key: String,
    /// The package it names: the key, or its `package = "…"`.
    pub package: String,
    /// The version requirement, when it has one.
    pub version: Option<String>,
}

impl Member {
    /// `dir` for messages and `codegen.toml`: `.` for the root package.
    #[must_use]
    pub fn shown_dir(&self) -> String {
        shown(&self.dir)
    }

    /// The member's `Cargo.toml`, relative to the workspace root, for
    /// messages.
    #[must_use]
    pub fn manifest(&self) -> String {
        shown(&self.dir.join("Cargo.toml"))
    }

    /// The dependency on `package`, if it has one.
    #[must_use]
    pub fn dependency(&self, package: &str) -> Option<&Dependency> {
        self.dependencies
            .iter()
            .find(|dependency| dependency.package == package)
    }

    /// The dependency on `package` its tests can use: a normal or a
    /// development one.
    #[must_use]
    pub fn test_dependency(&self, package: &str) -> Option<&Dependency> {
        self.dependency(package).or_else(|| {
            self.dev_dependencies
                .iter()
                .find(|dependency| dependency.package == package)
        })
    }
}

impl Dependency {
    /// The name code in the dependent crate gives it, when the package's
    /// library is `lib`: the key, if the dependency is renamed.
    #[must_use]
    pub fn name_in_code(&self, lib: &str) -> String {
        if self.key == self.package {
            lib.to_owned()
        } else {
            self.key.replace('-', "_")
        }
    }
}

/// `path` with `/` between its parts, `.` when empty, for messages and
/// `codegen.toml`.
#[must_use]
pub fn shown(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[derive(Deserialize)]
struct RootManifest {
    package: Option<toml::Value>,
    workspace: Option<WorkspaceTable>,
}

#[derive(Deserialize)]
struct WorkspaceTable {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct MemberManifest {
    package: Option<toml::Value>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, toml::Value>,
}

/// The members of the workspace whose root `Cargo.toml` is in `root`, in
/// directory order: the root package, if it has one, and every directory
/// `[workspace] members` names or matches (`crates/*`) that holds a
/// package, less those under an `exclude` path.
///
/// # Errors
///
/// [`Error::Usage`] when `root` holds no `Cargo.toml` with a
/// `[workspace]`; [`Error::Config`] naming a manifest that is not TOML;
/// [`Error::Io`] when one cannot be read.
pub fn members(root: &Path) -> Result<Vec<Member>, Error> {
    let manifest_path = root.join("Cargo.toml");
    let manifest: RootManifest = read_manifest(&manifest_path)?.ok_or_else(|| {
        Error::Usage(format!(
            "no `Cargo.toml` in `{}`; run `codegen init` in your workspace's root, or pass \
             `--workspace <dir>`",
            root.display()
        ))
    })?;
    let workspace = manifest.workspace.ok_or_else(|| Error::Config {
        path: manifest_path.clone(),
        message: "has no `[workspace]`; run `codegen init` in the root of the workspace that \
                  lists your data-model, storage and storage-pg crates as members"
            .to_owned(),
    })?;
    let excluded: Vec<PathBuf> = workspace.exclude.iter().map(normal).collect();
    let mut dirs: Vec<PathBuf> = Vec::new();
    if manifest.package.is_some() {
        dirs.push(PathBuf::new());
    }
    for pattern in &workspace.members {
        dirs.extend(expand(root, &normal(pattern)).map_err(|source| Error::Io {
            path: root.join(pattern),
            source,
        })?);
    }
    dirs.retain(|dir| !excluded.iter().any(|excluded| dir.starts_with(excluded)));
    dirs.sort();
    dirs.dedup();
    let mut members = Vec::new();
    for dir in dirs {
        if let Some(member) = member(root, &dir, &workspace.dependencies)? {
            members.push(member);
        }
    }
    Ok(members)
}

/// The member in `dir`, or `None` when it holds no package manifest.
fn member(
    root: &Path,
    dir: &Path,
    inherited: &BTreeMap<String, toml::Value>,
) -> Result<Option<Member>, Error> {
    let path = root.join(dir).join("Cargo.toml");
    let Some(manifest) = read_manifest::<MemberManifest>(&path)? else {
        return Ok(None);
    };
    let Some(package) = manifest
        .package
        .as_ref()
        .and_then(|package| package.get("name"))
        .and_then(toml::Value::as_str)
    else {
        return Ok(None);
    };
    let read = |table: &BTreeMap<String, toml::Value>| {
        table
            .iter()
            .map(|(key, spec)| dependency(key, spec, inherited))
            .collect()
    };
    Ok(Some(Member {
        dir: dir.to_path_buf(),
        package: package.to_owned(),
        lib: library_name(&root.join(dir))?,
        dependencies: read(&manifest.dependencies),
        dev_dependencies: read(&manifest.dev_dependencies),
    }))
}

/// The dependency `key = spec`, inheriting from the root's
/// `[workspace.dependencies]` when `spec` says `workspace = true`.
fn dependency(
    key: &str,
    spec: &toml::Value,
    inherited: &BTreeMap<String, toml::Value>,
) -> Dependency {
    let spec = if spec.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
        inherited.get(key).unwrap_or(spec)
    } else {
        spec
    };
    let field = |name: &str| spec.get(name).and_then(toml::Value::as_str);
    Dependency {
        key: key.to_owned(),
        package: field("package").unwrap_or(key).to_owned(),
        version: spec
            .as_str()
            .or_else(|| field("version"))
            .map(str::to_owned),
    }
}

/// The manifest at `path`, or `None` if there is none.
fn read_manifest<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>, Error> {
    let Some(text) = crate::plan::read_if_exists(path)? else {
        return Ok(None);
    };
    toml::from_str(&text)
        .map(Some)
        .map_err(|error| Error::Config {
            path: path.to_path_buf(),
            message: format!(
                "cannot be read as a Cargo manifest: {}\nfix it so that cargo can read it, then \
                 run `codegen init` again",
                error.to_string().trim_end()
            ),
        })
}

/// `path` with `.` parts dropped and each `..` taking away the part before
/// it, as a workspace's member paths mean.
#[must_use]
pub fn normal(path: impl AsRef<Path>) -> PathBuf {
    let mut parts = PathBuf::new();
    for part in path.as_ref().components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !parts.pop() {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn globs_and_excludes_name_the_members_in_directory_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\", \"./tools/x\"]\nexclude = [\"crates/old\"]\n\n\
             [workspace.dependencies]\nrand_core = { version = \"0.6.4\" }\n\
             model = { path = \"crates/model\", package = \"acme-model\" }\n",
        );
        write(
            root,
            "crates/storage/Cargo.toml",
            "[package]\nname = \"acme-storage\"\n\n[dependencies]\nrand_core.workspace = true\n\
             model.workspace = true\nulid = \"1\"\n",
        );
        write(
            root,
            "crates/model/Cargo.toml",
            "[package]\nname = \"acme-model\"\n[lib]\nname = \"model\"\n",
        );
        write(root, "crates/old/Cargo.toml", "[package]\nname = \"old\"\n");
        std::fs::create_dir_all(root.join("crates/empty")).unwrap();
        write(root, "tools/x/Cargo.toml", "[package]\nname = \"x\"\n");

        let members = members(root).unwrap();
        let dirs: Vec<_> = members.iter().map(Member::shown_dir).collect();
        assert_eq!(dirs, ["crates/model", "crates/storage", "tools/x"]);
        assert_eq!(members[0].lib, "model");
        let storage = &members[1];
        assert_eq!(storage.lib, "acme_storage");
        let rand_core = storage.dependency("rand_core").unwrap();
        assert_eq!(rand_core.version.as_deref(), Some("0.6.4"));
        let model = storage.dependency("acme-model").unwrap();
        assert_eq!(model.name_in_code("model"), "model");
        assert_eq!(
            storage.dependency("ulid").unwrap().version.as_deref(),
            Some("1")
        );
    }

    #[test]
    fn a_manifest_without_a_workspace_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "Cargo.toml", "[package]\nname = \"one\"\n");
        let error = members(dir.path()).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(
            error.to_string().contains("has no `[workspace]`"),
            "{error}"
        );
        let empty = tempfile::tempdir().unwrap();
        let error = members(empty.path()).unwrap_err().to_string();
        assert!(error.contains("no `Cargo.toml` in"), "{error}");
    }

    #[test]
    fn member_paths_are_normalised() {
        assert_eq!(normal("./a/../b/c"), Path::new("b/c"));
        assert_eq!(shown(Path::new("")), ".");
        assert_eq!(shown(Path::new("a/b")), "a/b");
    }
}
