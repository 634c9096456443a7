use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    type Error;

    async fn find<K: ToString + Send>(&mut self, key: K) -> Result<usize, Self::Error>;
}

fn main() {}
