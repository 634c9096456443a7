//! What every repository test starts from.

use chrono::TimeDelta;
use data_model::MockClock;
use rand_chacha::{ChaChaRng, rand_core::SeedableRng};
use sqlx::PgPool;
use storage::BoxRepository;
use storage_pg::PgRepository;

/// A unit of work on the test's database, with deterministic time and
/// randomness.
pub struct Context {
    /// The repository under test, boxed as services use it.
    pub repo: BoxRepository,
    /// A seeded rng: the same ids on every run.
    pub rng: ChaChaRng,
    /// A clock that moves only when told.
    pub clock: MockClock,
    /// The next number [`Context::fresh_sample`] hands out.
    next_sample: u8,
}

impl Context {
    /// A context on a connection from `pool`.
    pub async fn new(pool: &PgPool) -> Self {
        Self {
            repo: PgRepository::from_pool(pool).await.unwrap().boxed(),
            rng: ChaChaRng::seed_from_u64(42),
            clock: MockClock::default(),
            next_sample: 100,
        }
    }

    /// Step the clock, so that ids made afterwards sort after those made
    /// before.
    pub fn tick(&self) {
        self.clock.advance(TimeDelta::seconds(1));
    }

    /// A sample number no other sample of this test uses, for entities that
    /// are added because another references them: their unique values then
    /// never collide, however many paths lead to them.
    pub fn fresh_sample(&mut self) -> u8 {
        let n = self.next_sample;
        self.next_sample = n
            .checked_add(1)
            .expect("a test adds at most 155 referenced samples");
        n
    }
}
