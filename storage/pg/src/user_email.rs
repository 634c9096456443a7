//! The PostgreSQL implementation of [`UserEmailRepository`].
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync UserEmail`; write your own code outside those regions.

// codegen:begin imports
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use data_model::{Clock, UserEmail, new_id};
use rand_core::Rng;
use sqlx::PgConnection;
use storage::{
    Node, Page, Pagination, PaginationDirection,
    user_email::{NewUserEmail, UserEmailFilter, UserEmailRepository},
};
use ulid::Ulid;
use uuid::Uuid;

use crate::DatabaseError;
// codegen:end imports

/// [`UserEmailRepository`] on a PostgreSQL connection.
pub struct PgUserEmailRepository<'c> {
    conn: &'c mut PgConnection,
}

impl<'c> PgUserEmailRepository<'c> {
    /// The repository on `conn`.
    pub fn new(conn: &'c mut PgConnection) -> Self {
        Self { conn }
    }
}

// codegen:begin row
/// A row of `user_emails`.
struct UserEmailLookup {
    user_email_id: Uuid,
    created_at: DateTime<Utc>,
    email: String,
    user_id: Uuid,
    confirmed_at: Option<DateTime<Utc>>,
}

impl From<UserEmailLookup> for UserEmail {
    fn from(row: UserEmailLookup) -> Self {
        Self {
            id: row.user_email_id.into(),
            created_at: row.created_at,
            email: row.email,
            user_id: row.user_id.into(),
            confirmed_at: row.confirmed_at,
        }
    }
}

impl Node for UserEmailLookup {
    fn cursor(&self) -> Ulid {
        self.user_email_id.into()
    }
}
// codegen:end row

#[async_trait]
impl UserEmailRepository for PgUserEmailRepository<'_> {
    type Error = DatabaseError;

    // codegen:begin methods
    #[tracing::instrument(name = "db.user_email.add", skip_all, err)]
    async fn add(
        &mut self,
        rng: &mut (dyn Rng + Send),
        clock: &dyn Clock,
        params: NewUserEmail,
    ) -> Result<UserEmail, Self::Error> {
        let created_at = clock.now();
        let user_email = UserEmail {
            id: new_id(clock, rng),
            created_at,
            email: params.email,
            user_id: params.user_id,
            confirmed_at: params.confirmed_at,
        };
        sqlx::query!(
            r#"
                INSERT INTO user_emails (
                    user_email_id,
                    created_at,
                    email,
                    user_id,
                    confirmed_at
                )
                VALUES ($1, $2, $3, $4, $5)
            "#,
            Uuid::from(user_email.id),
            user_email.created_at,
            user_email.email,
            Uuid::from(user_email.user_id),
            user_email.confirmed_at,
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(user_email)
    }

    #[tracing::instrument(name = "db.user_email.lookup", skip_all, fields(user_email.id = %id), err)]
    async fn lookup(&mut self, id: Ulid) -> Result<Option<UserEmail>, Self::Error> {
        let row = sqlx::query_as!(
            UserEmailLookup,
            r#"
                SELECT
                    user_email_id,
                    created_at,
                    email,
                    user_id,
                    confirmed_at
                FROM user_emails
                WHERE user_email_id = $1
            "#,
            Uuid::from(id),
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.map(UserEmail::from))
    }

    #[tracing::instrument(name = "db.user_email.find_by_email", skip_all, err)]
    async fn find_by_email(&mut self, email: &str) -> Result<Option<UserEmail>, Self::Error> {
        let row = sqlx::query_as!(
            UserEmailLookup,
            r#"
                SELECT
                    user_email_id,
                    created_at,
                    email,
                    user_id,
                    confirmed_at
                FROM user_emails
                WHERE email = $1
            "#,
            email,
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.map(UserEmail::from))
    }

    #[tracing::instrument(name = "db.user_email.list", skip_all, err)]
    async fn list(
        &mut self,
        filter: UserEmailFilter,
        pagination: Pagination,
    ) -> Result<Page<UserEmail>, Self::Error> {
        let before = pagination.before.map(Uuid::from);
        let after = pagination.after.map(Uuid::from);
        // Two statements rather than a dynamic ORDER BY, so that each can walk
        // the primary key index in its own direction.
        let rows = if matches!(pagination.direction, PaginationDirection::Backward) {
            sqlx::query_as!(
                UserEmailLookup,
                r#"
                    SELECT
                        user_email_id,
                        created_at,
                        email,
                        user_id,
                        confirmed_at
                    FROM user_emails
                    WHERE ($1::UUID IS NULL OR user_id = $1)
                      AND ($2::BOOLEAN IS NULL OR (confirmed_at IS NOT NULL) = $2)
                      AND ($3::UUID IS NULL OR user_email_id < $3)
                      AND ($4::UUID IS NULL OR user_email_id > $4)
                    ORDER BY user_email_id DESC
                    LIMIT $5
                "#,
                filter.user().map(Uuid::from),
                filter.confirmed_at_present(),
                before,
                after,
                i64::try_from(pagination.count.saturating_add(1)).unwrap_or(i64::MAX),
            )
            .fetch_all(&mut *self.conn)
            .await?
        } else {
            sqlx::query_as!(
                UserEmailLookup,
                r#"
                    SELECT
                        user_email_id,
                        created_at,
                        email,
                        user_id,
                        confirmed_at
                    FROM user_emails
                    WHERE ($1::UUID IS NULL OR user_id = $1)
                      AND ($2::BOOLEAN IS NULL OR (confirmed_at IS NOT NULL) = $2)
                      AND ($3::UUID IS NULL OR user_email_id < $3)
                      AND ($4::UUID IS NULL OR user_email_id > $4)
                    ORDER BY user_email_id ASC
                    LIMIT $5
                "#,
                filter.user().map(Uuid::from),
                filter.confirmed_at_present(),
                before,
                after,
                i64::try_from(pagination.count.saturating_add(1)).unwrap_or(i64::MAX),
            )
            .fetch_all(&mut *self.conn)
            .await?
        };
        Ok(pagination.process(rows).map(UserEmail::from))
    }

    #[tracing::instrument(name = "db.user_email.count", skip_all, err)]
    async fn count(&mut self, filter: UserEmailFilter) -> Result<usize, Self::Error> {
        let count = sqlx::query_scalar!(
            r#"
                SELECT COUNT(*) AS "count!"
                FROM user_emails
                WHERE ($1::UUID IS NULL OR user_id = $1)
                  AND ($2::BOOLEAN IS NULL OR (confirmed_at IS NOT NULL) = $2)
            "#,
            filter.user().map(Uuid::from),
            filter.confirmed_at_present(),
        )
        .fetch_one(&mut *self.conn)
        .await?;
        // A count the server returns is never negative; the conversion can
        // only fail on a 32-bit target, as a value sqlx cannot decode.
        usize::try_from(count)
            .map_err(|error| ::sqlx::Error::Decode(::std::boxed::Box::new(error)).into())
    }

    #[tracing::instrument(name = "db.user_email.update", skip_all, fields(user_email.id = %user_email.id), err)]
    async fn update(&mut self, user_email: UserEmail) -> Result<UserEmail, Self::Error> {
        let result = sqlx::query!(
            r#"
                UPDATE user_emails
                SET
                    email = $2,
                    user_id = $3,
                    confirmed_at = $4
                WHERE user_email_id = $1
            "#,
            Uuid::from(user_email.id),
            user_email.email,
            Uuid::from(user_email.user_id),
            user_email.confirmed_at,
        )
        .execute(&mut *self.conn)
        .await?;
        DatabaseError::ensure_affected_rows(&result, 1)?;
        Ok(user_email)
    }

    #[tracing::instrument(name = "db.user_email.remove", skip_all, fields(user_email.id = %user_email.id), err)]
    async fn remove(&mut self, user_email: UserEmail) -> Result<(), Self::Error> {
        let result = sqlx::query!(
            r#"
                DELETE FROM user_emails
                WHERE user_email_id = $1
            "#,
            Uuid::from(user_email.id),
        )
        .execute(&mut *self.conn)
        .await?;
        DatabaseError::ensure_affected_rows(&result, 1)
    }
    // codegen:end methods
}
