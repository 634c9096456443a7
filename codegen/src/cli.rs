//! The command line, as clap sees it; `--help` is the user's manual.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Scaffold the storage layer of a repository-pattern service: entities,
/// repository traits, PostgreSQL implementations with checked queries,
/// migrations and tests.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, propagate_version = true, after_help = EXIT_STATUS)]
pub struct Cli {
    /// The workspace to work on: the directory holding `codegen.toml`, or
    /// for `init` the root `Cargo.toml` [default: the nearest one above the
    /// current directory; for `init`, the current directory].
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// When to colour diffs: `auto` colours them on a terminal unless
    /// NO_COLOR is set.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: Color,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write this workspace's codegen.toml from what its crates hold.
    #[command(long_about = INIT_ABOUT, after_help = INIT_EXAMPLES)]
    Init(InitArgs),

    /// Add an entity: its struct, repository trait, PostgreSQL
    /// implementation, migration and tests.
    #[command(
        long_about = NEW_ENTITY_ABOUT,
        after_long_help = NEW_ENTITY_EXAMPLES,
        after_help = "EXAMPLE\n\n  codegen new-entity Device name:String:unique owner:User\n\n\
                      Run with --help for the field grammar and more examples."
    )]
    NewEntity(NewEntityArgs),

    /// Rewrite the generated regions of an entity's trait, implementation
    /// and tests from its data-model struct.
    #[command(long_about = SYNC_ABOUT, after_help = SYNC_EXAMPLES)]
    Sync(SyncArgs),

    /// Migrations: follow the data model (`diff`), write one by hand
    /// (`add`), apply (`run`) or revert (`revert`).
    #[command(subcommand, after_help = MIGRATE_EXAMPLES)]
    Migrate(MigrateCommand),

    /// Remove an entity that new-entity added, and undo its table.
    #[command(long_about = DESTROY_ENTITY_ABOUT, after_help = DESTROY_ENTITY_EXAMPLES)]
    DestroyEntity(DestroyEntityArgs),

    /// List the entities and where each of their parts lives.
    #[command(after_help = LIST_EXAMPLES)]
    List,

    /// Check that the workspace is in sync; exit non-zero, saying what and
    /// where, if not.
    #[command(long_about = CHECK_ABOUT, after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),

    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),

    /// Migrate a database and refresh the offline query data.
    #[command(subcommand, after_help = DB_EXAMPLES)]
    Db(DbCommand),
}

const INIT_ABOUT: &str = "\
Write this workspace's codegen.toml from what its crates hold, for a workspace
that codegen did not make. Run it in the workspace's root (where the Cargo.toml
with `[workspace]` is), or pass --workspace.

Among the members of `[workspace]`, it takes:
  storage      the crate that defines `trait RepositoryAccess` (or whose
               build.rs writes it with `codegen::build::write_repository_access`)
  storage-pg   the crate that implements `RepositoryAccess` and embeds its
               migrations with `sqlx::migrate!`, whose argument (default
               `./migrations`) is the migrations folder
  data-model   the crate the storage crate depends on whose types its
               repository traits return (else the one defining `trait Clock`)

and `wiring = \"build-script\"` if the storage crate's build.rs calls
`codegen::build::`, else \"inline\". Each `[runtime]` item (Clock, new_id,
Page, Pagination, MapErr, DatabaseError, the migrator, the tests' Context, ...)
is found where it is defined and written by its shortest public path, using
the crate root's re-exports. What forwards the repository traits is this
toolkit's `repository` attribute when the storage crate re-exports it
(`repository-attribute`), else the storage crate's own `#[macro_export]`
`macro_rules!` that implements a trait for `Box<R>` (`repository-macro`,
called after each trait with its signatures). A trait of the PostgreSQL
crate with `fn traced(self)` is `query-tracing`: every generated span then
declares `db.query.text` and every query runs through `.traced()`; it is
optional, and when absent it is only noted in codegen.toml.

Every setting is written out, under a comment that says where it was found.
What cannot be found is written commented out, with what was looked for and
where, and named on stderr; set it by hand. If one of the three crates
cannot be found, nothing is written. An existing codegen.toml is never
replaced without --force.";

const INIT_EXAMPLES: &str = "\
EXAMPLE

  codegen init --dry-run     # print the file, write nothing
  codegen init";

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the file and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Replace a codegen.toml that exists already.
    #[arg(long)]
    pub force: bool,
}

const SYNC_ABOUT: &str = "\
Rewrite the generated regions of an entity's repository trait, PostgreSQL
implementation and tests from its data-model struct, after the struct changed.

Only the code between `// codegen:begin` and `// codegen:end` is rewritten;
every line outside those regions, such as a method written by hand in the
trait and its implementation, stays byte for byte. The offline data of the
rewritten queries is written to .sqlx, and that of the queries they replace
removed, as sqlx would write it: the workspace still builds with no database.";

const SYNC_EXAMPLES: &str = "\
EXAMPLE

  # after adding `pub notes: Option<String>` to the Device struct:
  codegen migrate diff add_device_notes && codegen migrate run
  codegen sync Device";

const MIGRATE_EXAMPLES: &str = "\
EXAMPLES

  codegen migrate diff add_device_notes
  codegen migrate add backfill_device_names
  codegen migrate run";

/// Arguments of `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The entity, as its struct is named: `Device`.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Print the changes as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What every command that uses a database accepts.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// The database to use [default: DATABASE_URL, or the variable sqlx.toml
    /// names, from the environment or .env].
    #[arg(long, value_name = "URL", long_help = DATABASE_HELP)]
    pub database_url: Option<String>,
}

const EXIT_STATUS: &str = "\
EXIT STATUS

  0  done
  1  `check` found the workspace out of sync
  2  bad input or usage: nothing was changed
  3  a problem of the environment: no database, sqlx-cli or rustfmt missing,
     a file that cannot be written, another codegen at work
  130, 143  stopped by Ctrl-C or SIGTERM: the tree is as before the command";

const DATABASE_HELP: &str = "\
Your database. Without this option it is looked up as sqlx-cli looks it up:
the variable sqlx reads (DATABASE_URL, or the one `common.database-url-var`
in sqlx.toml names) in the environment, else in the nearest .env file from
the workspace root up. Every message names the database and where it came
from. Prefer the variable for a URL with a password: options are visible to
other users of the machine.

Only `db migrate` and `migrate run`/`revert` change it. `check`, `migrate
diff` and `db prepare` work on a scratch database made from the migrations
on the same server (marked, and dropped afterwards), or on a throwaway
PostgreSQL under target/ when no database is named; a scratch database or
throwaway PostgreSQL an interrupted run left is removed by the next run.";

/// The `migrate` subcommands.
#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Write the migration from the schema the migrations give to the one
    /// the data-model structs describe.
    #[command(long_about = MIGRATE_DIFF_ABOUT, after_help = MIGRATE_DIFF_EXAMPLES)]
    Diff(MigrateDiffArgs),

    /// Write an empty migration to fill by hand.
    #[command(
        long_about = "\
Write an empty migration to fill by hand, named as sqlx-cli names them:
migrations/<YYYYMMDDHHMMSS>_<description>.sql, or .up.sql and .down.sql with
--reversible.",
        after_help = "\
EXAMPLE

  codegen migrate add backfill_device_names"
    )]
    Add(MigrateAddArgs),

    /// Apply pending migrations (the same as `codegen db migrate`).
    #[command(long_about = MIGRATE_RUN_ABOUT, after_help = "\
EXAMPLE

  DATABASE_URL=postgres://postgres@127.0.0.1/app codegen migrate run")]
    Run(DatabaseArgs),

    /// Revert the newest migration applied to the database in DATABASE_URL.
    #[command(
        long_about = "\
Revert the newest migration applied to the database in DATABASE_URL. It must
be reversible: written with --reversible, as an .up.sql and a .down.sql.",
        after_help = "\
EXAMPLE

  DATABASE_URL=postgres://postgres@127.0.0.1/app codegen migrate revert"
    )]
    Revert(DatabaseArgs),
}

const MIGRATE_RUN_ABOUT: &str = "\
Apply pending migrations to your database (--database-url, or DATABASE_URL
from the environment or .env), creating it if it is missing.

Without a database URL, start a throwaway PostgreSQL under target/, apply every
migration to it, and stop it: a check that the migrations apply cleanly,
which leaves no database migrated.";

const MIGRATE_DIFF_ABOUT: &str = "\
Write the migration that takes the schema the existing migrations give to the
schema the data-model structs describe.

The migrations are applied to a scratch database (a new database on the server
of your database URL, dropped afterwards, or a throwaway PostgreSQL without
one) and
its catalog compared with the structs: new tables, added and dropped columns,
type and nullability changes, indexes and foreign keys.

Renames are never guessed: mark the field with
`#[entity(renamed_from = \"old_name\")]` to get a RENAME COLUMN instead of a
drop and an add. Changes that rows already in the table would break are
refused unless you supply what they need:

  --default <table>.<column>=<SQL>   the value of existing rows for a new
                                     NOT NULL column, or one becoming NOT NULL
  --using <table>.<column>=<SQL>     the conversion for a type change that not
                                     every value survives";

const MIGRATE_DIFF_EXAMPLES: &str = "\
EXAMPLES

  codegen migrate diff add_device_serial --default devices.serial=0
  codegen migrate diff widen_counts --reversible
  codegen migrate diff --dry-run";

/// Arguments of `migrate diff`.
#[derive(Debug, Args)]
pub struct MigrateDiffArgs {
    /// What the migration does, for its file name [default: update_schema].
    #[arg(value_name = "DESCRIPTION")]
    pub description: Option<String>,

    /// Write an up and a down migration.
    #[arg(long, short = 'r')]
    pub reversible: bool,

    /// `<table>.<column>=<SQL>`: the value existing rows get.
    #[arg(long = "default", value_name = "TABLE.COLUMN=SQL")]
    pub defaults: Vec<String>,

    /// `<table>.<column>=<SQL>`: the conversion of existing values.
    #[arg(long = "using", value_name = "TABLE.COLUMN=SQL")]
    pub casts: Vec<String>,

    /// The server of the scratch database.
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Print the migration as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Arguments of `migrate add`.
#[derive(Debug, Args)]
pub struct MigrateAddArgs {
    /// What the migration does, for its file name.
    #[arg(value_name = "DESCRIPTION")]
    pub description: String,

    /// Write an up and a down migration.
    #[arg(long, short = 'r')]
    pub reversible: bool,

    /// Print the files as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// How `check` checks `.sqlx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlxCheckArg {
    /// The generated queries' offline data, computed from the data-model
    /// structs: no database, no build, milliseconds.
    Model,
    /// Every checked query, hand-written ones too: cargo sqlx prepare
    /// --workspace --check against the scratch database; builds the
    /// workspace.
    Full,
    /// Not at all.
    None,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

const DESTROY_ENTITY_ABOUT: &str = "\
Remove an entity that new-entity added: the files it created and the lines
it inserted, in every crate.

What new-entity wrote is found by generating it again from the entity's
data-model struct; if any of it was edited since, or is missing, nothing is
changed unless --force is given. An entity that another entity references
is never removed: destroy the other first.

The migration that created the table is deleted only if it is the newest,
unedited, and your database has been read and has not applied it. Otherwise
(applied, or no database named, or one codegen cannot connect to or read, so
that it cannot tell), it is kept as it is and a new migration that drops the
table is written.";

const DESTROY_ENTITY_EXAMPLES: &str = "\
EXAMPLES

  codegen destroy-entity Device --dry-run     # show the diff only
  DATABASE_URL=postgres://postgres@127.0.0.1/app codegen destroy-entity Device";

const LIST_EXAMPLES: &str = "\
EXAMPLE

  codegen list";

const CHECK_ABOUT: &str = "\
Check that the workspace is in sync, and exit non-zero saying what and where
if it is not:

  - every repository trait has its accessor on RepositoryAccess and on each
    implementation of it;
  - every data-model entity has a migration that creates its table;
  - every file new-entity writes or inserts into is rustfmt-clean;
  - the migrations give the schema the data-model structs describe, on a
    scratch database made from them: a new database on the server of your
    database URL, or a throwaway PostgreSQL under target/ without one. Both
    are removed afterwards; your own database is never changed;
  - .sqlx holds the offline data of every generated query, as computed
    from the data-model structs, in milliseconds and with no database or
    build (--sqlx=model, the default). --sqlx=full runs cargo sqlx prepare
    --workspace --check on the scratch database instead, which covers
    hand-written queries too and builds the workspace.

It says which .sqlx check it ran.";

const CHECK_EXAMPLES: &str = "\
EXAMPLES

  codegen check                  # the generated queries' .sqlx, from the model
  codegen check --sqlx=full      # every query's, with sqlx-cli and a build
  codegen check || codegen db prepare";

const COMPLETIONS_EXAMPLES: &str = "\
EXAMPLES

  codegen completions bash > ~/.local/share/bash-completion/completions/codegen
  codegen completions zsh > ~/.zfunc/_codegen
  codegen completions fish > ~/.config/fish/completions/codegen.fish";

const DB_EXAMPLES: &str = "\
EXAMPLE

  codegen db prepare";

const NEW_ENTITY_ABOUT: &str = "\
Add an entity: its struct, repository trait, PostgreSQL implementation,
migration and tests.

Writes, in the crates named by codegen.toml:
  data-model   the struct, in its own module, re-exported from the crate root
  storage      the repository trait (add, lookup, find_by_<unique field>, list,
               count, update, remove), its filter and parameter types
  storage-pg   the PostgreSQL implementation with compile-time checked queries,
               the migration that creates the table, and tests of every method
  .sqlx        the offline data of each of those queries, computed as sqlx's
               macros would write it after asking PostgreSQL, so the workspace
               builds at once with SQLX_OFFLINE=true and no database

The struct derives `Entity` and the trait carries `#[repository]`, which
writes its forwarding implementations; with `runtime.repository-macro` set in
codegen.toml, the trait is followed instead by a call of that macro with
every method's signature, which `sync` keeps up to date. The `RepositoryAccess` accessor is
written by the build scripts when codegen.toml says `wiring = \"build-script\"`
(the default), or inserted into the hand-kept wiring with `wiring = \"inline\"`.

Every entity has an `id` (a ULID, stored as UUID) and a `created_at`
timestamp without asking. Nothing is written if anything is wrong, and no
existing file is ever overwritten without --force.

FIELDS

  <name>:<type>[?][:unique][:index]

  <name>    snake_case, such as `last_seen_at`
  <type>    String, bool, i16, i32, i64, f32, f64, Uuid, Ulid, DateTime,
            Date, Json, Bytes, or the name of an existing entity
  ?         the field is nullable: Option<T> in Rust, NULL in SQL
  :unique   a unique index and a `find_by_<name>` method
  :index    an index on the column and the id, in that order

  A field whose type is an entity is a reference: `owner:User` becomes
  `owner_id: Ulid`, a foreign key to `users`, an index on `owner_id` and
  the id, and a `for_owner` filter; the index serves that filter and the
  list's keyset pages together. bool and nullable fields get filters too.";

const NEW_ENTITY_EXAMPLES: &str = "\
EXAMPLES

  codegen new-entity User username:String:unique locked_at:DateTime?
  codegen new-entity Device name:String:unique serial:i64:index notes:String? \\
      owner:User last_seen_at:DateTime?
  codegen new-entity Device name:String --dry-run     # show the diff only

Then run the new tests (they need a PostgreSQL in DATABASE_URL; the build
does not):

  cargo test -p storage-pg";

/// Arguments of `new-entity`.
#[derive(Debug, Args)]
pub struct NewEntityArgs {
    /// The entity's name, in PascalCase: `Device`, `UserEmail`.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The fields, each `<name>:<type>[?][:unique][:index]`.
    #[arg(value_name = "FIELD")]
    pub fields: Vec<String>,

    /// Print the changes as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Replace files that exist already instead of refusing.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `destroy-entity`.
#[derive(Debug, Args)]
pub struct DestroyEntityArgs {
    /// The entity's name, as its struct is called: `Device`.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Print the changes as a diff and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Remove what was edited since new-entity wrote it, and skip what is
    /// missing, instead of refusing.
    #[arg(long)]
    pub force: bool,

    /// The database that decides whether the entity's migration was applied.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How to check .sqlx.
    #[arg(long, value_name = "HOW", default_value = "model")]
    pub sqlx: SqlxCheckArg,

    /// Leave out the .sqlx check: the same as --sqlx=none.
    #[arg(long, conflicts_with = "sqlx")]
    pub skip_sqlx: bool,

    /// The server of the scratch database.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// The `db` subcommands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply pending migrations to the database in DATABASE_URL.
    #[command(
        long_about = MIGRATE_RUN_ABOUT,
        after_help = "\
EXAMPLE

  DATABASE_URL=postgres://postgres@127.0.0.1/app codegen db migrate"
    )]
    Migrate(DatabaseArgs),

    /// Refresh `.sqlx` (cargo sqlx prepare) against a scratch database made
    /// from the migrations.
    #[command(
        long_about = "\
Refresh the offline data of every checked query in `.sqlx/` against a scratch
database made from the migrations, so that the workspace builds with no
database. Your own database is not changed. It runs `cargo sqlx prepare
--workspace` in the root or, when `crates.offline-data` in codegen.toml puts
`.sqlx` in the PostgreSQL crate, `cargo sqlx prepare` in that crate.

new-entity, sync and destroy-entity keep the generated queries' offline data
themselves; this is for hand-written queries, and the arbiter should the two
ever differ: it keeps what sqlx-cli wrote and warns of each difference. It
prints a line per phase with the time since it began, and cargo's output as
it builds.

The scratch database is made on the server of your database URL; without
one, codegen starts a throwaway PostgreSQL under target/ and stops it
afterwards, so nothing needs to be running. If the prepare fails or is
interrupted, `.sqlx` is put back as it was. Needs sqlx-cli: cargo install
sqlx-cli --version '^0.9' --no-default-features --features postgres,sqlx-toml",
        after_help = "\
EXAMPLE

  codegen db prepare     # after writing a query by hand"
    )]
    Prepare(DatabaseArgs),
}
