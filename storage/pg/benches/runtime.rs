//! Runtime cost of the generated repository (BENCHMARKS.md, item 4).
//!
//! On one connection, the generated `PgUserRepository`'s `add`, `lookup`,
//! `find_by_username` and `list` (no filter, locked, unlocked; first page of
//! 20) against hand-written sqlx code running the same SQL text, and against
//! `pgbench -M prepared` running the same statements from
//! `scripts/bench/*.sql` (the floor: a C client with no decoding into Rust
//! values). Each round runs a batch of every operation on the three sides:
//! the generated and the hand-written code take turns in chunks of 50
//! operations within one batch, and pgbench (a process per batch) runs just
//! before or just after them, so the ratios compare runs made side by side.
//!
//! ```text
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/codegen_bench \
//!     cargo bench -p storage-pg --bench runtime
//! ```
//!
//! It migrates the database and replaces the contents of `users` (and
//! `user_emails`), so give it a database of its own; `scripts/bench.sh` does.
//! Without `DATABASE_URL` it does nothing. `BENCH_ROUNDS` (default 21) and
//! `BENCH_BATCH` (operations per batch, default 2000) tune it; `PGBENCH`
//! names the pgbench program (default: on the `PATH`, else PostgreSQL's
//! Debian location).

use std::{
    hint::black_box,
    ops::Range,
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use data_model::{MockClock, User, new_id};
use rand_chacha::{
    ChaChaRng,
    rand_core::{Rng, SeedableRng},
};
use sqlx::{Connection, PgConnection};
use storage::{
    Pagination,
    user::{NewUser, UserFilter, UserRepository},
};
use storage_pg::user::PgUserRepository;
use ulid::Ulid;
use uuid::Uuid;

type BoxError = Box<dyn std::error::Error>;

/// Users in the table before the first round; lookups pick among them.
const SEEDED_USERS: u64 = 10_000;
/// Items on a listed page.
const PAGE: usize = 20;

// The generated queries' SQL, copied from `storage/pg/src/user.rs`.
const INSERT: &str = r#"
                INSERT INTO users (
                    user_id,
                    created_at,
                    username,
                    locked_at
                )
                VALUES ($1, $2, $3, $4)
            "#;
const LOOKUP: &str = r#"
                SELECT
                    user_id,
                    created_at,
                    username,
                    locked_at
                FROM users
                WHERE user_id = $1
            "#;
const FIND_BY_USERNAME: &str = r#"
                SELECT
                    user_id,
                    created_at,
                    username,
                    locked_at
                FROM users
                WHERE username = $1
            "#;
const LIST_FORWARD: &str = r#"
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
                "#;

type UserRow = (Uuid, DateTime<Utc>, String, Option<DateTime<Utc>>);

fn user_of(row: UserRow) -> User {
    User {
        id: row.0.into(),
        created_at: row.1,
        username: row.2,
        locked_at: row.3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    Add,
    Lookup,
    FindByUsername,
    List(Option<bool>),
}

impl Operation {
    const ALL: [Self; 6] = [
        Self::Add,
        Self::Lookup,
        Self::FindByUsername,
        Self::List(None),
        Self::List(Some(true)),
        Self::List(Some(false)),
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Lookup => "lookup",
            Self::FindByUsername => "find_by_username",
            Self::List(None) => "list, no filter",
            Self::List(Some(true)) => "list, locked",
            Self::List(Some(false)) => "list, not locked",
        }
    }

    /// The pgbench script and the variables it takes.
    fn pgbench(self) -> (&'static str, Vec<String>) {
        let list = |locked: &str| {
            (
                "user-list.sql",
                vec![
                    format!("locked={locked}"),
                    "cursor=none".to_owned(),
                    format!("limit={}", PAGE + 1),
                ],
            )
        };
        match self {
            Self::Add => (
                "user-add.sql",
                vec![
                    "created_at=2022-01-16T14:40:00Z".to_owned(),
                    "locked_at=none".to_owned(),
                ],
            ),
            Self::Lookup => ("user-lookup.sql", Vec::new()),
            Self::FindByUsername => ("user-find-by-username.sql", Vec::new()),
            Self::List(None) => list("none"),
            Self::List(Some(true)) => list("true"),
            Self::List(Some(false)) => list("false"),
        }
    }
}

/// Operations per chunk when the generated and the hand-written code take
/// turns.
const CHUNK: usize = 50;

struct Bench {
    url: String,
    conn: PgConnection,
    batch: usize,
    pgbench: PathBuf,
    scripts: PathBuf,
    rng: ChaChaRng,
    clock: MockClock,
    /// The seeded users' numbers to look up, the same for every side.
    picks: Vec<u64>,
    /// Makes every added username unique.
    added: u64,
}

/// A seeded user's id: its number, as pgbench's scripts compute it.
fn seeded_id(n: u64) -> Ulid {
    Ulid::from(u128::from(n))
}

impl Bench {
    async fn generated(
        &mut self,
        operation: Operation,
        range: Range<usize>,
    ) -> Result<(), BoxError> {
        let mut repo = PgUserRepository::new(&mut self.conn);
        for index in range {
            let pick = self.picks[index % self.picks.len()];
            match operation {
                Operation::Add => {
                    self.added += 1;
                    let params = NewUser {
                        username: format!("added-{}", self.added),
                        locked_at: None,
                    };
                    black_box(repo.add(&mut self.rng, &self.clock, params).await?);
                }
                Operation::Lookup => {
                    black_box(repo.lookup(seeded_id(pick)).await?);
                }
                Operation::FindByUsername => {
                    black_box(repo.find_by_username(&pick.to_string()).await?);
                }
                Operation::List(locked) => {
                    let filter = match locked {
                        Some(present) => UserFilter::new().with_locked_at_present(present),
                        None => UserFilter::new(),
                    };
                    black_box(repo.list(filter, Pagination::first(PAGE)).await?);
                }
            }
        }
        Ok(())
    }

    async fn hand_written(
        &mut self,
        operation: Operation,
        range: Range<usize>,
    ) -> Result<(), BoxError> {
        let conn = &mut self.conn;
        for index in range {
            let pick = self.picks[index % self.picks.len()];
            match operation {
                Operation::Add => {
                    self.added += 1;
                    let user = User {
                        id: new_id(&self.clock, &mut self.rng),
                        created_at: data_model::Clock::now(&self.clock),
                        username: format!("added-{}", self.added),
                        locked_at: None,
                    };
                    sqlx::query(INSERT)
                        .bind(Uuid::from(user.id))
                        .bind(user.created_at)
                        .bind(&user.username)
                        .bind(user.locked_at)
                        .execute(&mut *conn)
                        .await?;
                    black_box(user);
                }
                Operation::Lookup => {
                    let row: Option<UserRow> = sqlx::query_as(LOOKUP)
                        .bind(Uuid::from(seeded_id(pick)))
                        .fetch_optional(&mut *conn)
                        .await?;
                    black_box(row.map(user_of));
                }
                Operation::FindByUsername => {
                    let row: Option<UserRow> = sqlx::query_as(FIND_BY_USERNAME)
                        .bind(pick.to_string())
                        .fetch_optional(&mut *conn)
                        .await?;
                    black_box(row.map(user_of));
                }
                Operation::List(locked) => {
                    let limit = i64::try_from(PAGE + 1)?;
                    let mut rows: Vec<UserRow> = sqlx::query_as(LIST_FORWARD)
                        .bind(locked)
                        .bind(None::<Uuid>)
                        .bind(None::<Uuid>)
                        .bind(limit)
                        .fetch_all(&mut *conn)
                        .await?;
                    let has_next_page = rows.len() > PAGE;
                    rows.truncate(PAGE);
                    let users: Vec<User> = rows.into_iter().map(user_of).collect();
                    black_box((has_next_page, users));
                }
            }
        }
        Ok(())
    }

    /// pgbench's throughput on `operation`'s script.
    fn pgbench(&self, operation: Operation) -> Result<f64, BoxError> {
        let (script, variables) = operation.pgbench();
        self.pgbench_script(script, &variables)
    }

    /// pgbench's own throughput on `script`, which leaves out its connection
    /// time.
    fn pgbench_script(&self, script: &str, variables: &[String]) -> Result<f64, BoxError> {
        let mut command = Command::new(&self.pgbench);
        command
            .args([
                "--no-vacuum",
                "--protocol=prepared",
                "--client=1",
                "--jobs=1",
            ])
            .arg(format!("--transactions={}", self.batch))
            .arg("--file")
            .arg(self.scripts.join(script));
        for variable in variables {
            command.arg(format!("--define={variable}"));
        }
        let output = command.arg(&self.url).output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "pgbench failed on {script}:\n{stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        let tps = stdout
            .lines()
            .find_map(|line| line.strip_prefix("tps = "))
            .and_then(|rest| rest.split_whitespace().next())
            .ok_or_else(|| format!("no tps in pgbench's output:\n{stdout}"))?;
        Ok(tps.parse()?)
    }

    /// One batch of `SELECT 1` through sqlx, in operations per second.
    async fn select_one(&mut self) -> Result<f64, BoxError> {
        let started = Instant::now();
        for _ in 0..self.batch {
            let one: i32 = sqlx::query_scalar("SELECT 1")
                .fetch_one(&mut self.conn)
                .await?;
            black_box(one);
        }
        Ok(self.batch as f64 / started.elapsed().as_secs_f64())
    }

    /// One batch of `operation` on the generated repository and on the
    /// hand-written code, interleaved in chunks of [`CHUNK`] operations
    /// (alternating which goes first) so that both see the same load; the
    /// operations per second of each.
    async fn paired(&mut self, operation: Operation) -> Result<(f64, f64), BoxError> {
        let mut generated = Duration::ZERO;
        let mut hand_written = Duration::ZERO;
        for (chunk, start) in (0..self.batch).step_by(CHUNK).enumerate() {
            let range = start..(start + CHUNK).min(self.batch);
            for generated_now in [chunk % 2 == 0, chunk % 2 == 1] {
                let started = Instant::now();
                if generated_now {
                    self.generated(operation, range.clone()).await?;
                    generated += started.elapsed();
                } else {
                    self.hand_written(operation, range.clone()).await?;
                    hand_written += started.elapsed();
                }
            }
        }
        let rate = |elapsed: Duration| self.batch as f64 / elapsed.as_secs_f64();
        Ok((rate(generated), rate(hand_written)))
    }
}

/// Users `1..=SEEDED_USERS` with the ids and usernames pgbench's scripts
/// compute from the same numbers; one in ten locked.
async fn seed(conn: &mut PgConnection) -> Result<(), BoxError> {
    storage_pg::MIGRATOR.run(&mut *conn).await?;
    sqlx::query("TRUNCATE users CASCADE")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO users (user_id, created_at, username, locked_at)
         SELECT lpad(to_hex(n), 32, '0')::uuid, now(), n::text,
                CASE WHEN n % 10 = 0 THEN now() END
         FROM generate_series(1::bigint, $1) AS n",
    )
    .bind(i64::try_from(SEEDED_USERS)?)
    .execute(&mut *conn)
    .await?;
    sqlx::query("VACUUM ANALYZE users")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn env_number(name: &str, default: usize) -> Result<usize, BoxError> {
    match std::env::var(name) {
        Ok(value) => Ok(value
            .parse()
            .map_err(|error| format!("{name}={value}: {error}"))?),
        Err(_) => Ok(default),
    }
}

/// pgbench from `PGBENCH`, the `PATH`, or Debian's PostgreSQL packages.
fn find_pgbench() -> PathBuf {
    if let Some(path) = std::env::var_os("PGBENCH") {
        return path.into();
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("pgbench"))
            .find(|path| path.is_file())
    });
    on_path
        .or_else(|| {
            let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .filter_map(|entry| Some(entry.ok()?.path().join("bin/pgbench")))
                .filter(|path| path.is_file())
                .collect();
            found.sort();
            found.pop()
        })
        .unwrap_or_else(|| "pgbench".into())
}

/// The median, minimum and maximum.
fn summary(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0], sorted[n - 1])
}

fn main() -> Result<(), BoxError> {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("runtime bench: DATABASE_URL is not set; nothing to do (see scripts/bench.sh)");
        return Ok(());
    };
    let rounds = env_number("BENCH_ROUNDS", 21)?;
    let batch = env_number("BENCH_BATCH", 2000)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut conn = PgConnection::connect(&url).await?;
        seed(&mut conn).await?;
        let mut rng = ChaChaRng::seed_from_u64(42);
        let picks = (0..batch)
            .map(|_| 1 + rng.next_u64() % SEEDED_USERS)
            .collect();
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench");
        let mut bench = Bench {
            url,
            conn,
            batch,
            pgbench: find_pgbench(),
            scripts,
            rng,
            clock: MockClock::default(),
            picks,
            added: 0,
        };

        // Round 0 warms up (statements prepared, caches filled) and is not
        // counted. pgbench goes first in every other round.
        let mut results = Vec::new();
        for round in 0..=rounds {
            for operation in Operation::ALL {
                let pgbench_first = round % 2 == 0;
                let pgbench = if pgbench_first {
                    Some(bench.pgbench(operation)?)
                } else {
                    None
                };
                let (generated, hand_written) = bench.paired(operation).await?;
                let pgbench = match pgbench {
                    Some(rate) => rate,
                    None => bench.pgbench(operation)?,
                };
                if round > 0 {
                    results.push((operation, [generated, hand_written, pgbench]));
                }
            }
            eprint!("\rround {round}/{rounds}");
        }
        eprintln!();
        report(&results, rounds, batch);

        // What one round trip costs each client, nothing else.
        let mut round_trips = Vec::new();
        for round in 0..=rounds {
            let (sqlx_rate, pgbench_rate) = if round % 2 == 0 {
                let pgbench = bench.pgbench_script("select-one.sql", &[])?;
                (bench.select_one().await?, pgbench)
            } else {
                let sqlx_rate = bench.select_one().await?;
                (sqlx_rate, bench.pgbench_script("select-one.sql", &[])?)
            };
            if round > 0 {
                round_trips.push((sqlx_rate, pgbench_rate));
            }
        }
        let show = |(median, min, max): (f64, f64, f64)| format!("{median:.0} ({min:.0}-{max:.0})");
        let sqlx_rates: Vec<f64> = round_trips.iter().map(|pair| pair.0).collect();
        let pgbench_rates: Vec<f64> = round_trips.iter().map(|pair| pair.1).collect();
        println!();
        println!(
            "one round trip, `SELECT 1` (scripts/bench/select-one.sql), ops/s: \
             sqlx {}, pgbench -M prepared {}",
            show(summary(&sqlx_rates)),
            show(summary(&pgbench_rates)),
        );
        Ok(())
    })
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn report(results: &[(Operation, [f64; 3])], rounds: usize, batch: usize) {
    println!(
        "runtime, User on one connection: {rounds} rounds of {batch} operations per side, \
         median (min-max) of the rounds; load average at the end {}",
        load_average()
    );
    println!();
    println!(
        "| operation | generated, ops/s | hand-written sqlx, ops/s | pgbench -M prepared, ops/s \
         | generated / hand-written | generated / pgbench |"
    );
    println!("|---|---|---|---|---|---|");
    let show = |(median, min, max): (f64, f64, f64)| format!("{median:.0} ({min:.0}-{max:.0})");
    let ratio = |(median, min, max): (f64, f64, f64)| format!("{median:.3} ({min:.3}-{max:.3})");
    for operation in Operation::ALL {
        let rows: Vec<[f64; 3]> = results
            .iter()
            .filter(|(op, _)| *op == operation)
            .map(|(_, rates)| *rates)
            .collect();
        let side = |index: usize| rows.iter().map(|rates| rates[index]).collect::<Vec<_>>();
        let over = |index: usize| {
            rows.iter()
                .map(|rates| rates[0] / rates[index])
                .collect::<Vec<_>>()
        };
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            operation.name(),
            show(summary(&side(0))),
            show(summary(&side(1))),
            show(summary(&side(2))),
            ratio(summary(&over(1))),
            ratio(summary(&over(2))),
        );
    }
}
