use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
#[entity(table = "Devices")]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    pub name: String,
}

fn main() {}
