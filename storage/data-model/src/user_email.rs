//! The `UserEmail` entity.

use chrono::{DateTime, Utc};
use ulid::Ulid;

use crate::{Entity, User};

/// A user email.
#[derive(Debug, Clone, PartialEq, Entity)]
pub struct UserEmail {
    /// The id, made from the clock and the rng when the user email is added.
    pub id: Ulid,
    /// When the user email was added.
    pub created_at: DateTime<Utc>,
    /// The email. Unique.
    #[entity(unique)]
    pub email: String,
    /// The id of the [`User`] that is the user.
    #[entity(references = User)]
    pub user_id: Ulid,
    /// When the user email was confirmed. Optional.
    pub confirmed_at: Option<DateTime<Utc>>,
}
