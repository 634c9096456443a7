//! Apply: write a resolved plan to disk all at once, or show it as a diff;
//! one writer at a time per workspace.

mod atomic;
mod color;
mod diff;
#[cfg(test)]
mod faults;
mod file_system;
mod lock;
mod original;
mod restore;
#[cfg(test)]
mod test_tree;
mod write;

pub use self::{
    color::ColorChoice,
    diff::{colorize, unified_diff},
    lock::WorkspaceLock,
    write::{write_all, write_all_uninterrupted},
};
