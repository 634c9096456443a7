//! A repository trait, implemented once by hand, used through every
//! forwarding implementation the macro writes.

use std::convert::Infallible;

use storage::{MapErr, repository};

#[repository]
pub trait CounterRepository: Send + Sync {
    type Error;

    async fn add(&mut self, amount: u64) -> Result<u64, Self::Error>;

    // Patterns other than a plain name are forwarded too.
    async fn add_pair(&mut self, (a, b): (u64, u64), _unused: bool) -> Result<u64, Self::Error>;

    async fn label(&mut self, prefix: &str) -> Result<String, Self::Error>;
}

struct Counter(u64);

#[async_trait::async_trait]
impl CounterRepository for Counter {
    type Error = Infallible;

    async fn add(&mut self, amount: u64) -> Result<u64, Self::Error> {
        self.0 += amount;
        Ok(self.0)
    }

    async fn add_pair(&mut self, (a, b): (u64, u64), _unused: bool) -> Result<u64, Self::Error> {
        self.add(a + b).await
    }

    async fn label(&mut self, prefix: &str) -> Result<String, Self::Error> {
        Ok(format!("{prefix}{}", self.0))
    }
}

#[derive(Debug, PartialEq)]
struct Mapped(&'static str);

async fn exercise() {
    let mut boxed: Box<dyn CounterRepository<Error = Infallible>> = Box::new(Counter(0));
    assert_eq!(boxed.add(1).await, Ok(1));

    let mut counter = Counter(10);
    let mut borrowed: &mut Counter = &mut counter;
    assert_eq!(CounterRepository::add_pair(&mut borrowed, (1, 2), true).await, Ok(13));

    let mut mapped = MapErr::new(Counter(5), |_: Infallible| Mapped("never"));
    assert_eq!(mapped.label("n=").await, Ok::<_, Mapped>("n=5".to_owned()));
}

fn main() {
    let _ = exercise();
}
