use storage::repository;

#[repository(krate = "storage")]
pub trait DeviceRepository: Send + Sync {
    type Error;

    async fn count(&mut self) -> Result<usize, Self::Error>;
}

fn main() {}
