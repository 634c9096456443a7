use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

pub struct Account;

#[derive(Entity)]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(references = Account)]
    pub owner_id: Ulid,
}

fn main() {}
