//! The PostgreSQL implementation of [`UserRepository`].
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync User`; write your own code outside those regions.

// codegen:begin imports
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use data_model::{Clock, User, new_id};
use rand_core::Rng;
use sqlx::PgConnection;
use storage::{
    Node, Page, Pagination, PaginationDirection,
    user::{NewUser, UserFilter, UserRepository},
};
use ulid::Ulid;
use uuid::Uuid;

use crate::DatabaseError;
// codegen:end imports

/// [`UserRepository`] on a PostgreSQL connection.
pub struct PgUserRepository<'c> {
    conn: &'c mut PgConnection,
}

impl<'c> PgUserRepository<'c> {
    /// The repository on `conn`.
    pub fn new(conn: &'c mut PgConnection) -> Self {
        Self { conn }
    }
}

// codegen:begin row
/// A row of `users`.
struct UserLookup {
    user_id: Uuid,
    created_at: DateTime<Utc>,
    username: String,
    locked_at: Option<DateTime<Utc>>,
}

impl From<UserLookup> for User {
    fn from(row: UserLookup) -> Self {
        Self {
            id: row.user_id.into(),
            created_at: row.created_at,
            username: row.username,
            locked_at: row.locked_at,
        }
    }
}

impl Node for UserLookup {
    fn cursor(&self) -> Ulid {
        self.user_id.into()
    }
}
// codegen:end row

#[async_trait]
impl UserRepository for PgUserRepository<'_> {
    type Error = DatabaseError;

    // codegen:begin methods
    #[tracing::instrument(name = "db.user.add", skip_all, err)]
    async fn add(
        &mut self,
        rng: &mut (dyn Rng + Send),
        clock: &dyn Clock,
        params: NewUser,
    ) -> Result<User, Self::Error> {
        let created_at = clock.now();
        let user = User {
            id: new_id(clock, rng),
            created_at,
            username: params.username,
            locked_at: params.locked_at,
        };
        sqlx::query!(
            r#"
                INSERT INTO users (
                    user_id,
                    created_at,
                    username,
                    locked_at
                )
                VALUES ($1, $2, $3, $4)
            "#,
            Uuid::from(user.id),
            user.created_at,
            user.username,
            user.locked_at,
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(user)
    }

    #[tracing::instrument(name = "db.user.lookup", skip_all, fields(user.id = %id), err)]
    async fn lookup(&mut self, id: Ulid) -> Result<Option<User>, Self::Error> {
        let row = sqlx::query_as!(
            UserLookup,
            r#"
                SELECT
                    user_id,
                    created_at,
                    username,
                    locked_at
                FROM users
                WHERE user_id = $1
            "#,
            Uuid::from(id),
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.map(User::from))
    }

    #[tracing::instrument(name = "db.user.find_by_username", skip_all, err)]
    async fn find_by_username(&mut self, username: &str) -> Result<Option<User>, Self::Error> {
        let row = sqlx::query_as!(
            UserLookup,
            r#"
                SELECT
                    user_id,
                    created_at,
                    username,
                    locked_at
                FROM users
                WHERE username = $1
            "#,
            username,
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.map(User::from))
    }

    #[tracing::instrument(name = "db.user.list", skip_all, err)]
    async fn list(
        &mut self,
        filter: UserFilter,
        pagination: Pagination,
    ) -> Result<Page<User>, Self::Error> {
        let before = pagination.before.map(Uuid::from);
        let after = pagination.after.map(Uuid::from);
        // Two statements rather than a dynamic ORDER BY, so that each can walk
        // the primary key index in its own direction.
        let rows = if matches!(pagination.direction, PaginationDirection::Backward) {
            sqlx::query_as!(
                UserLookup,
                r#"
                    SELECT
                        user_id,
                        created_at,
                        username,
                        locked_at
                    FROM users
                    WHERE ($1::BOOLEAN IS NULL OR (locked_at IS NOT NULL) = $1)
                      AND ($2::UUID IS NULL OR user_id < $2)
                      AND ($3::UUID IS NULL OR user_id > $3)
                    ORDER BY user_id DESC
                    LIMIT $4
                "#,
                filter.locked_at_present(),
                before,
                after,
                i64::try_from(pagination.count.saturating_add(1)).unwrap_or(i64::MAX),
            )
            .fetch_all(&mut *self.conn)
            .await?
        } else {
            sqlx::query_as!(
                UserLookup,
                r#"
                    SELECT
                        user_id,
                        created_at,
                        username,
                        locked_at
                    FROM users
                    WHERE ($1::BOOLEAN IS NULL OR (locked_at IS NOT NULL) = $1)
                      AND ($2::UUID IS NULL OR user_id < $2)
                      AND ($3::UUID IS NULL OR user_id > $3)
                    ORDER BY user_id ASC
                    LIMIT $4
                "#,
                filter.locked_at_present(),
                before,
                after,
                i64::try_from(pagination.count.saturating_add(1)).unwrap_or(i64::MAX),
            )
            .fetch_all(&mut *self.conn)
            .await?
        };
        Ok(pagination.process(rows).map(User::from))
    }

    #[tracing::instrument(name = "db.user.count", skip_all, err)]
    async fn count(&mut self, filter: UserFilter) -> Result<usize, Self::Error> {
        let count = sqlx::query_scalar!(
            r#"
                SELECT COUNT(*) AS "count!"
                FROM users
                WHERE ($1::BOOLEAN IS NULL OR (locked_at IS NOT NULL) = $1)
            "#,
            filter.locked_at_present(),
        )
        .fetch_one(&mut *self.conn)
        .await?;
        // A count the server returns is never negative; the conversion can
        // only fail on a 32-bit target, as a value sqlx cannot decode.
        usize::try_from(count)
            .map_err(|error| ::sqlx::Error::Decode(::std::boxed::Box::new(error)).into())
    }

    #[tracing::instrument(name = "db.user.update", skip_all, fields(user.id = %user.id), err)]
    async fn update(&mut self, user: User) -> Result<User, Self::Error> {
        let result = sqlx::query!(
            r#"
                UPDATE users
                SET
                    username = $2,
                    locked_at = $3
                WHERE user_id = $1
            "#,
            Uuid::from(user.id),
            user.username,
            user.locked_at,
        )
        .execute(&mut *self.conn)
        .await?;
        DatabaseError::ensure_affected_rows(&result, 1)?;
        Ok(user)
    }

    #[tracing::instrument(name = "db.user.remove", skip_all, fields(user.id = %user.id), err)]
    async fn remove(&mut self, user: User) -> Result<(), Self::Error> {
        let result = sqlx::query!(
            r#"
                DELETE FROM users
                WHERE user_id = $1
            "#,
            Uuid::from(user.id),
        )
        .execute(&mut *self.conn)
        .await?;
        DatabaseError::ensure_affected_rows(&result, 1)
    }
    // codegen:end methods
}
