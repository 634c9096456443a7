//! The `codegen` command line: parses arguments and runs the library's
//! commands, turning their errors into messages and exit codes.

mod cli;

use std::{io::Write, process::ExitCode};

use clap::Parser;
use codegen::{
    Error, Workspace,
    commands::{NewEntity, new_entity},
};

use crate::cli::{Cli, Command, DbCommand};

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
        Command::Db(DbCommand::Migrate) => codegen::db::migrate(&workspace),
        Command::Db(DbCommand::Prepare) => codegen::db::prepare(&workspace),
    }
}
