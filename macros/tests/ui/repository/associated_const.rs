use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    type Error;
    const LIMIT: usize;

    async fn count(&mut self) -> Result<usize, Self::Error>;
}

fn main() {}
