//! `list` on a table of 1,000,000 rows (BENCHMARKS.md, item 5).
//!
//! The generated `PgUserEmailRepository::list`, with each filter and a page
//! of 20 at the start, the middle and the end of the filtered list (keyset
//! pagination: `after` the last id of the page before). Each case runs on a
//! fresh connection, so the list statement's plan history is that case's
//! own: PostgreSQL plans the first five executions of a prepared statement
//! with the parameters' values (custom plans), and from the sixth may switch
//! to one generic plan for all values. So each case reports its first
//! execution (which also prepares the statement), the median of executions
//! 2 to 5, and the median, min and max of executions 6 to 30, with how many
//! of the executions PostgreSQL ran on a generic plan
//! (`pg_prepared_statements`).
//!
//! It then prints:
//!
//! - the same cases with `plan_cache_mode = force_generic_plan`, which is
//!   what a switch to the generic plan would cost;
//! - `EXPLAIN ANALYZE` of each case's custom plan, and `EXPLAIN` of the
//!   generic plan.
//!
//! ```text
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/codegen_bench \
//!     cargo bench -p storage-pg --bench list_at_scale
//! ```
//!
//! It migrates the database and replaces the contents of `users` and
//! `user_emails`, so give it a database of its own; `scripts/bench.sh` does.
//! Without `DATABASE_URL` it does nothing.
//!
//! The data: 100,000 users; 990,000 emails of users 1 to 99,999, each user
//! picked by a hash of the email's number (about 10 each, spread over the
//! whole id range); then the 10,000 newest emails, all of user 100,000 (an
//! account that grew fast, late: its rows are at the end of the primary
//! key). One email in 100 is unconfirmed. Ids are the rows' numbers, so id
//! order is insertion order, as with ULIDs.

use std::{hint::black_box, time::Instant};

use data_model::User;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};
use storage::{
    Pagination,
    user_email::{UserEmailFilter, UserEmailRepository},
};
use storage_pg::user_email::PgUserEmailRepository;
use ulid::Ulid;
use uuid::Uuid;

type BoxError = Box<dyn std::error::Error>;

const USERS: i64 = 100_000;
const EMAILS: i64 = 1_000_000;
/// Emails of the last user, the newest rows.
const HEAVY_EMAILS: i64 = 10_000;
/// A user of the others: about ten emails.
const TYPICAL_USER: i64 = 4_242;
const PAGE: usize = 20;
/// Executions of each case; PostgreSQL may switch plans from the sixth.
const EXECUTIONS: usize = 30;
/// Executions of each case under a forced generic plan.
const GENERIC_EXECUTIONS: usize = 10;

/// The generated forward list query of `user_emails`, copied from
/// `storage/pg/src/user_email.rs`, for `EXPLAIN`.
const LIST_FORWARD: &str = r#"
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
                "#;

fn id(n: i64) -> Ulid {
    Ulid::from(u128::try_from(n).expect("a positive number"))
}

/// A user with id `n`, enough for a filter.
fn user(n: i64) -> User {
    User {
        id: id(n),
        created_at: chrono::DateTime::UNIX_EPOCH,
        username: n.to_string(),
        locked_at: None,
    }
}

#[derive(Debug, Clone, Copy)]
enum Position {
    Start,
    Middle,
    End,
}

impl Position {
    fn name(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Middle => "middle",
            Self::End => "end",
        }
    }
}

struct Case {
    filter_name: &'static str,
    filter: UserEmailFilter,
    /// The same filter as SQL, to find cursors.
    condition: String,
    position: Position,
}

impl Case {
    fn name(&self) -> String {
        format!("{}, {}", self.filter_name, self.position.name())
    }

    /// The page's `after` cursor: none at the start, else the id before the
    /// middle row or before the last full page of the filtered list.
    async fn cursor(&self, conn: &mut PgConnection) -> Result<Option<Ulid>, BoxError> {
        let page = i64::try_from(PAGE)?;
        let count: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM user_emails WHERE {}",
            self.condition
        )))
        .fetch_one(&mut *conn)
        .await?;
        let offset = match self.position {
            Position::Start => return Ok(None),
            Position::Middle => count / 2 - 1,
            Position::End => count - page - 1,
        };
        if offset < 0 {
            return Ok(None);
        }
        let cursor: Uuid = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT user_email_id FROM user_emails WHERE {} \
             ORDER BY user_email_id OFFSET $1 LIMIT 1",
            self.condition
        )))
        .bind(offset)
        .fetch_one(&mut *conn)
        .await?;
        Ok(Some(cursor.into()))
    }
}

fn cases() -> Vec<Case> {
    let filters: [(&str, UserEmailFilter, String, &[Position]); 5] = [
        (
            "no filter",
            UserEmailFilter::new(),
            "TRUE".to_owned(),
            &[Position::Start, Position::Middle, Position::End],
        ),
        (
            "confirmed",
            UserEmailFilter::new().with_confirmed_at_present(true),
            "confirmed_at IS NOT NULL".to_owned(),
            &[Position::Start, Position::Middle, Position::End],
        ),
        (
            "unconfirmed (1%)",
            UserEmailFilter::new().with_confirmed_at_present(false),
            "confirmed_at IS NULL".to_owned(),
            &[Position::Start, Position::Middle, Position::End],
        ),
        (
            "typical user (~10 rows)",
            UserEmailFilter::new().for_user(&user(TYPICAL_USER)),
            format!("user_id = '{}'", Uuid::from(id(TYPICAL_USER))),
            &[Position::Start],
        ),
        (
            "heavy user (10,000 newest rows)",
            UserEmailFilter::new().for_user(&user(USERS)),
            format!("user_id = '{}'", Uuid::from(id(USERS))),
            &[Position::Start, Position::Middle, Position::End],
        ),
    ];
    filters
        .into_iter()
        .flat_map(|(filter_name, filter, condition, positions)| {
            positions.iter().map(move |&position| Case {
                filter_name,
                filter,
                condition: condition.clone(),
                position,
            })
        })
        .collect()
}

async fn seed(conn: &mut PgConnection) -> Result<(), BoxError> {
    storage_pg::MIGRATOR.run(&mut *conn).await?;
    let started = Instant::now();
    sqlx::query("TRUNCATE users CASCADE")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO users (user_id, created_at, username, locked_at)
         SELECT lpad(to_hex(n), 32, '0')::uuid, now(), n::text,
                CASE WHEN n % 10 = 0 THEN now() END
         FROM generate_series(1::bigint, $1) AS n",
    )
    .bind(USERS)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO user_emails (user_email_id, created_at, email, user_id, confirmed_at)
         SELECT lpad(to_hex(n), 32, '0')::uuid, now(), 'email-' || n || '@example.com',
                lpad(to_hex(CASE WHEN n > $2 - $3 THEN $1
                                 ELSE 1 + (hashint8(n) & 2147483647) % ($1 - 1) END),
                     32, '0')::uuid,
                CASE WHEN n % 100 <> 0 THEN now() END
         FROM generate_series(1::bigint, $2) AS n",
    )
    .bind(USERS)
    .bind(EMAILS)
    .bind(HEAVY_EMAILS)
    .execute(&mut *conn)
    .await?;
    sqlx::query("VACUUM ANALYZE users, user_emails")
        .execute(&mut *conn)
        .await?;
    eprintln!(
        "seeded {USERS} users and {EMAILS} user emails in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Milliseconds of each of `executions` calls of the generated `list`.
async fn time_list(
    conn: &mut PgConnection,
    case: &Case,
    cursor: Option<Ulid>,
    executions: usize,
) -> Result<Vec<f64>, BoxError> {
    let mut pagination = Pagination::first(PAGE);
    if let Some(cursor) = cursor {
        pagination = pagination.after(cursor);
    }
    let mut times = Vec::with_capacity(executions);
    let mut repo = PgUserEmailRepository::new(conn);
    for _ in 0..executions {
        let start = Instant::now();
        let page = repo.list(case.filter, pagination).await?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        black_box(page);
    }
    Ok(times)
}

/// How many times the connection's list statement ran on a generic plan,
/// and on custom plans.
async fn plan_counts(conn: &mut PgConnection) -> Result<(i64, i64), BoxError> {
    let row = sqlx::query(
        "SELECT coalesce(sum(generic_plans), 0)::bigint, coalesce(sum(custom_plans), 0)::bigint
         FROM pg_prepared_statements
         WHERE statement LIKE '%FROM user_emails%ORDER BY user_email_id ASC%'
           AND statement NOT LIKE '%pg_prepared_statements%'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, 0.0_f64), |(min, max), &v| {
            (min.min(v), max.max(v))
        })
}

/// The parameters of the list query for `case`, as SQL literals.
fn parameters(case: &Case, cursor: Option<Ulid>) -> String {
    let uuid = |value: Option<Ulid>| {
        value.map_or_else(|| "NULL".to_owned(), |id| format!("'{}'", Uuid::from(id)))
    };
    let boolean = case
        .filter
        .confirmed_at_present()
        .map_or_else(|| "NULL".to_owned(), |present| present.to_string());
    format!(
        "{}, {boolean}, NULL, {}, {}",
        uuid(case.filter.user()),
        uuid(cursor),
        PAGE + 1
    )
}

/// `EXPLAIN` of the list statement for `case`, prepared as sqlx prepares it.
async fn explain(
    url: &str,
    case: &Case,
    cursor: Option<Ulid>,
    options: &str,
    generic: bool,
) -> Result<String, BoxError> {
    let mut conn = PgConnection::connect(url).await?;
    let mode = if generic {
        "force_generic_plan"
    } else {
        "auto"
    };
    sqlx::raw_sql(AssertSqlSafe(format!(
        "SET plan_cache_mode = {mode}; \
         PREPARE list_forward (UUID, BOOLEAN, UUID, UUID, INT8) AS {LIST_FORWARD}"
    )))
    .execute(&mut conn)
    .await?;
    let rows = sqlx::query(AssertSqlSafe(format!(
        "EXPLAIN ({options}) EXECUTE list_forward({})",
        parameters(case, cursor)
    )))
    .fetch_all(&mut conn)
    .await?;
    let mut plan = String::new();
    for row in rows {
        let line: String = row.try_get(0)?;
        plan.push_str(&line);
        plan.push('\n');
    }
    conn.close().await?;
    Ok(plan)
}

async fn run(url: &str) -> Result<(), BoxError> {
    let mut conn = PgConnection::connect(url).await?;
    seed(&mut conn).await?;
    let cases = cases();
    let mut cursors = Vec::new();
    for case in &cases {
        cursors.push(case.cursor(&mut conn).await?);
    }
    conn.close().await?;

    println!(
        "list at scale: user_emails of {EMAILS} rows, pages of {PAGE}, \
         {EXECUTIONS} executions per case on a fresh connection; times in ms"
    );
    println!();
    println!(
        "| case | 1st (prepares) | 2nd-5th, median | 6th-{EXECUTIONS}th, median (min-max) \
         | plans: generic / custom |"
    );
    println!("|---|---|---|---|---|");
    for (case, cursor) in cases.iter().zip(&cursors) {
        let mut conn = PgConnection::connect(url).await?;
        let times = time_list(&mut conn, case, *cursor, EXECUTIONS).await?;
        let (generic, custom) = plan_counts(&mut conn).await?;
        let (min, max) = min_max(&times[5..]);
        println!(
            "| {} | {:.2} | {:.2} | {:.2} ({:.2}-{:.2}) | {generic} / {custom} |",
            case.name(),
            times[0],
            median(&times[1..5]),
            median(&times[5..]),
            min,
            max,
        );
        conn.close().await?;
    }

    println!();
    println!(
        "the same with plan_cache_mode = force_generic_plan \
         ({GENERIC_EXECUTIONS} executions per case, after the first)"
    );
    println!();
    println!("| case | median (min-max) |");
    println!("|---|---|");
    for (case, cursor) in cases.iter().zip(&cursors) {
        let mut conn = PgConnection::connect(url).await?;
        sqlx::query("SET plan_cache_mode = force_generic_plan")
            .execute(&mut conn)
            .await?;
        let times = time_list(&mut conn, case, *cursor, GENERIC_EXECUTIONS + 1).await?;
        let (min, max) = min_max(&times[1..]);
        println!(
            "| {} | {:.2} ({:.2}-{:.2}) |",
            case.name(),
            median(&times[1..]),
            min,
            max
        );
        conn.close().await?;
    }

    println!();
    println!("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) of each case's custom plan:");
    for (case, cursor) in cases.iter().zip(&cursors) {
        println!();
        println!(
            "{}: parameters ({})",
            case.name(),
            parameters(case, *cursor)
        );
        print!(
            "{}",
            explain(
                url,
                case,
                *cursor,
                "ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF",
                false
            )
            .await?
        );
    }
    println!();
    println!("EXPLAIN of the generic plan (the same for every case):");
    print!("{}", explain(url, &cases[0], None, "COSTS ON", true).await?);

    Ok(())
}

fn main() -> Result<(), BoxError> {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!(
            "list_at_scale bench: DATABASE_URL is not set; nothing to do (see scripts/bench.sh)"
        );
        return Ok(());
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run(&url))
}
