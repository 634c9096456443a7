use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    type Error;

    async fn count(&self) -> Result<usize, Self::Error>;

    async fn build(name: String) -> Result<usize, Self::Error>;
}

fn main() {}
