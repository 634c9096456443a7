//! The command line, as clap sees it; `--help` is the user's manual.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Scaffold the storage layer of a repository-pattern service: entities,
/// repository traits, PostgreSQL implementations with checked queries,
/// migrations and tests.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, propagate_version = true)]
pub struct Cli {
    /// The workspace to work on: the directory holding `codegen.toml`
    /// [default: the nearest one above the current directory].
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add an entity: its struct, repository trait, PostgreSQL
    /// implementation, migration and tests.
    #[command(
        long_about = NEW_ENTITY_ABOUT,
        after_long_help = NEW_ENTITY_EXAMPLES,
        after_help = "Run with --help for the field grammar and examples."
    )]
    NewEntity(NewEntityArgs),

    /// Migrate a database and refresh the offline query data.
    #[command(subcommand)]
    Db(DbCommand),
}

const NEW_ENTITY_ABOUT: &str = "\
Add an entity: its struct, repository trait, PostgreSQL implementation,
migration and tests.

Writes, in the crates named by codegen.toml:
  data-model   the struct, in its own module, re-exported from the crate root
  storage      the repository trait (add, lookup, find_by_<unique field>, list,
               count, update, remove), its filter and parameter types
  storage-pg   the PostgreSQL implementation with compile-time checked queries,
               the migration that creates the table, and tests of every method

The struct derives `Entity` and the trait carries `#[repository]`, which
writes its forwarding implementations. The `RepositoryAccess` accessor is
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
  :index    a plain index

  A field whose type is an entity is a reference: `owner:User` becomes
  `owner_id: Ulid`, a foreign key to `users`, an index, and a `for_owner`
  filter. bool and nullable fields get filters too.";

const NEW_ENTITY_EXAMPLES: &str = "\
EXAMPLES

  codegen new-entity User username:String:unique locked_at:DateTime?
  codegen new-entity Device name:String:unique serial:i64:index notes:String? \\
      owner:User last_seen_at:DateTime?
  codegen new-entity Device name:String --dry-run     # show the diff only

Then migrate and refresh the offline query data, and run the new tests:

  codegen db prepare
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

/// The `db` subcommands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply pending migrations to the database in DATABASE_URL.
    #[command(long_about = "\
Apply pending migrations to the database in DATABASE_URL, creating it if it
is missing.

Without DATABASE_URL, start a throwaway PostgreSQL under target/, apply every
migration to it, and stop it: a check that the migrations apply cleanly.

EXAMPLE

  DATABASE_URL=postgres://postgres@127.0.0.1/app codegen db migrate")]
    Migrate,

    /// Migrate a database, then refresh `.sqlx` (cargo sqlx prepare --workspace).
    #[command(long_about = "\
Migrate a database, then refresh the offline data of every checked query in
`.sqlx/` (cargo sqlx prepare --workspace), so that the workspace builds with
no database.

Uses the database in DATABASE_URL; without it, starts a throwaway PostgreSQL
under target/ and stops it afterwards, so nothing needs to be running. Needs
sqlx-cli: cargo install sqlx-cli --no-default-features --features postgres

EXAMPLE

  codegen new-entity Device name:String:unique && codegen db prepare")]
    Prepare,
}
