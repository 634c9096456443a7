//! Problems found in the user's input, each tied to where it was found.
//!
//! The ground floor of the pipeline, as serde_derive keeps `internals/ctxt.rs`
//! under its AST, attribute parsing and checks alike: every front door, the
//! model, the checks and the later stages record problems here, and nothing
//! here depends on any of them.

use std::{fmt, path::PathBuf};

/// Where a piece of input came from, so an error can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line argument: its position among the entity's arguments
    /// (the entity name is 0) and its text.
    Argument {
        /// 0 for the entity name, 1 for the first field, and so on.
        position: usize,
        /// The argument as typed.
        text: String,
    },
    /// A command-line option and its value.
    Option {
        /// The option: `--default`.
        name: &'static str,
        /// Its value as typed.
        value: String,
    },
    /// A line of a source file.
    File {
        /// The file, relative to the workspace root.
        path: PathBuf,
        /// 1-based.
        line: usize,
    },
}

impl Origin {
    /// Whether the input was typed on the command line rather than read
    /// from a file, so that a message can say how to write the fix there.
    #[must_use]
    pub const fn is_command_line(&self) -> bool {
        matches!(self, Self::Argument { .. } | Self::Option { .. })
    }

    /// Arguments by position, then options as typed, then files by path and
    /// line.
    fn sort_key(&self) -> (u8, String, usize) {
        match self {
            Self::Argument { position, .. } => (0, String::new(), *position),
            Self::Option { value, .. } => (1, value.clone(), 0),
            Self::File { path, line } => (2, path.display().to_string(), *line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Argument { position: 0, text } => write!(f, "entity name `{text}`"),
            Self::Argument { position, text } => write!(f, "field {position} `{text}`"),
            Self::Option { name, value } => write!(f, "`{name} {value}`"),
            Self::File { path, line } => write!(f, "{}:{line}", path.display()),
        }
    }
}

/// One problem: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the offending input came from.
    pub origin: Origin,
    /// Lowercase, names the offending item in backticks, says how to fix it.
    pub message: String,
}

/// Every problem found in one piece of input, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Record a problem at `origin`.
    pub fn push(&mut self, origin: &Origin, message: impl Into<String>) {
        self.0.push(Diagnostic {
            origin: origin.clone(),
            message: message.into(),
        });
    }

    /// Order the problems by where they were found: arguments by position,
    /// files by path and line; problems at one place keep their order.
    pub fn sort_by_origin(&mut self) {
        self.0
            .sort_by_key(|diagnostic| diagnostic.origin.sort_key());
    }

    /// Whether nothing was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in the order found.
    #[must_use]
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.0
    }

    /// `Ok(value)` if nothing was found, every problem otherwise.
    ///
    /// # Errors
    ///
    /// Returns `self` when it holds at least one problem.
    pub fn finish<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", diagnostic.origin, diagnostic.message)?;
        }
        Ok(())
    }
}
