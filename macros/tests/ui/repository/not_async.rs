use storage::repository;

#[repository]
pub trait DeviceRepository: Send + Sync {
    type Error;

    fn count(&mut self) -> Result<usize, Self::Error>;
}

fn main() {}
