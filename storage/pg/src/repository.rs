//! The PostgreSQL unit of work.

use async_trait::async_trait;
use sqlx::{PgPool, Postgres, Transaction};
use storage::{BoxRepository, MapErr, RepositoryError, RepositoryTransaction};

use crate::DatabaseError;

/// Repositories over one PostgreSQL transaction.
pub struct PgRepository {
    txn: Transaction<'static, Postgres>,
}

impl PgRepository {
    /// Begin a unit of work on a connection from `pool`.
    ///
    /// # Errors
    ///
    /// Returns the driver's error if no connection can be acquired or the
    /// transaction cannot begin.
    pub async fn from_pool(pool: &PgPool) -> Result<Self, DatabaseError> {
        let txn = pool.begin().await?;
        Ok(Self { txn })
    }

    /// This repository behind the backend-agnostic [`BoxRepository`].
    #[must_use]
    pub fn boxed(self) -> BoxRepository {
        Box::new(MapErr::new(self, RepositoryError::from_error))
    }
}

#[async_trait]
impl RepositoryTransaction for PgRepository {
    type Error = DatabaseError;

    async fn save(self: Box<Self>) -> Result<(), Self::Error> {
        self.txn.commit().await?;
        Ok(())
    }

    async fn cancel(self: Box<Self>) -> Result<(), Self::Error> {
        self.txn.rollback().await?;
        Ok(())
    }
}

// `impl RepositoryAccess for PgRepository`, with an accessor for each
// `Pg*Repository` of this crate: written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/repository_access.rs"));
