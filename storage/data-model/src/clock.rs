//! Time as a dependency: repositories ask a [`Clock`] instead of reading the
//! system time, so tests can pin it.

use std::sync::{
    Mutex, PoisonError,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// A source of the current time.
pub trait Clock: Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock.
///
/// Readings are truncated to whole microseconds, the precision of
/// PostgreSQL's `TIMESTAMP WITH TIME ZONE`, so that a value written to the
/// database reads back equal to the one the caller kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        now.duration_trunc(TimeDelta::microseconds(1))
            .unwrap_or(now)
    }
}

/// A clock for tests: it starts at a fixed instant and only moves when told.
#[derive(Debug)]
pub struct MockClock {
    micros_since_epoch: AtomicI64,
    // Serialises `advance` so that concurrent advances add up.
    advance_lock: Mutex<()>,
}

impl MockClock {
    /// The instant every [`MockClock::default`] starts at:
    /// 2022-01-16T14:40:00Z.
    pub const START_MICROS: i64 = 1_642_344_000_000_000;

    /// A clock stopped at `instant`, truncated to whole microseconds.
    #[must_use]
    pub fn at(instant: DateTime<Utc>) -> Self {
        Self {
            micros_since_epoch: AtomicI64::new(instant.timestamp_micros()),
            advance_lock: Mutex::new(()),
        }
    }

    /// Move the clock forward by `delta` (backwards if it is negative).
    pub fn advance(&self, delta: TimeDelta) {
        let _guard = self
            .advance_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let micros = delta.num_microseconds().unwrap_or(i64::MAX);
        let now = self.micros_since_epoch.load(Ordering::SeqCst);
        self.micros_since_epoch
            .store(now.saturating_add(micros), Ordering::SeqCst);
    }
}

impl Default for MockClock {
    fn default() -> Self {
        Self {
            micros_since_epoch: AtomicI64::new(Self::START_MICROS),
            advance_lock: Mutex::new(()),
        }
    }
}

impl Clock for MockClock {
    fn now(&self) -> DateTime<Utc> {
        let micros = self.micros_since_epoch.load(Ordering::SeqCst);
        DateTime::from_timestamp_micros(micros).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_clock_moves_only_when_advanced() {
        let clock = MockClock::default();
        let start = clock.now();
        assert_eq!(start.timestamp_micros(), MockClock::START_MICROS);
        assert_eq!(clock.now(), start);

        clock.advance(TimeDelta::seconds(90));
        assert_eq!(clock.now() - start, TimeDelta::seconds(90));

        clock.advance(TimeDelta::seconds(-30));
        assert_eq!(clock.now() - start, TimeDelta::seconds(60));
    }

    #[test]
    fn system_clock_has_microsecond_precision() {
        let now = SystemClock.now();
        assert_eq!(now.timestamp_subsec_nanos() % 1_000, 0);
    }
}
