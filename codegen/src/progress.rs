//! The lines a long command prints as it goes: one per phase, on stderr,
//! with the time since the command began, so that a person waiting on a
//! build sees where it stands and a slow phase shows itself.

use std::{fmt::Display, sync::OnceLock, time::Instant};

static START: OnceLock<Instant> = OnceLock::new();

/// Start the clock the phases are timed against: the binary calls it
/// first thing. Without it, the first phase starts it.
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Print `message` as the start of a phase: `codegen: [ 12.3 s] message`.
pub fn phase(message: impl Display) {
    let elapsed = START.get_or_init(Instant::now).elapsed();
    eprintln!("codegen: [{:>5.1} s] {message}", elapsed.as_secs_f64());
}
