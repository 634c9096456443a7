//! The runtime items generated code names, each found where it is defined
//! and named by its shortest path from outside its crate.

use std::path::Path;

use super::{
    Finding,
    connection::connection,
    crate_items::{Crate, Entry},
    forwarding_macro::forwarding_macro,
    members::shown,
    reexports::{external_reexport, shortest_path},
    roles::Roles,
    test_context::{source_test_context, test_context},
};
use crate::{
    Error,
    config::{CrateNames, Forwarding, IdMaker, Runtime, TRACED_METHOD, Wiring},
};

/// What a runtime item is, as found in a crate's sources.
#[derive(Debug, Clone, Copy)]
pub(super) enum Wanted {
    /// `pub trait <name>`.
    Trait(&'static str),
    /// `pub fn <name>`.
    Fn(&'static str),
    /// `pub struct <name>`.
    Struct(&'static str),
    /// `pub struct <name>` or `pub enum <name>`.
    Type(&'static str),
    /// `pub type <name> = …`.
    Alias(&'static str),
    /// `pub use <other crate>::…::<name>`.
    Reexport(&'static str),
    /// `pub trait RepositoryAccess`, or the `include!` of the one
    /// `codegen::build::write_repository_access` writes.
    Access,
    /// `pub static <any> = sqlx::migrate!(…)`.
    Migrator,
    /// A trait with a method `fn traced(self)`, of any visibility: only
    /// its own crate's generated code calls it.
    QueryTracing,
    /// `pub trait <any>` with a method `fn <any>(datetime: DateTime<…>, rng)
    /// -> Self`: an extension of `Ulid` that makes ids from a time.
    UlidFromDatetime,
}

impl Wanted {
    /// What was looked for, for `codegen.toml` and messages.
    fn describe(self) -> String {
        match self {
            Self::Trait(name) => format!("`pub trait {name}`"),
            Self::Fn(name) => format!("`pub fn {name}`"),
            Self::Struct(name) => format!("`pub struct {name}`"),
            Self::Type(name) => format!("`pub struct {name}` or `pub enum {name}`"),
            Self::Alias(name) => format!("`pub type {name}`"),
            Self::Reexport(name) => format!("`pub use …::{name}` of another crate"),
            Self::Access => "`pub trait RepositoryAccess`, or an `include!` of the \
                             `repository_access.rs` its build.rs writes"
                .to_owned(),
            Self::Migrator => "`pub static … = sqlx::migrate!(…)`".to_owned(),
            Self::QueryTracing => format!("trait with a method `fn {TRACED_METHOD}(self)`"),
            Self::UlidFromDatetime => {
                "`pub trait` with a method `fn …(datetime: DateTime<Utc>, rng) -> Self`".to_owned()
            }
        }
    }

    /// The item's name and how it is written, when `entry` defines it.
    fn defined_by(self, entry: &Entry<'_>) -> Option<(String, String)> {
        let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
        let named = |ident: &syn::Ident, wanted: &str, kind: &str| {
            (ident == wanted).then(|| (wanted.to_owned(), format!("`pub {kind} {wanted}`")))
        };
        match (self, entry.item) {
            (Self::Trait(name), syn::Item::Trait(item)) if public(&item.vis) => {
                named(&item.ident, name, "trait")
            }
            (Self::Access, syn::Item::Trait(item)) if public(&item.vis) => {
                named(&item.ident, "RepositoryAccess", "trait")
            }
            (Self::Fn(name), syn::Item::Fn(item)) if public(&item.vis) => {
                named(&item.sig.ident, name, "fn")
            }
            (Self::Struct(name) | Self::Type(name), syn::Item::Struct(item))
                if public(&item.vis) =>
            {
                named(&item.ident, name, "struct")
            }
            (Self::Type(name), syn::Item::Enum(item)) if public(&item.vis) => {
                named(&item.ident, name, "enum")
            }
            (Self::Alias(name), syn::Item::Type(item)) if public(&item.vis) => {
                named(&item.ident, name, "type")
            }
            (Self::Reexport(name), syn::Item::Use(item)) if public(&item.vis) => {
                external_reexport(&item.tree, name)
                    .map(|path| (name.to_owned(), format!("`pub use {path}`")))
            }
            (Self::Access, syn::Item::Macro(item))
                if item.mac.path.is_ident("include")
                    && item.mac.tokens.to_string().contains("repository_access.rs") =>
            {
                Some((
                    "RepositoryAccess".to_owned(),
                    "`RepositoryAccess`, `include!`d from what its build.rs writes,".to_owned(),
                ))
            }
            (Self::Migrator, syn::Item::Static(item))
                if public(&item.vis) && is_migrate_call(&item.expr) =>
            {
                let name = item.ident.to_string();
                Some((
                    name.clone(),
                    format!("`pub static {name} = sqlx::migrate!(…)`"),
                ))
            }
            (Self::QueryTracing, syn::Item::Trait(item)) if has_traced_method(item) => {
                let name = item.ident.to_string();
                Some((
                    name.clone(),
                    format!("`trait {name}`, whose `fn {TRACED_METHOD}(self)` traces a query,"),
                ))
            }
            (Self::UlidFromDatetime, syn::Item::Trait(item)) if public(&item.vis) => {
                let method = datetime_constructor(item)?;
                let name = item.ident.to_string();
                Some((
                    name.clone(),
                    format!("`pub trait {name}`, whose `fn {method}(datetime, rng)` makes an id,"),
                ))
            }
            _ => None,
        }
    }
}

/// The method of `item` that makes a value from a time and an rng, without
/// a receiver: `fn from_datetime_with_rng<R>(datetime: DateTime<Utc>, rng:
/// &mut R) -> Self`.
fn datetime_constructor(item: &syn::ItemTrait) -> Option<String> {
    item.items.iter().find_map(|member| {
        let syn::TraitItem::Fn(method) = member else {
            return None;
        };
        let sig = &method.sig;
        let returns_self = matches!(&sig.output, syn::ReturnType::Type(_, ty)
            if matches!(&**ty, syn::Type::Path(path) if path.path.is_ident("Self")));
        let first_is_datetime = matches!(sig.inputs.first(), Some(syn::FnArg::Typed(argument))
            if matches!(&*argument.ty, syn::Type::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "DateTime")));
        (sig.receiver().is_none() && sig.inputs.len() == 2 && returns_self && first_is_datetime)
            .then(|| sig.ident.to_string())
    })
}

/// How the workspace makes ids, under its key: a `pub fn new_id`, else a
/// trait that gives `Ulid` a constructor from a time and an rng (the
/// method's path through the trait); when neither, what was looked for,
/// under the function's key, the default.
fn id_maker(crates: &[&Crate]) -> (&'static str, Result<(String, String), String>) {
    let no_function = match search(Wanted::Fn("new_id"), crates) {
        Ok(function) => return (IdMaker::FUNCTION_KEY, Ok(function)),
        Err(looked_for) => looked_for,
    };
    match search(Wanted::UlidFromDatetime, crates) {
        Ok((path, origin)) => {
            // The trait `search` found is the first one with such a method.
            let method = crates
                .iter()
                .flat_map(|krate| krate.entries())
                .find_map(|entry| match entry.item {
                    syn::Item::Trait(item) if path.ends_with(&format!("::{}", item.ident)) => {
                        datetime_constructor(item)
                    }
                    _ => None,
                });
            match method {
                Some(method) => (
                    IdMaker::METHOD_KEY,
                    Ok((format!("{path}::{method}"), origin)),
                ),
                None => (IdMaker::FUNCTION_KEY, Err(no_function)),
            }
        }
        Err(no_trait) => (
            IdMaker::FUNCTION_KEY,
            Err(format!("{no_function}, and {no_trait}")),
        ),
    }
}

/// Whether `item` has a method `fn traced(self)`, as an extension trait of
/// sqlx's queries that records their SQL on the current span does.
fn has_traced_method(item: &syn::ItemTrait) -> bool {
    item.items.iter().any(|member| {
        matches!(member, syn::TraitItem::Fn(method)
        if method.sig.ident == TRACED_METHOD
            && method.sig.inputs.len() == 1
            && method.sig.receiver().is_some_and(|receiver| {
                matches!(receiver.kind, syn::ReceiverKind::Value)
            }))
    })
}

/// Whether `expr` is a call of `migrate!`, as `sqlx::migrate!(…)`.
fn is_migrate_call(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Macro(call)
        if call.mac.path.segments.last().is_some_and(|last| last.ident == "migrate"))
}

/// Every runtime item of the workspace whose crates are `roles`, in the
/// order of [`Runtime::entries`], `query-tracing` last whether found or
/// not.
///
/// # Errors
///
/// Fails when the PostgreSQL crate's `tests/` cannot be read.
pub fn runtime_items(
    root: &Path,
    roles: &Roles<'_>,
) -> Result<Vec<(&'static str, Finding)>, Error> {
    let defaults = Runtime::defaults(CrateNames {
        data_model: roles.data_model.krate.member.lib.clone(),
        storage: roles.storage.krate.member.lib.clone(),
        storage_pg: roles.storage_pg.krate.member.lib.clone(),
    });
    let (model, storage, pg) = (
        roles.data_model.krate,
        roles.storage.krate,
        roles.storage_pg.krate,
    );
    let mut found = Vec::new();
    for (key, default) in defaults.entries() {
        // The key the found item is written under: the macro's, for one.
        let mut key = key;
        let finding = match key {
            "clock" => search(Wanted::Trait("Clock"), &[model, storage]),
            IdMaker::FUNCTION_KEY => {
                let (id_key, finding) = id_maker(&[model, storage]);
                key = id_key;
                finding
            }
            "rng" => rng(&[storage, model]),
            "entity" => search(Wanted::Trait("Entity"), &[model, storage]),
            "page" => search(Wanted::Struct("Page"), &[storage]),
            "node" => search(Wanted::Trait("Node"), &[storage]),
            "pagination" => search(Wanted::Struct("Pagination"), &[storage]),
            "pagination-direction" => search(Wanted::Type("PaginationDirection"), &[storage]),
            Forwarding::ATTRIBUTE_KEY => {
                let (forwarding_key, finding) = forwarding(storage);
                key = forwarding_key;
                finding
            }
            "repository-access" => search(Wanted::Access, &[storage]),
            "map-err" => search(Wanted::Struct("MapErr"), &[storage]),
            "database-error" => search(Wanted::Type("DatabaseError"), &[pg]),
            "inconsistency-error" => search(Wanted::Type("DatabaseInconsistencyError"), &[pg]),
            "migrator" => search(Wanted::Migrator, &[pg]),
            "test-context" => {
                test_context(root, pg)?.or_else(|in_tests| source_test_context(pg).ok_or(in_tests))
            }
            _ => Err(format!("nothing, as `{key}` is new to `codegen init`")),
        };
        found.push((
            key,
            finding.map_or_else(
                |looked_for| Finding::Missing {
                    looked_for,
                    default: default.to_string(),
                },
                |(path, origin)| Finding::Found { path, origin },
            ),
        ));
    }
    let rng_path = found.iter().find_map(|(key, finding)| match finding {
        Finding::Found { path, .. } if *key == "rng" => Some(path.clone()),
        _ => None,
    });
    if let Some((path, origin)) = rng_path.and_then(|rng| pg_rng(pg, &rng)) {
        let at = found
            .iter()
            .position(|(key, _)| *key == "rng")
            .map_or(0, |at| at + 1);
        found.insert(at, ("pg-rng", Finding::Found { path, origin }));
    }
    // Only inline wiring writes accessors; the build scripts are told it.
    if roles.wiring.0 == Wiring::Inline {
        found.push((
            "pg-connection",
            connection(pg).map_or_else(
                |looked_for| Finding::Missing {
                    looked_for,
                    default: defaults.pg_connection.clone(),
                },
                |(path, origin)| Finding::Found { path, origin },
            ),
        ));
    }
    found.push((
        "query-tracing",
        search(Wanted::QueryTracing, &[pg]).map_or_else(
            |looked_for| Finding::Optional { looked_for },
            |(path, origin)| Finding::Found { path, origin },
        ),
    ));
    Ok(found)
}

/// What forwards the storage crate's repository traits, under its key:
/// this toolkit's attribute when the crate re-exports it (as it has chosen
/// it), else the crate's own forwarding macro; when neither, what was
/// looked for, under the attribute's key, the default.
fn forwarding(storage: &Crate) -> (&'static str, Result<(String, String), String>) {
    let no_attribute = match search(Wanted::Reexport("repository"), &[storage]) {
        Ok(attribute) => return (Forwarding::ATTRIBUTE_KEY, Ok(attribute)),
        Err(looked_for) => looked_for,
    };
    match forwarding_macro(storage) {
        Ok(found) => (Forwarding::MACRO_KEY, Ok(found)),
        Err(no_macro) => (
            Forwarding::ATTRIBUTE_KEY,
            Err(format!("{no_attribute}, and {no_macro}")),
        ),
    }
}

/// The first definition `wanted` finds in `crates`, tried in order, as its
/// path and where it was; else what was looked for, and where.
pub(super) fn search(wanted: Wanted, crates: &[&Crate]) -> Result<(String, String), String> {
    for krate in crates {
        let entries = krate.entries();
        let Some((entry, name, written)) = entries.iter().find_map(|entry| {
            let (name, written) = wanted.defined_by(entry)?;
            Some((entry, name, written))
        }) else {
            continue;
        };
        let mut start = entry.module.clone();
        start.push(name);
        let (path, public) = shortest_path(&entries, start.clone());
        let lib = &krate.member.lib;
        let mut origin = format!("{written} in {}", shown(entry.file));
        if path != start {
            let module = &path[..path.len() - 1];
            if module.is_empty() {
                origin.push_str(", re-exported from the crate root");
            } else {
                origin.push_str(&format!(
                    ", re-exported from `{lib}::{}`",
                    module.join("::")
                ));
            }
        }
        if !public {
            origin.push_str(&format!(
                "; only `{lib}` itself can use this path, as it is not `pub` all the way"
            ));
        }
        return Ok((format!("{lib}::{}", path.join("::")), origin));
    }
    let places: Vec<String> = crates.iter().map(|krate| krate.src()).collect();
    Err(format!(
        "no {} in {}",
        wanted.describe(),
        places.join(" or ")
    ))
}

/// The random number generator trait of the `rand_core` the first of
/// `crates` that depends on it uses: `RngCore` before 0.10, `Rng` since.
fn rng(crates: &[&Crate]) -> Result<(String, String), String> {
    for krate in crates {
        let Some(dependency) = krate.member.dependency("rand_core") else {
            continue;
        };
        let version = dependency.version.as_deref().unwrap_or("of any version");
        let (name, other) = if dependency.version.as_deref().is_some_and(before_0_10) {
            ("RngCore", "`Rng` from 0.10 on")
        } else {
            ("Rng", "`RngCore` before 0.10")
        };
        let origin = format!(
            "`rand_core` {version}, a dependency of `{}` ({}), which names it `{name}` \
             ({other})",
            krate.member.package,
            krate.member.manifest()
        );
        return Ok((
            format!("{}::{name}", dependency.key.replace('-', "_")),
            origin,
        ));
    }
    let manifests: Vec<String> = crates.iter().map(|krate| krate.member.manifest()).collect();
    Err(format!(
        "no `rand_core` among the dependencies in {}",
        manifests.join(" or ")
    ))
}

/// How the PostgreSQL crate names the rng trait `rng` (`rand_core::RngCore`)
/// when it does not depend on the crate that path starts with: through
/// `rand`, which re-exports `rand_core`'s traits at its root, or
/// `rand_chacha`, which re-exports `rand_core`; `None` when it needs no
/// other path, or has neither.
fn pg_rng(pg: &Crate, rng: &str) -> Option<(String, String)> {
    let (first, name) = rng.split_once("::")?;
    let name = name.rsplit("::").next().unwrap_or(name);
    let depends = |package: &str| pg.member.dependency(package);
    if pg
        .member
        .dependencies
        .iter()
        .any(|dependency| dependency.key.replace('-', "_") == first)
    {
        return None;
    }
    let (dependency, path) = if let Some(rand) = depends("rand") {
        (rand, format!("{}::{name}", rand.key.replace('-', "_")))
    } else {
        let chacha = depends("rand_chacha")?;
        (
            chacha,
            format!("{}::rand_core::{name}", chacha.key.replace('-', "_")),
        )
    };
    Some((
        path,
        format!(
            "`{}` does not depend on `{first}`, but on `{}` ({}), which re-exports it",
            pg.member.package,
            dependency.package,
            pg.member.manifest()
        ),
    ))
}

/// Whether a version requirement (`0.6.4`, `^0.9`, `=0.10.0`) asks for a
/// `rand_core` older than 0.10, which named its trait `RngCore`.
fn before_0_10(requirement: &str) -> bool {
    let version = requirement.trim_start_matches(|c: char| !c.is_ascii_digit());
    let mut numbers = version
        .split(|c: char| !c.is_ascii_digit())
        .map(str::parse::<u64>);
    matches!(
        (numbers.next(), numbers.next()),
        (Some(Ok(0)), Some(Ok(minor))) if minor < 10
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rand_core_before_0_10_calls_its_trait_rng_core() {
        assert!(before_0_10("0.6.4"));
        assert!(before_0_10("^0.9"));
        assert!(!before_0_10("0.10"));
        assert!(!before_0_10("=0.10.0"));
        assert!(!before_0_10("1"));
    }
}
