//! Every supported type, attribute and reference, and the metadata the
//! derive produces.

use chrono::{DateTime, NaiveDate, Utc};
use data_model::{Entity, User};
use ulid::Ulid;
use uuid::Uuid;

#[derive(Entity)]
#[entity(table = "gadget_registry")]
pub struct Gadget {
    pub id: Ulid,
    pub created_at: DateTime<Utc>,
    #[entity(unique)]
    pub label: String,
    #[entity(index)]
    pub enabled: bool,
    pub small: i16,
    pub medium: i32,
    pub large: Option<i64>,
    #[entity(renamed_from = "proportion")]
    pub ratio: f32,
    pub precise: f64,
    pub external: Uuid,
    pub token: Option<Ulid>,
    pub made_on: NaiveDate,
    pub settings: serde_json::Value,
    pub firmware: Vec<u8>,
    #[entity(references = User, unique)]
    pub owner_id: Ulid,
    #[entity(references = data_model::UserEmail)]
    pub contact_id: Option<Ulid>,
}

fn main() {
    assert_eq!(Gadget::NAME, "Gadget");
    assert_eq!(Gadget::TABLE, "gadget_registry");
    assert_eq!(Gadget::KEY_COLUMN, "gadget_id");
    assert_eq!(Gadget::COLUMNS.len(), 16);
    assert_eq!(Gadget::COLUMNS[0], "gadget_id");
    assert_eq!(Gadget::COLUMNS[15], "contact_id");
    assert_eq!(User::TABLE, "users");
}
