use data_model::Entity;

#[derive(Entity)]
pub enum Device {
    Phone,
    Tablet,
}

fn main() {}
