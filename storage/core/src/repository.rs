//! The unit of work and the accessors it hands out, one per entity.

use async_trait::async_trait;
/// Writes the forwarding implementations of a repository trait.
pub use storage_macros::repository;

use crate::{MapErr, RepositoryError};

/// A unit of work: repository access plus the transaction it runs in.
pub trait Repository<E>:
    RepositoryAccess<Error = E> + RepositoryTransaction<Error = E> + Send + Sync
{
}

impl<E, R> Repository<E> for R where
    R: RepositoryAccess<Error = E> + RepositoryTransaction<Error = E> + Send + Sync
{
}

/// A repository of any backend, its errors erased into [`RepositoryError`].
pub type BoxRepository = Box<dyn Repository<RepositoryError> + Send + Sync + 'static>;

/// The end of a unit of work.
#[async_trait]
pub trait RepositoryTransaction {
    /// The error the backend reports.
    type Error;

    /// Commit everything done through this repository.
    ///
    /// # Errors
    ///
    /// Returns the backend's error if the commit fails; nothing is then saved.
    async fn save(self: Box<Self>) -> Result<(), Self::Error>;

    /// Throw away everything done through this repository.
    ///
    /// # Errors
    ///
    /// Returns the backend's error if the rollback fails.
    async fn cancel(self: Box<Self>) -> Result<(), Self::Error>;
}

// `RepositoryAccess`, with an accessor for each `#[repository]` trait of
// this crate, and its implementations for `Box<R>` and `MapErr<R, F>`:
// written by `build.rs`, so adding a repository needs no edit here.
include!(concat!(env!("OUT_DIR"), "/repository_access.rs"));

#[async_trait]
impl<R, F, E> RepositoryTransaction for MapErr<R, F>
where
    R: RepositoryTransaction + Send + 'static,
    F: FnMut(R::Error) -> E + Send + Sync + 'static,
{
    type Error = E;

    async fn save(self: Box<Self>) -> Result<(), Self::Error> {
        let Self { inner, mut mapper } = *self;
        Box::new(inner).save().await.map_err(&mut mapper)
    }

    async fn cancel(self: Box<Self>) -> Result<(), Self::Error> {
        let Self { inner, mut mapper } = *self;
        Box::new(inner).cancel().await.map_err(&mut mapper)
    }
}
