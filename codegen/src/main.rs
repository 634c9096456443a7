//! The `codegen` command line: parses arguments and runs the library's
//! commands, turning their errors into messages and exit codes.

mod cli;

use std::{
    io::{IsTerminal, Write},
    process::ExitCode,
};

use clap::{CommandFactory, Parser};
use codegen::{
    Error, Workspace,
    apply::ColorChoice,
    commands::{
        Check, DestroyEntity, Init, MigrateAdd, MigrateDiff, NewEntity, SqlxCheck, Sync, check,
        destroy_entity, init, migrate_add, migrate_diff, new_entity, sync,
    },
};

use crate::cli::{Cli, Color, Command, DbCommand, MigrateCommand, SqlxCheckArg};

fn main() -> ExitCode {
    codegen::progress::start();
    let cli = Cli::parse();
    match codegen::interrupt::install().and_then(|()| run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        // Whoever reads our output stopped reading (`codegen list | head`):
        // nothing is lost that they wanted.
        Err(error) if is_closed_stdout(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn is_closed_stdout(error: &Error) -> bool {
    matches!(error, Error::Io { path, source }
        if path.as_os_str() == "<stdout>" && source.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    if let Command::Completions(args) = &cli.command {
        // The only command that needs no workspace. Written in one go, as
        // clap_complete panics on a closed stdout.
        let mut script = Vec::new();
        clap_complete::generate(args.shell, &mut Cli::command(), "codegen", &mut script);
        return stdout
            .write_all(&script)
            .map_err(codegen::commands::stdout_error);
    }
    if let Command::Init(args) = &cli.command {
        // Before the workspace is loaded: it has no codegen.toml yet.
        let root = match &cli.workspace {
            Some(dir) => dir.clone(),
            None => current_dir()?,
        };
        let request = Init {
            dry_run: args.dry_run,
            force: args.force,
        };
        return init(&root, request, &mut stdout, &mut std::io::stderr());
    }
    let color = color_choice(cli.color).enabled(
        stdout.is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let workspace = load_workspace(&cli)?.with_database_url(database_url(&cli.command));
    match cli.command {
        Command::NewEntity(args) => new_entity(
            &workspace,
            &NewEntity {
                name: args.name,
                fields: args.fields,
                dry_run: args.dry_run,
                force: args.force,
                color,
            },
            &mut stdout,
        ),
        Command::DestroyEntity(args) => destroy_entity(
            &workspace,
            &DestroyEntity {
                name: args.name,
                dry_run: args.dry_run,
                force: args.force,
                color,
            },
            &mut stdout,
        ),
        Command::Sync(args) => sync(
            &workspace,
            &Sync {
                name: args.name,
                dry_run: args.dry_run,
                color,
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
                color,
            },
            &mut stdout,
        ),
        Command::Migrate(MigrateCommand::Add(args)) => migrate_add(
            &workspace,
            &MigrateAdd {
                description: args.description,
                reversible: args.reversible,
                dry_run: args.dry_run,
                color,
            },
            &mut stdout,
        ),
        Command::Migrate(MigrateCommand::Run(_)) | Command::Db(DbCommand::Migrate(_)) => {
            codegen::db::migrate(&workspace)
        }
        Command::Migrate(MigrateCommand::Revert(_)) => codegen::db::revert(&workspace),
        Command::List => codegen::commands::list(&workspace, &mut stdout),
        Command::Check(args) => check(
            &workspace,
            Check {
                sqlx: match (args.skip_sqlx, args.sqlx) {
                    (true, _) | (false, SqlxCheckArg::None) => SqlxCheck::None,
                    (false, SqlxCheckArg::Model) => SqlxCheck::Model,
                    (false, SqlxCheckArg::Full) => SqlxCheck::Full,
                },
            },
            &mut stdout,
        ),
        Command::Db(DbCommand::Prepare(_)) => codegen::db::prepare(&workspace),
        Command::Completions(_) | Command::Init(_) => Ok(()),
    }
}

/// The `--database-url` of a command that uses a database.
fn database_url(command: &Command) -> Option<String> {
    let args = match command {
        Command::Check(args) => &args.database,
        Command::DestroyEntity(args) => &args.database,
        Command::Migrate(MigrateCommand::Diff(args)) => &args.database,
        Command::Migrate(MigrateCommand::Run(args) | MigrateCommand::Revert(args))
        | Command::Db(DbCommand::Migrate(args) | DbCommand::Prepare(args)) => args,
        _ => return None,
    };
    args.database_url.clone()
}

fn load_workspace(cli: &Cli) -> Result<Workspace, Error> {
    match &cli.workspace {
        Some(dir) => Workspace::load(dir),
        None => Workspace::discover(&current_dir()?),
    }
}

fn current_dir() -> Result<std::path::PathBuf, Error> {
    std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })
}

const fn color_choice(color: Color) -> ColorChoice {
    match color {
        Color::Auto => ColorChoice::Auto,
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
    }
}
