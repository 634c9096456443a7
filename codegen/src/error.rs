//! The errors the generator reports to its user.

use std::path::PathBuf;

use crate::validate::Diagnostics;

/// Everything that stops a command. Each message says what went wrong, where,
/// and how to fix it.
#[derive(Debug)]
pub enum Error {
    /// No `codegen.toml` above the working directory.
    NoWorkspace {
        /// Where the search started.
        searched_from: PathBuf,
    },
    /// `codegen.toml` is malformed or points at the wrong places.
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The user's input is invalid; every problem found is listed.
    Invalid(Diagnostics),
    /// An option or setting outside `codegen.toml` is unusable (a database
    /// URL that is not one, say); the message names it and its origin.
    Usage(String),
    /// A planned edit cannot be made safely; nothing was written.
    Conflict(String),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// An external tool (rustfmt, sqlx-cli, PostgreSQL) failed.
    Tool(String),
    /// Another process holds the workspace's lock; nothing was done.
    Locked {
        /// The lock file.
        path: PathBuf,
        /// The holder's process id, when it has written it.
        holder: Option<u32>,
    },
    /// `codegen check` found the workspace out of sync; one line per finding.
    OutOfSync(Vec<String>),
    /// A signal stopped the command; what it had begun was undone.
    Interrupted {
        /// The signal's number.
        signal: i32,
    },
}

impl Error {
    /// The process exit code: 1 when `check` finds the workspace out of
    /// sync, 2 for input or usage the user must change, 3 for a problem of
    /// the environment (no database, a missing tool, a file that cannot be
    /// written, another codegen at work), and 128 plus the signal's number
    /// when a signal stopped it, as a shell reports it.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::OutOfSync(_) => 1,
            Self::NoWorkspace { .. }
            | Self::Config { .. }
            | Self::Invalid(_)
            | Self::Usage(_)
            | Self::Conflict(_) => 2,
            Self::Io { .. } | Self::Tool(_) | Self::Locked { .. } => 3,
            Self::Interrupted { signal } => u8::try_from(128 + signal).unwrap_or(130),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoWorkspace { searched_from } => write!(
                f,
                "no `codegen.toml` in `{}` or any directory above it; \
                 run codegen inside a workspace that has one, or pass `--workspace <dir>`",
                searched_from.display()
            ),
            Self::Config { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Invalid(diagnostics) => write!(f, "{diagnostics}"),
            Self::Usage(message) | Self::Conflict(message) | Self::Tool(message) => {
                f.write_str(message)
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Locked { path, holder } => {
                let holder = holder.map_or_else(String::new, |pid| format!(" (pid {pid})"));
                write!(
                    f,
                    "another codegen process{holder} is changing this workspace and holds `{}`; \
                     nothing was done: wait for it to finish, then run this command again",
                    path.display()
                )
            }
            Self::OutOfSync(findings) => {
                write!(f, "the workspace is out of sync:\n{}", indented(findings))
            }
            Self::Interrupted { signal } => write!(
                f,
                "stopped by {}; the workspace is as it was before this command",
                signal_name(*signal)
            ),
        }
    }
}

/// A signal's name, for messages. The numbers of these three are the same
/// on every Unix.
#[must_use]
pub fn signal_name(signal: i32) -> String {
    match signal {
        1 => "SIGHUP".to_owned(),
        2 => "SIGINT".to_owned(),
        15 => "SIGTERM".to_owned(),
        _ => format!("signal {signal}"),
    }
}

/// `lines`, one per line, each indented by two spaces, for the lists of
/// problems in a message.
#[must_use]
pub(crate) fn indented(lines: &[String]) -> String {
    lines
        .iter()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
