use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
#[entity(table = "devices")]
#[entity(table = "gadgets")]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(unique, unique)]
    pub name: String,
}

fn main() {}
