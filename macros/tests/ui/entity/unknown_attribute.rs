use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
#[entity(tabel = "devices")]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(uniq)]
    pub name: String,
}

fn main() {}
