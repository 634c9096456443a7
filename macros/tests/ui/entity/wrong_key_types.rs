use data_model::Entity;

#[derive(Entity)]
pub struct Device {
    pub id: u64,
    pub created_at: Option<chrono::NaiveDate>,
    pub name: String,
}

fn main() {}
