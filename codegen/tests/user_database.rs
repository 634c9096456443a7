//! The user's database is theirs: however its URL is written (a path,
//! `?dbname=`, `?host=`) and wherever it is kept (`DATABASE_URL`, `.env`,
//! the variable `sqlx.toml` names), `check`, `migrate diff`,
//! `destroy-entity` and an interrupted `db prepare` leave it with every row
//! and unmigrated, and leave no scratch database or PostgreSQL behind.
//!
//! Each test seeds a database of its own on the server in `DATABASE_URL`
//! (`scripts/test.sh` sets it) and runs the binary in a copy of the
//! workspace with every variable that could name a database cleared first.

mod support;

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Output, Stdio},
    sync::{
        Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::{Duration, Instant},
};

use codegen::db::{Connected, Origin, Target};
use support::{codegen_command, copy_workspace, e2e_target, snapshot, stderr, stdout};

/// The tests take turns: copies build in one shared target directory, and
/// any run of codegen drops the scratch databases killed runs left, which
/// one test must see its own next run do.
static TURN: Mutex<()> = Mutex::new(());

fn my_turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The variables through which a database could reach the binary.
const DATABASE_VARS: [&str; 3] = ["DATABASE_URL", "APP_DATABASE_URL", "PGDATABASE"];

fn server_url() -> String {
    std::env::var("DATABASE_URL").expect(
        "these tests seed databases on the PostgreSQL in DATABASE_URL; set it, or run \
         `bash scripts/test.sh`, which does",
    )
}

fn connect(url: &str) -> Connected {
    let target = Target::parse(url, Origin::Flag).unwrap();
    Connected::open(&target).unwrap_or_else(|error| panic!("{error}"))
}

/// A database of the test's own, holding three rows that must survive.
struct SeededDatabase {
    name: String,
}

impl SeededDatabase {
    fn create() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "codegen_user_db_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut server = connect(&server_url());
        server
            .execute(format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        server.execute(format!("CREATE DATABASE {name}")).unwrap();
        server.close();
        let mut database = connect(&Self::url_of(&name));
        database
            .execute(
                "CREATE TABLE precious (id INT PRIMARY KEY);\
                 INSERT INTO precious VALUES (1), (2), (3);"
                    .to_owned(),
            )
            .unwrap();
        database.close();
        Self { name }
    }

    fn url_of(name: &str) -> String {
        Target::parse(&server_url(), Origin::Flag)
            .unwrap()
            .with_database(name)
            .unwrap()
            .without_password()
    }

    /// Its URL with the database in the path.
    fn url(&self) -> String {
        Self::url_of(&self.name)
    }

    /// Its URL naming the server in the path and the database in
    /// `?dbname=`, which sqlx reads instead of the path.
    fn dbname_url(&self) -> String {
        let server = Target::parse(&server_url(), Origin::Flag)
            .unwrap()
            .with_database("postgres")
            .unwrap()
            .without_password();
        let separator = if server.contains('?') { '&' } else { '?' };
        format!("{server}{separator}dbname={}", self.name)
    }

    /// Its URL with no host before the path: the server in `?host=`.
    fn host_url(&self) -> String {
        let server = Target::parse(&server_url(), Origin::Flag).unwrap();
        let options = server.without_password();
        let parsed = url_parts(&options);
        format!(
            "postgres:///{}?host={}&port={}&user={}",
            self.name, parsed.0, parsed.1, parsed.2
        )
    }

    /// Asserts it still has its three rows and no migration applied.
    fn assert_untouched(&self, after: &str) {
        let mut database = connect(&self.url());
        let rows = database
            .rows("SELECT count(*)::text FROM precious")
            .unwrap_or_else(|error| panic!("after {after}: {error}"));
        assert_eq!(rows, [["3"]], "after {after}: rows were lost");
        let migrated = database
            .rows("SELECT to_regclass('_sqlx_migrations')::text")
            .unwrap();
        assert_eq!(migrated, [[""]], "after {after}: the database was migrated");
        database.close();
    }
}

impl Drop for SeededDatabase {
    fn drop(&mut self) {
        let mut server = connect(&server_url());
        let _ = server.execute(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
        server.close();
    }
}

/// Host, port and user of a `postgres://user@host:port/...` URL.
fn url_parts(url: &str) -> (String, String, String) {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split(['/', '?']).next().unwrap();
    let (user, host_port) = authority.split_once('@').unwrap_or(("postgres", authority));
    let (host, port) = host_port.split_once(':').unwrap_or((host_port, "5432"));
    (host.to_owned(), port.to_owned(), user.to_owned())
}

/// The binary in `workspace` with no database variable of the test's own.
fn bare(workspace: &Path, args: &[&str]) -> Command {
    let mut command = codegen_command(workspace, args);
    for var in DATABASE_VARS {
        command.env_remove(var);
    }
    command.env("CARGO_TARGET_DIR", e2e_target());
    command
}

fn run(mut command: Command) -> Output {
    command.stdin(Stdio::null()).output().unwrap()
}

/// Scratch databases the process `pid` made that are still on the server.
fn scratch_databases_of(pid: u32) -> Vec<Vec<String>> {
    let mut server = connect(&server_url());
    let rows = server
        .try_rows(
            "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
            &[&format!("codegen_scratch_{pid}_")],
        )
        .unwrap();
    server.close();
    rows
}

/// How one way of naming the database is set up in a copy and its command.
type NameIt<'a> = Box<dyn Fn(&Path, &mut Command) + 'a>;

/// The ways a user names their database, each applied to a fresh copy.
fn each_way_of_naming(database: &SeededDatabase, mut test: impl FnMut(&str, &Path, Command)) {
    let ways: [(&str, NameIt); 5] = [
        (
            "DATABASE_URL with a path",
            Box::new(|_, command| {
                command.env("DATABASE_URL", database.url());
            }),
        ),
        (
            "DATABASE_URL with ?dbname=",
            Box::new(|_, command| {
                command.env("DATABASE_URL", database.dbname_url());
            }),
        ),
        (
            "DATABASE_URL with ?host=",
            Box::new(|_, command| {
                command.env("DATABASE_URL", database.host_url());
            }),
        ),
        (
            ".env",
            Box::new(|workspace, _| {
                std::fs::write(
                    workspace.join(".env"),
                    format!("# local settings\nDATABASE_URL={}\n", database.dbname_url()),
                )
                .unwrap();
            }),
        ),
        (
            "sqlx.toml's database-url-var",
            Box::new(|workspace, command| {
                std::fs::write(
                    workspace.join("sqlx.toml"),
                    "[common]\ndatabase-url-var = \"APP_DATABASE_URL\"\n",
                )
                .unwrap();
                command.env("APP_DATABASE_URL", database.dbname_url());
            }),
        ),
    ];
    for (way, name_it) in &ways {
        let dir = tempfile::tempdir().unwrap();
        copy_workspace(dir.path());
        let mut command = bare(dir.path(), &[]);
        name_it(dir.path(), &mut command);
        test(way, dir.path(), command);
    }
}

/// `command` with `args` in place of its own.
fn with_args(command: &Command, args: &[&str]) -> Command {
    let mut again = Command::new(command.get_program());
    again.args(args);
    if let Some(dir) = command.get_current_dir() {
        again.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => again.env(key, value),
            None => again.env_remove(key),
        };
    }
    again
}

#[test]
fn check_and_migrate_diff_leave_the_users_database_alone() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    each_way_of_naming(&database, |way, _, command| {
        let check = run(with_args(&command, &["check", "--skip-sqlx"]));
        assert!(check.status.success(), "check, {way}: {}", stderr(&check));
        assert!(
            stderr(&check).contains("a scratch database on the server of"),
            "check, {way}, says where it works: {}",
            stderr(&check)
        );
        database.assert_untouched(&format!("check, {way}"));

        let diff = run(with_args(&command, &["migrate", "diff", "--dry-run"]));
        assert!(
            diff.status.success(),
            "migrate diff, {way}: {}",
            stderr(&diff)
        );
        database.assert_untouched(&format!("migrate diff, {way}"));
    });
}

#[test]
fn the_database_message_names_the_variable_and_the_file() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    std::fs::write(
        dir.path().join("sqlx.toml"),
        "[common]\ndatabase-url-var = \"APP_DATABASE_URL\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".env"),
        format!("APP_DATABASE_URL={}\n", database.url()),
    )
    .unwrap();
    let output = run(bare(dir.path(), &["check", "--skip-sqlx"]));
    assert!(output.status.success(), "{}", stderr(&output));
    let dotenv = dir.path().join(".env");
    assert!(
        stderr(&output).contains(&format!(
            "a scratch database on the server of `APP_DATABASE_URL` in `{}`",
            dotenv.display()
        )),
        "{}",
        stderr(&output)
    );

    // The environment wins over .env, and the flag over both.
    let mut command = bare(dir.path(), &["check", "--skip-sqlx"]);
    command.env("APP_DATABASE_URL", database.url());
    let output = run(command);
    assert!(
        stderr(&output).contains("`APP_DATABASE_URL` in the environment"),
        "{}",
        stderr(&output)
    );
    let flag = database.url();
    let output = run(bare(
        dir.path(),
        &["check", "--skip-sqlx", "--database-url", &flag],
    ));
    assert!(
        stderr(&output).contains("the server of `--database-url`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_password_is_never_shown() {
    let _turn = my_turn();
    // Trust auth lets any password in, so the URL works with one.
    let database = SeededDatabase::create();
    let url = database
        .url()
        .replacen("://postgres@", "://postgres:s3cr3t@", 1);
    assert!(url.contains("s3cr3t"), "{url}");
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let mut command = bare(dir.path(), &["check", "--skip-sqlx"]);
    command.env("DATABASE_URL", &url);
    let output = run(command);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("s3cr3t"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("postgres:***@"),
        "{}",
        stderr(&output)
    );
    database.assert_untouched("check with a password");
}

#[test]
fn destroy_entity_leaves_the_users_database_alone_and_keeps_what_it_cannot_judge() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    each_way_of_naming(&database, |way, workspace, command| {
        let created = run(with_args(
            &command,
            &["new-entity", "Gizmo", "label:String"],
        ));
        assert!(created.status.success(), "{way}: {}", stderr(&created));
        let destroyed = run(with_args(&command, &["destroy-entity", "Gizmo"]));
        assert!(destroyed.status.success(), "{way}: {}", stderr(&destroyed));
        // Read and not applied there: the migration may go.
        assert!(
            stdout(&destroyed).contains("has not applied it"),
            "{way}: {}",
            stdout(&destroyed)
        );
        assert!(!migration_exists(workspace, "create_gizmos"), "{way}");
        database.assert_untouched(&format!("destroy-entity, {way}"));
    });
}

fn migration_exists(workspace: &Path, suffix: &str) -> bool {
    std::fs::read_dir(workspace.join("storage/pg/migrations"))
        .unwrap()
        .any(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(suffix)
        })
}

#[test]
fn a_database_codegen_cannot_read_never_lets_a_migration_be_deleted() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    let (host, port, _) = url_parts(&database.url());
    for (what, url) in [
        (
            "a role that does not exist",
            format!(
                "postgres://codegen_no_such_role@{host}:{port}/{}",
                database.name
            ),
        ),
        (
            "a database that does not exist",
            format!("postgres://postgres@{host}:{port}/codegen_no_such_database"),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_workspace(dir.path());
        let created = run(bare(dir.path(), &["new-entity", "Gizmo", "label:String"]));
        assert!(created.status.success(), "{}", stderr(&created));
        let mut destroy = bare(dir.path(), &["destroy-entity", "Gizmo"]);
        destroy.env("DATABASE_URL", &url);
        let destroyed = run(destroy);
        assert!(destroyed.status.success(), "{what}: {}", stderr(&destroyed));
        assert!(
            stdout(&destroyed).contains("codegen cannot tell whether your database has applied it"),
            "{what}: {}",
            stdout(&destroyed)
        );
        assert!(migration_exists(dir.path(), "create_gizmos"), "{what}");
        assert!(migration_exists(dir.path(), "drop_gizmos"), "{what}");
    }
    database.assert_untouched("destroy-entity with an unreadable database");
}

/// Starts `command` with its stderr piped, and waits for a line holding
/// `needle`; returns the child and the lines so far.
fn start_until(mut command: Command, needle: &str) -> (Child, Vec<String>) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("ended before `{needle}`:\n{}", lines.join(""));
        }
        lines.push(line.clone());
        if line.contains(needle) {
            break;
        }
    }
    // Keep draining, so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    (child, lines)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_for(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < limit, "still running after {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn query_files(workspace: &Path) -> usize {
    std::fs::read_dir(workspace.join(".sqlx"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

/// Postmasters whose data directory is under `dir`.
fn postmasters_under(dir: &Path) -> Vec<String> {
    let listing = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    String::from_utf8_lossy(&listing.stdout)
        .lines()
        .filter(|line| line.contains("postgres") && line.contains(&*dir.to_string_lossy()))
        .map(str::to_owned)
        .collect()
}

/// Runs `db prepare` in a copy until sqlx-cli has begun rewriting `.sqlx`,
/// sends it SIGINT, and checks that `.sqlx` and everything else is as it
/// was, with nothing left running.
fn interrupt_prepare(name_database: impl FnOnce(&mut Command)) -> Vec<String> {
    let _turn = my_turn();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let before = snapshot(dir.path());
    let files = query_files(dir.path());
    assert!(files > 0);

    let mut command = bare(dir.path(), &["db", "prepare"]);
    name_database(&mut command);
    let (mut child, lines) = start_until(command, "refreshing .sqlx");
    // sqlx-cli deletes the query files, then builds to write them again.
    let start = Instant::now();
    while query_files(dir.path()) == files {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "sqlx-cli never began rewriting .sqlx"
        );
        if child.try_wait().unwrap().is_some() {
            panic!(
                "db prepare ended before it could be interrupted:\n{}",
                lines.join("")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, "INT");
    let status = wait_for(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(130), "{status}");

    let after = snapshot(dir.path());
    let changed: Vec<_> = before
        .iter()
        .filter(|(path, bytes)| after.get(*path) != Some(bytes))
        .map(|(path, _)| path.display().to_string())
        .chain(
            after
                .keys()
                .filter(|path| !before.contains_key(*path))
                .map(|path| format!("{} (new)", path.display())),
        )
        .collect();
    assert!(
        changed.is_empty(),
        "changed by the interrupted prepare: {changed:?}"
    );
    assert_eq!(scratch_databases_of(child.id()), Vec::<Vec<String>>::new());
    let left = postmasters_under(dir.path());
    assert!(left.is_empty(), "left running: {left:?}");
    lines
}

#[test]
fn an_interrupted_prepare_on_the_users_server_leaves_everything_as_it_was() {
    let database = SeededDatabase::create();
    let url = database.dbname_url();
    interrupt_prepare(|command| {
        command.env("DATABASE_URL", &url);
    });
    database.assert_untouched("an interrupted db prepare");
}

#[test]
fn an_interrupted_prepare_on_a_throwaway_server_stops_it() {
    let lines = interrupt_prepare(|_| {});
    assert!(
        lines
            .iter()
            .any(|line| line.contains("starting a throwaway PostgreSQL")),
        "{}",
        lines.join("")
    );
}

#[test]
fn an_interrupted_check_drops_its_scratch_database() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    // The full check, so that it is stopped during the long build.
    let mut command = bare(dir.path(), &["check", "--sqlx=full"]);
    command.env("DATABASE_URL", database.url());
    let (mut child, _) = start_until(command, "checking .sqlx");
    assert_eq!(scratch_databases_of(child.id()).len(), 1);
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "TERM");
    let status = wait_for(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(143), "{status}");
    assert_eq!(scratch_databases_of(child.id()), Vec::<Vec<String>>::new());
    database.assert_untouched("an interrupted check");
}

#[test]
fn a_scratch_database_a_killed_run_left_is_dropped_by_the_next_run() {
    let _turn = my_turn();
    let database = SeededDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(dir.path());
    let mut command = bare(dir.path(), &["check", "--skip-sqlx"]);
    command.env("DATABASE_URL", database.url());
    let (mut killed, _) = start_until(with_args(&command, &["check", "--skip-sqlx"]), "working on");
    signal(&killed, "KILL");
    wait_for(&mut killed, Duration::from_secs(10));
    let left = scratch_databases_of(killed.id());
    assert_eq!(left.len(), 1, "the killed run's database: {left:?}");

    // Its connections close as the kernel closes its sockets, and the
    // migrations it started finish on their own.
    let start = Instant::now();
    loop {
        let next = run(with_args(&command, &["check", "--skip-sqlx"]));
        assert!(next.status.success(), "{}", stderr(&next));
        if scratch_databases_of(killed.id()).is_empty() {
            assert!(
                stderr(&next).contains(&format!(
                    "dropped the scratch database `{}`, left on the server",
                    left[0][0]
                )),
                "{}",
                stderr(&next)
            );
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "never dropped: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    database.assert_untouched("a killed check and the next one");
}
