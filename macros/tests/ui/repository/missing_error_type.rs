use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    async fn count(&mut self) -> Result<usize, std::io::Error>;
}

fn main() {}
