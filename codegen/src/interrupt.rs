//! Ctrl-C and termination, turned into an orderly stop.
//!
//! A command that is interrupted must leave the user's tree as it was
//! before it started, or as it is after it finished, never in between, and
//! must stop what it started (a throwaway PostgreSQL, a scratch database, a
//! build). So the `codegen` binary catches SIGINT, SIGTERM and SIGHUP
//! ([`install`]) and only records them; the code that writes, waits for a
//! child process or is about to start the next step asks [`check`], which
//! turns a recorded signal into [`Error::Interrupted`] so that every guard
//! on the way out (restores, `Drop`s that stop servers and drop databases)
//! runs. A second signal while the first is being handled ends the process
//! at once, as the user asked twice.
//!
//! A library user that never calls [`install`] keeps the default handling:
//! [`check`] then never fails.

use std::sync::{
    Arc, OnceLock,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use crate::Error;

/// The signals that stop a command.
#[cfg(unix)]
const SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// What the handlers record: whether a signal came, and which.
#[derive(Debug, Default)]
struct Received {
    any: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

static RECEIVED: OnceLock<Received> = OnceLock::new();

/// Catch SIGINT, SIGTERM and SIGHUP for the rest of the process: the first
/// is recorded for [`check`], a second ends the process with the signal's
/// default action. Calling it again does nothing.
///
/// # Errors
///
/// Fails when the system refuses to install a handler.
pub fn install() -> Result<(), Error> {
    let mut result = Ok(());
    RECEIVED.get_or_init(|| {
        let received = Received::default();
        result = register(&received);
        received
    });
    result
}

#[cfg(unix)]
fn register(received: &Received) -> Result<(), Error> {
    use signal_hook::flag;
    let failed = |error: std::io::Error| {
        Error::Tool(format!("cannot install codegen's signal handlers: {error}"))
    };
    for signal in SIGNALS {
        // Registered first, so it sees the flag as the previous signal left
        // it: set only from the second signal on.
        flag::register_conditional_default(signal, Arc::clone(&received.any)).map_err(failed)?;
        flag::register(signal, Arc::clone(&received.any)).map_err(failed)?;
        let number = usize::try_from(signal).unwrap_or_default();
        flag::register_usize(signal, Arc::clone(&received.signal), number).map_err(failed)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn register(_received: &Received) -> Result<(), Error> {
    Ok(())
}

/// The signal received, if one was since [`install`].
#[must_use]
pub fn received() -> Option<i32> {
    #[cfg(test)]
    if let Some(signal) = simulated() {
        return Some(signal);
    }
    let received = RECEIVED.get()?;
    if !received.any.load(Ordering::SeqCst) {
        return None;
    }
    i32::try_from(received.signal.load(Ordering::SeqCst)).ok()
}

#[cfg(test)]
thread_local! {
    /// The signal a test simulates for its own thread. Kept per thread, not in
    /// [`RECEIVED`], because tests run side by side in one process and a
    /// recorded signal would stop them all.
    static SIMULATED: std::cell::RefCell<Option<Arc<AtomicUsize>>> =
        const { std::cell::RefCell::new(None) };
}

/// A signal simulated for tests on the thread that called [`simulate`]:
/// [`received`] there reports it once [`raised`](Simulated::raise). Dropping
/// it ends the simulation.
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct Simulated {
    signal: Arc<AtomicUsize>,
}

/// Starts simulating signals on this thread; none is received until
/// [`Simulated::raise`].
#[cfg(test)]
pub(crate) fn simulate() -> Simulated {
    let signal = Arc::new(AtomicUsize::new(0));
    SIMULATED.set(Some(Arc::clone(&signal)));
    Simulated { signal }
}

#[cfg(test)]
impl Simulated {
    /// Records `signal` as the handlers would. Another thread may raise it
    /// while the simulating one waits for a child.
    pub(crate) fn raise(&self, signal: i32) {
        let number = usize::try_from(signal).unwrap_or_default();
        self.signal.store(number, Ordering::SeqCst);
    }
}

#[cfg(test)]
impl Drop for Simulated {
    fn drop(&mut self) {
        SIMULATED.set(None);
    }
}

#[cfg(test)]
fn simulated() -> Option<i32> {
    let number = SIMULATED
        .with_borrow(|signal| signal.as_ref().map(|signal| signal.load(Ordering::SeqCst)))?;
    i32::try_from(number).ok().filter(|&signal| signal != 0)
}

/// Stop here if a signal came: the caller unwinds through its guards.
///
/// # Errors
///
/// [`Error::Interrupted`] with the signal, once one was received.
pub fn check() -> Result<(), Error> {
    match received() {
        Some(signal) => Err(Error::Interrupted { signal }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_received_without_a_signal() {
        assert_eq!(received(), None);
        assert!(check().is_ok());
    }

    #[test]
    fn a_simulated_signal_is_received_on_its_thread_only() {
        let simulated = simulate();
        assert_eq!(received(), None);
        simulated.raise(15);
        assert_eq!(received(), Some(15));
        assert!(matches!(check(), Err(Error::Interrupted { signal: 15 })));
        std::thread::spawn(|| assert_eq!(received(), None))
            .join()
            .unwrap();
        drop(simulated);
        assert_eq!(received(), None);
    }

    #[cfg(unix)]
    #[test]
    fn signal_names_are_the_usual_ones() {
        use crate::error::signal_name;
        for signal in SIGNALS {
            assert!(signal_name(signal).starts_with("SIG"), "{signal}");
        }
        assert_eq!(signal_name(signal_hook::consts::SIGINT), "SIGINT");
        assert_eq!(signal_name(99), "signal 99");
    }
}
