use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
pub struct Device<T> {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    pub payload: T,
}

fn main() {}
