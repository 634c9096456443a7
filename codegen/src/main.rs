//! The `codegen` command line: parses arguments and runs the library's
//! commands, turning their errors into messages and exit codes.

mod cli;

use std::{io::Write, process::ExitCode};

use clap::Parser;
use codegen::{
    Error, Workspace,
    commands::{
        MigrateAdd, MigrateDiff, NewEntity, Sync, migrate_add, migrate_diff, new_entity, sync,
    },
};

use crate::cli::{Cli, Command, DbCommand, MigrateCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let workspace = match &cli.workspace {
        Some(dir) => Workspace::load(dir)?,
        None => {
            let current = std::env::current_dir().map_err(|source| Error::Io {
                path: ".".into(),
                source,
            })?;
            Workspace::discover(&current)?
        }
    };
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::NewEntity(args) => new_entity(
            &workspace,
            &NewEntity {
                name: args.name,
                fields: args.fields,
                dry_run: args.dry_run,
                force: args.force,
            },
            &mut stdout,
        ),
        Command::Sync(args) => sync(
            &workspace,
            &Sync {
                name: args.name,
                dry_run: args.dry_run,
            },
            &mut stdout,
        ),
        Command::Migrate(MigrateCommand::Diff(args)) => migrate_diff(
            &workspace,
            &MigrateDiff {
                description: args.description,
                reversible: args.reversible,
                defaults: args.defaults,
                casts: args.casts,
                dry_run: args.dry_run,
            },
            &mut stdout,
        ),
        Command::Migrate(MigrateCommand::Add(args)) => migrate_add(
            &workspace,
            &MigrateAdd {
                description: args.description,
                reversible: args.reversible,
                dry_run: args.dry_run,
            },
            &mut stdout,
        ),
        Command::Migrate(MigrateCommand::Run) | Command::Db(DbCommand::Migrate) => {
            codegen::db::migrate(&workspace)
        }
        Command::Migrate(MigrateCommand::Revert) => codegen::db::revert(&workspace),
        Command::Db(DbCommand::Prepare) => codegen::db::prepare(&workspace),
    }
}
