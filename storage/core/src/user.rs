//! The repository of [`User`]s.
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync User`; write your own code outside those regions.

// codegen:begin imports
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use data_model::{Clock, User};
use rand_core::Rng;
use ulid::Ulid;

use crate::{Page, Pagination, repository};
// codegen:end imports

// codegen:begin types
/// What it takes to add a [`User`]: every field but the id and the
/// creation time, which the repository sets.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    /// The username. Unique.
    pub username: String,
    /// When the user was locked. Optional.
    pub locked_at: Option<DateTime<Utc>>,
}

/// Which [`User`]s to list or count. The default matches them all;
/// each builder method narrows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserFilter {
    locked_at_present: Option<bool>,
}

impl UserFilter {
    /// A filter that matches every user.
    #[must_use]
    pub fn new() -> Self {
        <Self as ::std::default::Default>::default()
    }

    /// Only users whose `locked_at` is set (`true`) or unset (`false`).
    #[must_use]
    pub const fn with_locked_at_present(mut self, present: bool) -> Self {
        self.locked_at_present = Some(present);
        self
    }

    /// The `with_locked_at_present` condition, if set.
    #[must_use]
    pub const fn locked_at_present(&self) -> Option<bool> {
        self.locked_at_present
    }
}

// codegen:end types

/// Storage of [`User`]s.
#[repository]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// The error the backend reports.
    type Error;

    // codegen:begin methods
    /// Add a user.
    ///
    /// # Parameters
    ///
    /// * `rng`: randomness for the new id.
    /// * `clock`: the time of creation, and of the new id.
    /// * `params`: the new user's fields.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails, including when a unique value is
    /// already taken.
    async fn add(
        &mut self,
        rng: &mut (dyn Rng + Send),
        clock: &dyn Clock,
        params: NewUser,
    ) -> Result<User, Self::Error>;

    /// Look up a user by id.
    ///
    /// # Parameters
    ///
    /// * `id`: the id of the user.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails; a missing user is `Ok(None)`.
    async fn lookup(&mut self, id: Ulid) -> Result<Option<User>, Self::Error>;

    /// Find the user whose `username` is `username`.
    ///
    /// # Parameters
    ///
    /// * `username`: the value to look for.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails; no match is `Ok(None)`.
    async fn find_by_username(&mut self, username: &str) -> Result<Option<User>, Self::Error>;

    /// List the users that match `filter`, one page at a time, by ascending id.
    ///
    /// # Parameters
    ///
    /// * `filter`: which users to include.
    /// * `pagination`: which page to return.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn list(
        &mut self,
        filter: UserFilter,
        pagination: Pagination,
    ) -> Result<Page<User>, Self::Error>;

    /// Count the users that match `filter`.
    ///
    /// # Parameters
    ///
    /// * `filter`: which users to count.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn count(&mut self, filter: UserFilter) -> Result<usize, Self::Error>;

    /// Replace every field of a stored user but its id and creation time with those of
    /// `user`.
    ///
    /// # Parameters
    ///
    /// * `user`: the user, with its new field values.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails, if no user has this id, or if a
    /// unique value is already taken.
    async fn update(&mut self, user: User) -> Result<User, Self::Error>;

    /// Remove a user.
    ///
    /// # Parameters
    ///
    /// * `user`: the user to remove.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails or if no user has this id.
    async fn remove(&mut self, user: User) -> Result<(), Self::Error>;
    // codegen:end methods
}
