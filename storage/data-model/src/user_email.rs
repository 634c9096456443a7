//! The `UserEmail` entity.

use chrono::{DateTime, Utc};
use ulid::Ulid;

/// A user email.
#[derive(Debug, Clone, PartialEq)]
pub struct UserEmail {
    /// The id, made from the clock and the rng when the user email is added.
    pub id: Ulid,
    /// When the user email was added.
    pub created_at: DateTime<Utc>,
    /// The email. Unique.
    pub email: String,
    /// The id of the [`User`] that is the user.
    pub user_id: Ulid,
    /// When the user email was confirmed. Optional.
    pub confirmed_at: Option<DateTime<Utc>>,
}
