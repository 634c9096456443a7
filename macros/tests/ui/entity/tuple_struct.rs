use data_model::Entity;

#[derive(Entity)]
pub struct Device(ulid::Ulid, String);

fn main() {}
