//! The `User` entity.

use chrono::{DateTime, Utc};
use ulid::Ulid;

use crate::Entity;

/// A user.
#[derive(Debug, Clone, PartialEq, Entity)]
pub struct User {
    /// The id, made from the clock and the rng when the user is added.
    pub id: Ulid,
    /// When the user was added.
    pub created_at: DateTime<Utc>,
    /// The username. Unique.
    #[entity(unique)]
    pub username: String,
    /// When the user was locked. Optional.
    pub locked_at: Option<DateTime<Utc>>,
}
