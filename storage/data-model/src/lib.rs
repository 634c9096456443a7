//! The data model: one plain struct per kind of stored data, plus the
//! injected sources of time and randomness every repository relies on.
//!
//! Entity modules are written by `codegen new-entity`; the struct in each is
//! the source of truth for its table.

// Lets `#[derive(Entity)]` name this crate `::data_model` from inside it too.
extern crate self as data_model;

mod clock;
mod entity;
mod id;
mod user;
mod user_email;

pub use self::clock::{Clock, MockClock, SystemClock};
pub use self::entity::Entity;
pub use self::id::new_id;
pub use self::user::User;
pub use self::user_email::UserEmail;

/// What `#[derive(Entity)]` expands to refers to, by paths that cannot
/// collide with the user's.
#[doc(hidden)]
pub mod __private {
    pub use chrono::{DateTime, Utc};
    pub use ulid::Ulid;
}
