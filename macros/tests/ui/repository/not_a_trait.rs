use storage::repository;

#[repository]
pub struct DeviceRepository;

fn main() {}
