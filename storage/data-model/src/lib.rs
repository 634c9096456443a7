//! The data model: one plain struct per kind of stored data, plus the
//! injected sources of time and randomness every repository relies on.
//!
//! Entity modules are written by `codegen new-entity`; the struct in each is
//! the source of truth for its table.

mod clock;
mod id;
mod user;
mod user_email;

pub use self::clock::{Clock, MockClock, SystemClock};
pub use self::id::new_id;
pub use self::user::User;
pub use self::user_email::UserEmail;
