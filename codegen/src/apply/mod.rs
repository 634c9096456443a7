//! Apply: write a resolved plan to disk all at once, or show it as a diff;
//! one writer at a time per workspace.

mod color;
mod diff;
mod lock;
mod write;

pub use self::{
    color::ColorChoice,
    diff::{colorize, unified_diff},
    lock::WorkspaceLock,
    write::write_all,
};
