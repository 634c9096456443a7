//! Whether a diff is coloured: on a terminal, unless `NO_COLOR` says no or
//! the user chose otherwise.

use std::ffi::OsStr;

/// When to colour what the generator prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set to something.
    #[default]
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output that goes to a terminal or not
    /// (`is_terminal`), given the value of `NO_COLOR` if it is set.
    ///
    /// An explicit choice wins over `NO_COLOR`, which only sets the default
    /// (<https://no-color.org>); an empty `NO_COLOR` counts as unset.
    #[must_use]
    pub fn enabled(self, is_terminal: bool, no_color: Option<&OsStr>) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => is_terminal && no_color.is_none_or(OsStr::is_empty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(ColorChoice::Auto.enabled(true, None));
        assert!(!ColorChoice::Auto.enabled(false, None));
    }

    #[test]
    fn no_color_turns_auto_off_unless_empty() {
        assert!(!ColorChoice::Auto.enabled(true, Some(OsStr::new("1"))));
        assert!(ColorChoice::Auto.enabled(true, Some(OsStr::new(""))));
    }

    #[test]
    fn an_explicit_choice_wins() {
        assert!(ColorChoice::Always.enabled(false, Some(OsStr::new("1"))));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
}
