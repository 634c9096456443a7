//! Apply: write a resolved plan to disk all at once, or show it as a diff.

mod diff;
mod write;

pub use self::{diff::unified_diff, write::write_all};
