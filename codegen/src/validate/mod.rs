//! Checks on the model before anything is rendered: every problem is
//! collected and reported at its origin.

mod diagnostics;

pub use self::diagnostics::{Diagnostic, Diagnostics, Origin};
