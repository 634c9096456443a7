//! Identifiers: ULIDs made from the injected clock and rng, so that ids sort
//! by creation time and tests get the same ids on every run.

use rand_core::Rng;
use ulid::Ulid;

use crate::Clock;

/// A new id for something created now, by `clock`, with randomness from `rng`.
pub fn new_id(clock: &dyn Clock, rng: &mut (dyn Rng + Send)) -> Ulid {
    Ulid::from_datetime_with_source(clock.now().into(), rng)
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::MockClock;

    /// A deterministic generator that counts up, enough to tell ids apart.
    struct CountingRng(u64);

    impl rand_core::TryRng for CountingRng {
        type Error = core::convert::Infallible;

        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(self.try_next_u64()? as u32)
        }

        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 += 1;
            Ok(self.0)
        }

        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
        }
    }

    #[test]
    fn ids_carry_the_clock_time_and_sort_by_it() {
        let clock = MockClock::default();
        let mut rng = CountingRng(0);

        let first = new_id(&clock, &mut rng);
        clock.advance(TimeDelta::milliseconds(1));
        let second = new_id(&clock, &mut rng);

        assert_eq!(
            i64::try_from(first.timestamp_ms()).unwrap(),
            clock.now().timestamp_millis() - 1
        );
        assert!(first < second);
    }

    #[test]
    fn same_clock_and_rng_give_same_id() {
        let clock = MockClock::default();
        assert_eq!(
            new_id(&clock, &mut CountingRng(7)),
            new_id(&clock, &mut CountingRng(7))
        );
    }
}
