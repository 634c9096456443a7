//! The parts of a test context for a PostgreSQL crate whose tests share
//! none, found as its own tests make each one: the unit of work from a pool
//! (`PgRepository::from_pool(&pool)`, then `.boxed()`), a mock clock, and a
//! seeded ChaCha rng.

use quote::ToTokens;

use super::{
    crate_items::Crate,
    item_paths::{Wanted, search},
    members::shown,
};
use crate::render::TestContextParts;

/// The unit of work the context opens.
const UNIT_OF_WORK: &str = "PgRepository";
/// What its `boxed` returns.
const BOXED_REPOSITORY: &str = "BoxRepository";
/// The clock the context moves by hand.
const MOCK_CLOCK: &str = "MockClock";

/// The parts, each by its path as the PostgreSQL crate `pg` writes it, and
/// where they were found; or what was looked for in vain.
pub fn context_parts(
    pg: &Crate,
    storage: &Crate,
    model: &Crate,
) -> Result<(TestContextParts, String), String> {
    let (unit_of_work, _) = search(Wanted::Struct(UNIT_OF_WORK), &[pg])?;
    let methods = inherent_methods(pg, UNIT_OF_WORK);
    let from_pool = methods
        .iter()
        .find(|method| method.ident == "from_pool" && method.asyncness.is_some());
    let boxed = methods.iter().find(|method| method.ident == "boxed");
    let (Some(_), Some(boxed)) = (from_pool, boxed) else {
        return Err(format!(
            "no `impl {UNIT_OF_WORK}` in {} with an `async fn from_pool` and a `fn boxed`",
            pg.src()
        ));
    };
    if !returns(boxed, BOXED_REPOSITORY) {
        return Err(format!(
            "`{UNIT_OF_WORK}::boxed` in {} returns no `{BOXED_REPOSITORY}`",
            pg.src()
        ));
    }
    let (boxed_repository, _) = search(Wanted::Alias(BOXED_REPOSITORY), &[storage])?;
    let (clock, _) = search(Wanted::Struct(MOCK_CLOCK), &[storage, model])?;
    let dependency = |package: &str| {
        pg.member
            .test_dependency(package)
            .map(|dependency| dependency.key.replace('-', "_"))
            .ok_or_else(|| {
                format!(
                    "`{package}` is not among the dependencies of {}, which the tests would \
                     need",
                    shown(&pg.member.dir.join("Cargo.toml"))
                )
            })
    };
    let chacha = dependency("rand_chacha")?;
    let chrono = dependency("chrono")?;
    let lib = &pg.member.lib;
    let in_pg = |path: String| match path.strip_prefix(&format!("{lib}::")) {
        Some(rest) => format!("crate::{rest}"),
        None => path,
    };
    let parts = TestContextParts {
        unit_of_work: in_pg(unit_of_work),
        boxed_repository,
        clock,
        duration: format!("{chrono}::Duration"),
        rng: format!("{chacha}::ChaChaRng"),
        seedable: format!("{chacha}::rand_core::SeedableRng"),
    };
    let found = format!(
        "none in the crate's tests, so `codegen init` writes one: `{UNIT_OF_WORK}::from_pool` \
         and `boxed` in {}, `{}`, `{}` and `{}`",
        pg.src(),
        parts.boxed_repository,
        parts.clock,
        parts.rng
    );
    Ok((parts, found))
}

/// The methods of every `impl <name>` (not of a trait) in `krate`.
fn inherent_methods<'a>(krate: &'a Crate, name: &str) -> Vec<&'a syn::Signature> {
    krate
        .entries()
        .into_iter()
        .filter_map(|entry| match entry.item {
            syn::Item::Impl(block)
                if block.trait_.is_none()
                    && matches!(&*block.self_ty, syn::Type::Path(path)
                        if path.path.segments.last().is_some_and(|last| last.ident == name)) =>
            {
                Some(block)
            }
            _ => None,
        })
        .flat_map(|block| {
            block.items.iter().filter_map(|item| match item {
                syn::ImplItem::Fn(method) => Some(&method.sig),
                _ => None,
            })
        })
        .collect()
}

/// Whether `method` returns a type whose last segment is `name`.
fn returns(method: &syn::Signature, name: &str) -> bool {
    match &method.output {
        syn::ReturnType::Type(_, ty) => ty
            .to_token_stream()
            .into_iter()
            .last()
            .is_some_and(|token| token.to_string() == name),
        syn::ReturnType::Default => false,
    }
}
