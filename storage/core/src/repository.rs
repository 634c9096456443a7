//! The unit of work and the accessors it hands out, one per entity.
//!
//! `codegen new-entity` adds an accessor to [`RepositoryAccess`] and to each
//! of its implementations below.

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

/// Access to the repository of each entity.
pub trait RepositoryAccess: Send {
    /// The error every repository of this backend reports.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The repository of [`data_model::User`]s.
    fn user<'c>(&'c mut self) -> Box<dyn crate::user::UserRepository<Error = Self::Error> + 'c>;

    /// The repository of [`data_model::UserEmail`]s.
    fn user_email<'c>(
        &'c mut self,
    ) -> Box<dyn crate::user_email::UserEmailRepository<Error = Self::Error> + 'c>;
}

impl<R: RepositoryAccess + ?Sized> RepositoryAccess for Box<R> {
    type Error = R::Error;

    fn user<'c>(&'c mut self) -> Box<dyn crate::user::UserRepository<Error = Self::Error> + 'c> {
        (**self).user()
    }

    fn user_email<'c>(
        &'c mut self,
    ) -> Box<dyn crate::user_email::UserEmailRepository<Error = Self::Error> + 'c> {
        (**self).user_email()
    }
}

impl<R, F, E> RepositoryAccess for MapErr<R, F>
where
    R: RepositoryAccess,
    F: FnMut(R::Error) -> E + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;

    fn user<'c>(&'c mut self) -> Box<dyn crate::user::UserRepository<Error = Self::Error> + 'c> {
        Box::new(crate::MapErr::new(self.inner.user(), &mut self.mapper))
    }

    fn user_email<'c>(
        &'c mut self,
    ) -> Box<dyn crate::user_email::UserEmailRepository<Error = Self::Error> + 'c> {
        Box::new(crate::MapErr::new(
            self.inner.user_email(),
            &mut self.mapper,
        ))
    }
}

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
