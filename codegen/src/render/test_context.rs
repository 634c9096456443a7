//! `storage-pg/src/test_context.rs`: the context the generated tests start
//! from, which `codegen init` writes into a PostgreSQL crate that has none.

use askama::Template;

use super::{imports::Imports, render};
use crate::Error;

/// The module `codegen init` writes the context into, in the PostgreSQL
/// crate's `src/`.
pub const TEST_CONTEXT_MODULE: &str = "test_context";

/// The items a test context is made of, each by its path as the PostgreSQL
/// crate writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestContextParts {
    /// The unit of work, with `async fn from_pool(&PgPool)` and `fn
    /// boxed(self)`: `crate::PgRepository`.
    pub unit_of_work: String,
    /// What `boxed` returns: `mas_storage::BoxRepository`.
    pub boxed_repository: String,
    /// A clock with `Default` and `advance(&self, Duration)`.
    pub clock: String,
    /// The duration `advance` takes: `chrono::Duration`.
    pub duration: String,
    /// A seedable rng: `rand_chacha::ChaChaRng`.
    pub rng: String,
    /// The trait that seeds it: `rand_chacha::rand_core::SeedableRng`.
    pub seedable: String,
}

#[derive(Template)]
#[template(path = "storage-pg/test_context.rs.askama", escape = "none")]
struct TestContext<'a> {
    imports: String,
    unit_of_work: &'a str,
    boxed_repository: &'a str,
    clock: &'a str,
    rng: &'a str,
}

/// The context's module, before formatting and without the workspace's
/// header.
///
/// # Errors
///
/// When the template fails to render.
pub fn render_test_context(parts: &TestContextParts) -> Result<String, Error> {
    let last = |path: &str| path.rsplit("::").next().unwrap_or(path).to_owned();
    let imports = Imports::default().with([
        parts.unit_of_work.as_str(),
        parts.boxed_repository.as_str(),
        parts.clock.as_str(),
        parts.duration.as_str(),
        parts.rng.as_str(),
        parts.seedable.as_str(),
        "sqlx::PgPool",
    ]);
    let (unit_of_work, boxed_repository, clock, rng) = (
        last(&parts.unit_of_work),
        last(&parts.boxed_repository),
        last(&parts.clock),
        last(&parts.rng),
    );
    let body = render(&TestContext {
        imports: format!("{}\n", imports.render()),
        unit_of_work: &unit_of_work,
        boxed_repository: &boxed_repository,
        clock: &clock,
        rng: &rng,
    })?;
    Ok(format!("{body}\n"))
}
