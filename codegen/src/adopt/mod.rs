//! Adopting a workspace: what `codegen init` reads in one the generator
//! did not make (its members, which crate plays which part, where each
//! runtime item is) and the `codegen.toml` it writes from that, every
//! setting with where it was found.
//!
//! ```text
//! Cargo.toml ──► members ──► roles ──► item paths ──► render ──► codegen.toml
//! ```

mod connection;
mod context_parts;
mod crate_items;
mod forwarding_macro;
mod glob;
mod header;
mod item_paths;
mod members;
mod reexports;
mod render;
mod returned_types;
mod roles;
mod test_context;
mod tokens;

use std::path::{Path, PathBuf};

use self::{
    context_parts::context_parts,
    crate_items::Crate,
    item_paths::runtime_items,
    members::{members, normal, shown},
    roles::roles,
};
pub use self::{members::Member, render::render};

use crate::{
    Error,
    config::Wiring,
    render::{TEST_CONTEXT_MODULE, TestContextParts},
};

/// Everything `codegen init` found, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// How the wiring is kept: `build-script` or `inline`.
    pub wiring: Setting,
    /// How the structs codegen manages are marked: `derive` or `comments`.
    pub entity_marks: Setting,
    /// The data-model, storage and storage-pg crates, in that order.
    pub crates: [CrateSetting; 3],
    /// The migrations folder, relative to the workspace root.
    pub migrations: Setting,
    /// The `.sqlx` folder, relative to the workspace root.
    pub offline_data: Setting,
    /// Where the generated tests go: `target` or `module`.
    pub tests_location: Setting,
    /// The comment every new source file begins with, if the workspace's
    /// files share one.
    pub header: Option<Setting>,
    /// Each `[runtime]` entry by its key, in the order `codegen.toml` has
    /// them.
    pub runtime: Vec<(&'static str, Finding)>,
    /// The test context `init` writes, when the PostgreSQL crate keeps its
    /// tests in its sources and has none.
    pub test_context: Option<TestContextFile>,
}

/// A test context for `init` to write, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestContextFile {
    /// What it is made of.
    pub parts: TestContextParts,
    /// Its file, relative to the workspace root:
    /// `crates/storage-pg/src/test_context.rs`.
    pub path: PathBuf,
    /// The crate root that declares it: `crates/storage-pg/src/lib.rs`.
    pub declared_in: PathBuf,
}

/// A setting's value and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The value, as `codegen.toml` writes it (unquoted).
    pub value: String,
    /// What showed it, for the comment above it.
    pub found: String,
}

/// One of the three crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSetting {
    /// Its key in `[crates]`: `storage-pg`.
    pub key: &'static str,
    /// The member.
    pub member: Member,
    /// What showed it plays that part.
    pub found: String,
}

/// A runtime item, found or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Its path, and where it is defined.
    Found {
        /// As another crate writes it: `data_model::Clock`.
        path: String,
        /// Where it was found, for the comment above it.
        origin: String,
    },
    /// An optional item, which nothing stands in for: what was looked
    /// for, and where, in vain. Generated code goes without it.
    Optional {
        /// `no trait with a method `fn traced(self)` in crates/pg/src`.
        looked_for: String,
    },
    /// What was looked for, and where, in vain.
    Missing {
        /// `no `pub fn new_id` in crates/model/src`.
        looked_for: String,
        /// The path codegen uses while the entry is unset.
        default: String,
    },
}

/// What `codegen init` finds in the workspace whose root `Cargo.toml` is
/// in `root`.
///
/// # Errors
///
/// [`Error::Usage`] naming what was looked for when no member is the
/// storage, PostgreSQL or data-model crate; [`Error::Config`] for a
/// manifest that cannot be read; [`Error::Io`] or [`Error::Invalid`] for a
/// source file that cannot.
pub fn discover(root: &Path) -> Result<Discovery, Error> {
    let crates = members(root)?
        .into_iter()
        .map(|member| Crate::read(root, member))
        .collect::<Result<Vec<_>, _>>()?;
    let roles = roles(root, &crates)?;
    let mut runtime = runtime_items(root, &roles)?;
    let entity_marks = entity_marks(&mut runtime);
    let header = header::header(
        root,
        &[
            roles.data_model.krate,
            roles.storage.krate,
            roles.storage_pg.krate,
        ],
    )?;
    let (wiring, wiring_found) = &roles.wiring;
    let (migrate_file, folder) = &roles.migrate;
    let pg_dir = &roles.storage_pg.krate.member.dir;
    let migrations = Setting {
        value: shown(&normal(
            pg_dir.join(folder.as_deref().unwrap_or("migrations")),
        )),
        found: match folder {
            Some(folder) => format!("`sqlx::migrate!(\"{folder}\")` in {migrate_file}"),
            None => format!(
                "`sqlx::migrate!()` in {migrate_file}, which embeds the `migrations` folder of \
                 its crate"
            ),
        },
    };
    let offline_data = offline_data(root, pg_dir);
    let (location, location_found) = test_context::tests_location(root, roles.storage_pg.krate)?;
    let test_context = (location == "module")
        .then(|| context_to_write(&mut runtime, &roles))
        .flatten();
    let setting = |key, role: &roles::Role<'_>| CrateSetting {
        key,
        member: role.krate.member.clone(),
        found: role.found.clone(),
    };
    Ok(Discovery {
        entity_marks,
        wiring: Setting {
            value: match wiring {
                Wiring::BuildScript => "build-script",
                Wiring::Inline => "inline",
            }
            .to_owned(),
            found: wiring_found.clone(),
        },
        crates: [
            setting("data-model", &roles.data_model),
            setting("storage", &roles.storage),
            setting("storage-pg", &roles.storage_pg),
        ],
        migrations,
        offline_data,
        tests_location: Setting {
            value: location.to_owned(),
            found: location_found,
        },
        header,
        runtime,
        test_context,
    })
}

/// The test context to write, when `runtime` found none and the crates
/// hold every part of one; the `test-context` entry then names it, or says
/// what part is missing.
fn context_to_write(
    runtime: &mut [(&'static str, Finding)],
    roles: &roles::Roles<'_>,
) -> Option<TestContextFile> {
    let (_, finding) = runtime.iter_mut().find(|(key, _)| *key == "test-context")?;
    let Finding::Missing { looked_for, .. } = finding else {
        return None;
    };
    let pg = roles.storage_pg.krate;
    match context_parts(pg, roles.storage.krate, roles.data_model.krate) {
        Ok((parts, origin)) => {
            *finding = Finding::Found {
                path: format!("crate::{TEST_CONTEXT_MODULE}::Context"),
                origin,
            };
            let src = pg.member.dir.join("src");
            Some(TestContextFile {
                parts,
                path: src.join(format!("{TEST_CONTEXT_MODULE}.rs")),
                declared_in: src.join("lib.rs"),
            })
        }
        Err(missing) => {
            looked_for.push_str(&format!(", nor can `codegen init` write one: {missing}"));
            None
        }
    }
}

/// How the structs codegen manages are marked: with the workspace's
/// `Entity` derive where it has one, else with comments, so that generated
/// code needs nothing of codegen; the `entity` entry is then optional.
fn entity_marks(runtime: &mut [(&'static str, Finding)]) -> Setting {
    let Some((_, entity)) = runtime.iter_mut().find(|(key, _)| *key == "entity") else {
        return Setting {
            value: "derive".to_owned(),
            found: "the default".to_owned(),
        };
    };
    match entity {
        Finding::Missing { looked_for, .. } => {
            let found = format!(
                "{looked_for}, so comments mark the structs codegen manages and generated code \
                 needs nothing of codegen"
            );
            *entity = Finding::Optional {
                looked_for: std::mem::take(looked_for),
            };
            Setting {
                value: "comments".to_owned(),
                found,
            }
        }
        Finding::Found { origin, .. } => Setting {
            value: "derive".to_owned(),
            found: origin.clone(),
        },
        Finding::Optional { .. } => Setting {
            value: "derive".to_owned(),
            found: "the default".to_owned(),
        },
    }
}

/// Where the workspace keeps `.sqlx`: the PostgreSQL crate's own folder,
/// which sqlx's macros read first, or else the root's.
fn offline_data(root: &Path, pg_dir: &Path) -> Setting {
    let in_crate = normal(pg_dir.join(".sqlx"));
    if root.join(&in_crate).is_dir() {
        let shown_dir = shown(&in_crate);
        return Setting {
            found: format!(
                "{shown_dir} holds the offline data, which `cargo sqlx prepare` writes when run \
                 in its crate"
            ),
            value: shown_dir,
        };
    }
    Setting {
        value: ".sqlx".to_owned(),
        found: if root.join(".sqlx").is_dir() {
            ".sqlx in the root holds the offline data, which `cargo sqlx prepare --workspace` \
             writes"
                .to_owned()
        } else {
            "no .sqlx folder yet; the root's is the default, the PostgreSQL crate's the other \
             place sqlx reads"
                .to_owned()
        },
    }
}

impl Discovery {
    /// One line for each runtime item not found, saying what to do.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        self.runtime
            .iter()
            .filter_map(|(key, finding)| match finding {
                Finding::Found { .. } | Finding::Optional { .. } => None,
                Finding::Missing {
                    looked_for,
                    default,
                } => Some(format!(
                    "`runtime.{key}` not found: {looked_for}; set it in `codegen.toml` by hand \
                     (until then codegen uses `{default}`)"
                )),
            })
            .collect()
    }
}
