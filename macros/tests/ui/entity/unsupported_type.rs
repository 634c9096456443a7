use std::collections::HashMap;

use chrono::{DateTime, Utc};
use data_model::Entity;
use ulid::Ulid;

#[derive(Entity)]
pub struct Device {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    pub count: u32,
    pub tags: HashMap<String, String>,
}

fn main() {}
