use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
pub struct Device {
    #[entity(unique)]
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    pub name: String,
}

fn main() {}
