use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

// Each problem is reported at its own place, and the struct still gets a
// stand-in implementation: `Device::TABLE` below adds no error.
#[derive(Entity)]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(uniq)]
    pub name: String,
    pub count: u32,
    #[entity(references = Ulid)]
    pub owner: Ulid,
}

fn main() {
    let _ = <Device as Entity>::TABLE;
}
