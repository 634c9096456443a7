//! The repository of [`UserEmail`]s.
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync UserEmail`; write your own code outside those regions.

// codegen:begin imports
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use data_model::{Clock, User, UserEmail};
use rand_core::Rng;
use ulid::Ulid;

use crate::{Page, Pagination, repository};
// codegen:end imports

// codegen:begin types
/// What it takes to add a [`UserEmail`]: every field but the id and the
/// creation time, which the repository sets.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUserEmail {
    /// The email. Unique.
    pub email: String,
    /// The id of the [`User`] that is the user.
    pub user_id: Ulid,
    /// When the user email was confirmed. Optional.
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// Which [`UserEmail`]s to list or count. The default matches them all;
/// each builder method narrows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserEmailFilter {
    user: Option<Ulid>,
    confirmed_at_present: Option<bool>,
}

impl UserEmailFilter {
    /// A filter that matches every user email.
    #[must_use]
    pub fn new() -> Self {
        <Self as ::std::default::Default>::default()
    }

    /// Only user emails whose `user` is the given [`User`].
    #[must_use]
    pub const fn for_user(mut self, user: &User) -> Self {
        self.user = Some(user.id);
        self
    }

    /// The `for_user` condition, if set.
    #[must_use]
    pub const fn user(&self) -> Option<Ulid> {
        self.user
    }

    /// Only user emails whose `confirmed_at` is set (`true`) or unset (`false`).
    #[must_use]
    pub const fn with_confirmed_at_present(mut self, present: bool) -> Self {
        self.confirmed_at_present = Some(present);
        self
    }

    /// The `with_confirmed_at_present` condition, if set.
    #[must_use]
    pub const fn confirmed_at_present(&self) -> Option<bool> {
        self.confirmed_at_present
    }
}

// codegen:end types

/// Storage of [`UserEmail`]s.
#[repository]
#[async_trait]
pub trait UserEmailRepository: Send + Sync {
    /// The error the backend reports.
    type Error;

    // codegen:begin methods
    /// Add a user email.
    ///
    /// # Parameters
    ///
    /// * `rng`: randomness for the new id.
    /// * `clock`: the time of creation, and of the new id.
    /// * `params`: the new user email's fields.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails, including when a unique value is
    /// already taken.
    async fn add(
        &mut self,
        rng: &mut (dyn Rng + Send),
        clock: &dyn Clock,
        params: NewUserEmail,
    ) -> Result<UserEmail, Self::Error>;

    /// Look up a user email by id.
    ///
    /// # Parameters
    ///
    /// * `id`: the id of the user email.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails; a missing user email is
    /// `Ok(None)`.
    async fn lookup(&mut self, id: Ulid) -> Result<Option<UserEmail>, Self::Error>;

    /// Find the user email whose `email` is `email`.
    ///
    /// # Parameters
    ///
    /// * `email`: the value to look for.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails; no match is `Ok(None)`.
    async fn find_by_email(&mut self, email: &str) -> Result<Option<UserEmail>, Self::Error>;

    /// List the user emails that match `filter`, one page at a time, by ascending id.
    ///
    /// # Parameters
    ///
    /// * `filter`: which user emails to include.
    /// * `pagination`: which page to return.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn list(
        &mut self,
        filter: UserEmailFilter,
        pagination: Pagination,
    ) -> Result<Page<UserEmail>, Self::Error>;

    /// Count the user emails that match `filter`.
    ///
    /// # Parameters
    ///
    /// * `filter`: which user emails to count.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails.
    async fn count(&mut self, filter: UserEmailFilter) -> Result<usize, Self::Error>;

    /// Replace every field of a stored user email but its id and creation time with
    /// those of `user_email`.
    ///
    /// # Parameters
    ///
    /// * `user_email`: the user email, with its new field values.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails, if no user email has this id, or
    /// if a unique value is already taken.
    async fn update(&mut self, user_email: UserEmail) -> Result<UserEmail, Self::Error>;

    /// Remove a user email.
    ///
    /// # Parameters
    ///
    /// * `user_email`: the user email to remove.
    ///
    /// # Errors
    ///
    /// Returns [`Self::Error`] if the backend fails or if no user email has this id.
    async fn remove(&mut self, user_email: UserEmail) -> Result<(), Self::Error>;
    // codegen:end methods
}
