//! Names the user may have in scope that the expansions must not pick up.

#![allow(dead_code)]

use data_model::Entity;
use storage::repository;

// Stand-ins for the names the expansions use, shadowing the real ones.
// (Not `Box`: `async_trait`'s own expansion calls `Box::pin` unqualified.)
struct MapErr;
struct Ulid;
struct Utc;
struct DateTime;
struct Sized;
struct R;
struct F;
struct E;
trait Send {}
trait Sync {}
trait FnMut {}

#[derive(Entity)]
pub struct Device {
    pub id: ulid::Ulid,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub name: String,
}

#[repository]
pub trait DeviceRepository: core::marker::Send + core::marker::Sync {
    type Error;

    async fn count(&mut self) -> Result<usize, Self::Error>;
}

fn main() {
    assert_eq!(Device::TABLE, "devices");
}
