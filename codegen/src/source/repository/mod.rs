//! Repository traits: `#[repository]` and the rules that keep a trait
//! usable behind `Box<dyn …>` and the error-mapping wrapper.
//!
//! ```text
//! #[repository]
//! #[async_trait]
//! pub trait DeviceRepository: Send + Sync {
//!     type Error;
//!     async fn lookup(&mut self, id: Ulid) -> Result<Option<Device>, Self::Error>;
//! }
//! ```

mod ast;
mod check;

pub use self::{
    ast::{RepositoryMethod, RepositoryTrait},
    check::result_types,
};

/// Parse and check a repository trait.
///
/// # Errors
///
/// Returns every problem found, each at its span.
pub fn parse_repository(item: &syn::ItemTrait) -> syn::Result<RepositoryTrait> {
    let mut errors = crate::source::Errors::default();
    let repository = ast::RepositoryTrait::from_syn(item, &mut errors);
    check::check(item, &mut errors);
    errors.finish(repository)
}
