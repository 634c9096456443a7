use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    type Error;

    async fn count(&mut self) -> usize;

    async fn clear(&mut self);
}

fn main() {}
