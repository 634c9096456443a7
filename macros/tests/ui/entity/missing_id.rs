use chrono::{DateTime, Utc};
use data_model::Entity;

#[derive(Entity)]
pub struct Device {
    pub created_at: DateTime<Utc>,
    pub name: String,
}

fn main() {}
