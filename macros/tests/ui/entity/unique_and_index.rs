use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(unique, index)]
    pub serial: i64,
}

fn main() {}
