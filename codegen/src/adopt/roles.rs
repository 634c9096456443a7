//! Which member is which: the storage crate defines `RepositoryAccess`,
//! the PostgreSQL crate implements it and embeds migrations, the
//! data-model crate holds what the repository traits return.

use std::path::Path;

use quote::ToTokens;

use super::{
    crate_items::Crate,
    members::shown,
    returned_types::returned_crates,
    tokens::{after_path, macro_arguments},
};
use crate::{Error, config::Wiring};

/// The build-script call that writes `RepositoryAccess` itself.
const WRITES_ACCESS: &str = "write_repository_access";
/// The build-script call that writes a backend's implementation of it.
const WRITES_BACKEND: &str = "write_backend_access";

/// A member in its role, with what showed it.
pub struct Role<'a> {
    /// The member.
    pub krate: &'a Crate,
    /// Where it was seen to play the role, for `codegen.toml`'s comments.
    pub found: String,
}

/// The three crates and the wiring, as found.
pub struct Roles<'a> {
    /// The entity structs.
    pub data_model: Role<'a>,
    /// The repository traits.
    pub storage: Role<'a>,
    /// The PostgreSQL implementations.
    pub storage_pg: Role<'a>,
    /// How the wiring is kept, and what showed it.
    pub wiring: (Wiring, String),
    /// The `sqlx::migrate!` call of the PostgreSQL crate: its file and its
    /// argument, if it has one.
    pub migrate: (String, Option<String>),
}

/// The roles of `crates`, the workspace's members in directory order.
///
/// # Errors
///
/// [`Error::Usage`] naming what was looked for when a role has no member.
pub fn roles<'a>(root: &Path, crates: &'a [Crate]) -> Result<Roles<'a>, Error> {
    let storage = storage(root, crates)?;
    let (storage_pg, migrate) = storage_pg(root, crates, storage.krate)?;
    let data_model = data_model(root, crates, &storage, storage_pg.krate)?;
    let wiring = wiring(storage.krate);
    Ok(Roles {
        data_model,
        storage,
        storage_pg,
        wiring,
        migrate,
    })
}

/// The first member that defines `trait RepositoryAccess`, or whose
/// build script writes it.
fn storage<'a>(root: &Path, crates: &'a [Crate]) -> Result<Role<'a>, Error> {
    crates
        .iter()
        .find_map(|krate| {
            let found = defines_access(krate)?;
            Some(Role { krate, found })
        })
        .ok_or_else(|| {
            refusal(
                root,
                crates,
                "storage crate",
                "a member that defines `trait RepositoryAccess` in its `src/`, or whose \
                 build.rs writes it with `codegen::build::write_repository_access`",
            )
        })
}

fn defines_access(krate: &Crate) -> Option<String> {
    let defined = krate
        .entries()
        .into_iter()
        .find_map(|entry| match entry.item {
            syn::Item::Trait(definition) if definition.ident == "RepositoryAccess" => {
                Some(format!("`trait RepositoryAccess` in {}", shown(entry.file)))
            }
            _ => None,
        });
    defined.or_else(|| {
        krate
            .build_script_calls()
            .iter()
            .any(|call| call == WRITES_ACCESS)
            .then(|| {
                format!(
                    "{} writes `RepositoryAccess` (`codegen::build::{WRITES_ACCESS}`)",
                    krate.build_script_path()
                )
            })
    })
}

/// The first member but `storage` that implements `RepositoryAccess` (by
/// hand or from its build script) and calls `sqlx::migrate!`, with that
/// call.
fn storage_pg<'a>(
    root: &Path,
    crates: &'a [Crate],
    storage: &Crate,
) -> Result<(Role<'a>, (String, Option<String>)), Error> {
    crates
        .iter()
        .filter(|krate| !std::ptr::eq(*krate, storage))
        .find_map(|krate| {
            let implements = implements_access(krate)?;
            let (file, argument) = migrate_call(krate)?;
            let found = format!("{implements}; `sqlx::migrate!` in {file} embeds its migrations");
            Some((Role { krate, found }, (file, argument)))
        })
        .ok_or_else(|| {
            refusal(
                root,
                crates,
                "PostgreSQL crate",
                &format!(
                    "a member other than `{}` that implements \
                     `RepositoryAccess` for a type (or whose build.rs does, with \
                     `codegen::build::{WRITES_BACKEND}`) and embeds its migrations with \
                     `sqlx::migrate!`",
                    storage.member.package
                ),
            )
        })
}

fn implements_access(krate: &Crate) -> Option<String> {
    let implemented = krate
        .entries()
        .into_iter()
        .find_map(|entry| match entry.item {
            syn::Item::Impl(implementation)
                if implementation
                    .trait_
                    .as_ref()
                    .is_some_and(|(path, _)| last_is(path, "RepositoryAccess")) =>
            {
                Some(format!(
                    "`impl RepositoryAccess for {}` in {}",
                    type_name(&implementation.self_ty),
                    shown(entry.file)
                ))
            }
            _ => None,
        });
    implemented.or_else(|| {
        krate
            .build_script_calls()
            .iter()
            .any(|call| call == WRITES_BACKEND)
            .then(|| {
                format!(
                    "{} implements `RepositoryAccess` (`codegen::build::{WRITES_BACKEND}`)",
                    krate.build_script_path()
                )
            })
    })
}

/// The first `sqlx::migrate!(…)` of `krate`'s sources: its file and the
/// folder it names, if it names one.
pub fn migrate_call(krate: &Crate) -> Option<(String, Option<String>)> {
    krate.sources.iter().find_map(|file| {
        let syntax = file.syntax.as_ref()?;
        let arguments = after_path(syntax.to_token_stream(), &["sqlx", "migrate"])
            .iter()
            .find_map(|rest| macro_arguments(rest))?;
        let folder = syn::parse2::<syn::LitStr>(arguments)
            .ok()
            .map(|folder| folder.value());
        Some((shown(&file.path), folder))
    })
}

/// The member the storage crate depends on whose types its traits'
/// methods return most often; failing that, the one that defines
/// `trait Clock`.
fn data_model<'a>(
    root: &Path,
    crates: &'a [Crate],
    storage: &Role<'_>,
    storage_pg: &Crate,
) -> Result<Role<'a>, Error> {
    let dependencies: Vec<(&Crate, String)> = crates
        .iter()
        .filter(|krate| !std::ptr::eq(*krate, storage.krate) && !std::ptr::eq(*krate, storage_pg))
        .filter_map(|krate| {
            let dependency = storage.krate.member.dependency(&krate.member.package)?;
            Some((krate, dependency.name_in_code(&krate.member.lib)))
        })
        .collect();
    let returned = returned_crates(storage.krate);
    let most = dependencies
        .iter()
        .filter_map(|(krate, name)| Some((*returned.get(name.as_str())?, *krate)))
        // The first of equals, in directory order.
        .fold(None, |best: Option<(usize, &Crate)>, next| match best {
            Some(best) if best.0 >= next.0 => Some(best),
            _ => Some(next),
        });
    if let Some((_, krate)) = most {
        // The folder, not a file: which entity comes first changes as
        // entities are added, and codegen.toml should not.
        let found = format!(
            "the repository traits in {} return its types",
            storage.krate.src()
        );
        return Ok(Role { krate, found });
    }
    let with_clock = dependencies
        .iter()
        .map(|(krate, _)| *krate)
        .chain(crates)
        .filter(|krate| !std::ptr::eq(*krate, storage.krate) && !std::ptr::eq(*krate, storage_pg))
        .find_map(|krate| {
            let file = krate
                .entries()
                .into_iter()
                .find_map(|entry| match entry.item {
                    syn::Item::Trait(definition) if definition.ident == "Clock" => {
                        Some(shown(entry.file))
                    }
                    _ => None,
                })?;
            Some((krate, file))
        });
    match with_clock {
        Some((krate, file)) => Ok(Role {
            krate,
            found: format!(
                "it defines `trait Clock` (in {file}); no type the repository traits of `{}` \
                 return was found in a member",
                storage.krate.member.package
            ),
        }),
        None => Err(refusal(
            root,
            crates,
            "data-model crate",
            &format!(
                "a member `{}` depends on whose types its repository \
                 traits return, or one that defines `trait Clock`",
                storage.krate.member.package
            ),
        )),
    }
}

/// Whether the storage crate's build script writes the wiring.
fn wiring(storage: &Crate) -> (Wiring, String) {
    let calls = storage.build_script_calls();
    if let Some(call) = calls.first() {
        return (
            Wiring::BuildScript,
            format!(
                "{} calls `codegen::build::{call}`",
                storage.build_script_path()
            ),
        );
    }
    let found = if storage.build_script.is_some() {
        format!(
            "{} calls nothing of `codegen::build::`",
            storage.build_script_path()
        )
    } else {
        format!(
            "{} has no build.rs that calls `codegen::build::`",
            storage.member.shown_dir()
        )
    };
    (Wiring::Inline, found)
}

/// Whether `path`'s last segment is `name`.
fn last_is(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|last| last.ident == name)
}

/// A type's name for messages: its path's last segment.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |last| last.ident.to_string()),
        other => other.to_token_stream().to_string(),
    }
}

/// The refusal when no member plays a role: what was looked for, among
/// which members, and what to do.
fn refusal(root: &Path, crates: &[Crate], role: &str, looked_for: &str) -> Error {
    let members = if crates.is_empty() {
        "none".to_owned()
    } else {
        crates
            .iter()
            .map(|krate| format!("`{}`", krate.member.shown_dir()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Error::Usage(format!(
        "`codegen init` found no {role} among the members of `{}` ({members}): it looks for \
         {looked_for}; nothing was written: add that crate to `[workspace] members`, or write \
         `codegen.toml` by hand",
        root.join("Cargo.toml").display()
    ))
}
