//! The text of `codegen.toml` from what `codegen init` found: every
//! setting explicit, each under a comment saying what it is and where it
//! was found, and those not found commented out with what was looked for.
//! The same discovery gives the same bytes.

use super::{Discovery, Finding};

/// The widest a comment line gets, `# ` included.
const WIDTH: usize = 79;

const HEADER: &str = "Where this workspace keeps the crates that `codegen` writes into, how \
their wiring is kept, and the runtime items generated code names. Written by `codegen init` \
from what it found in the workspace, each setting with where it found it; the file is yours \
to edit. Paths are relative to this file.";

const WIRING: &str = "How RepositoryAccess stays in step with the repositories: \
\"build-script\" (build.rs writes it at compile time; new-entity touches no wiring file) or \
\"inline\" (the wiring is kept in the source, and new-entity edits it).";

const HEADER_SETTING: &str = "The comment every file new-entity writes begins with, such as a \
licence.";

const RUNTIME: &str = "The items generated code names, by their paths as another crate writes \
them (`crate::` for one inside the PostgreSQL crate's test target).";

/// `codegen.toml` for `discovery`.
#[must_use]
pub fn render(discovery: &Discovery) -> String {
    let mut text = Text::default();
    text.comment(HEADER);
    text.blank();
    text.comment(WIRING);
    text.found(&discovery.wiring.found);
    text.setting("wiring", &discovery.wiring.value);
    text.blank();
    text.comment(
        "How codegen tells the data-model structs it manages from the others: \"derive\" \
         (`#[derive(Entity)]` on the struct, `#[entity(unique)]` on a field) or \"comments\" \
         (`// codegen:entity` above the struct, `// codegen:entity(unique)` above a field).",
    );
    text.found(&discovery.entity_marks.found);
    text.setting("entity-marks", &discovery.entity_marks.value);
    text.blank();
    text.comment(HEADER_SETTING);
    match &discovery.header {
        Some(header) => {
            text.found(&header.found);
            text.line(&format!("header = {}", multi_line(&header.value)));
        }
        None => {
            text.comment("found: no comment that most source files begin with.");
            text.line("# header = \"\"");
        }
    }
    text.blank();
    text.line("[crates]");
    for krate in &discovery.crates {
        text.comment(&crate_about(krate.key, &krate.member.package));
        text.found(&krate.found);
        text.setting(krate.key, &krate.member.shown_dir());
        text.blank();
    }
    text.comment(
        "The migrations the PostgreSQL crate embeds, where `codegen migrate` writes new ones.",
    );
    text.found(&discovery.migrations.found);
    text.setting("migrations", &discovery.migrations.value);
    text.blank();
    text.comment(
        "The offline data of the checked queries, `.sqlx`: in the root or in the PostgreSQL \
         crate, the two places sqlx's macros read.",
    );
    text.found(&discovery.offline_data.found);
    text.setting("offline-data", &discovery.offline_data.value);
    text.blank();
    text.line("[tests]");
    text.comment(
        "Where the generated tests go: \"target\" (tests/repositories/<entity>.rs, in the \
         PostgreSQL crate's test target) or \"module\" (src/<entity>/tests.rs, a module of the \
         entity's own).",
    );
    text.found(&discovery.tests_location.found);
    text.setting("location", &discovery.tests_location.value);
    text.blank();
    text.line("[runtime]");
    text.comment(RUNTIME);
    for (key, finding) in &discovery.runtime {
        text.blank();
        text.comment(runtime_about(key));
        match finding {
            Finding::Found { path, origin } => {
                text.found(origin);
                text.setting(key, path);
            }
            Finding::Optional { looked_for } => {
                text.comment(&format!(
                    "not found: {looked_for}; optional, and generated code goes without it."
                ));
            }
            Finding::Missing {
                looked_for,
                default,
            } => {
                text.comment(&format!(
                    "not found: {looked_for}; set it by hand. Until then codegen uses:"
                ));
                text.line(&format!("# {key} = {}", quoted(default)));
            }
        }
    }
    text.0
}

/// What a `[crates]` entry is, for its comment.
fn crate_about(key: &str, package: &str) -> String {
    let what = match key {
        "data-model" => "Entity structs",
        "storage" => "Backend-agnostic repository traits",
        _ => "PostgreSQL implementations, migrations and their tests",
    };
    format!("{what} (package `{package}`).")
}

/// What a `[runtime]` entry is, for its comment.
fn runtime_about(key: &str) -> &'static str {
    match key {
        "clock" => "The clock trait, passed as `clock: &dyn Clock`.",
        "new-id" => "The function that makes an id from the clock and the rng.",
        "id-from-datetime" => {
            "The method that makes a `Ulid` from the creation time and the rng, through \
             the trait that gives `Ulid` it (instead of `new-id`)."
        }
        "rng" => "The random number generator trait, passed as `&mut (dyn Rng + Send)`.",
        "pg-rng" => "The same trait, as the PostgreSQL crate's dependencies name it.",
        "entity" => "The `Entity` trait and derive of the data-model crate.",
        "page" => "The page of results a list returns.",
        "node" => "The trait of what a page holds: `fn cursor(&self) -> Ulid`.",
        "pagination" => "The pagination a list takes.",
        "pagination-direction" => "The direction of a pagination, `Forward` or `Backward`.",
        "repository-attribute" => "The attribute that forwards a repository trait.",
        "repository-macro" => {
            "The macro that forwards a repository trait, called after it with every method's \
             signature."
        }
        "repository-access" => "The trait that gives every repository of a unit of work.",
        "map-err" => "The error-mapping wrapper of repositories.",
        "database-error" => "The PostgreSQL crate's error.",
        "inconsistency-error" => "The error for a row that cannot be converted.",
        "migrator" => "The embedded migrator the tests run.",
        "test-context" => "What a test gets a repository from, in the PostgreSQL crate's tests.",
        "pg-connection" => {
            "What each PostgreSQL repository's `new` is given in the unit of work, as the \
             accessors of `impl RepositoryAccess` write it."
        }
        "query-tracing" => {
            "The trait whose `.traced()` on each query records its SQL on the method's span, \
             as `db.query.text`."
        }
        _ => "A runtime item.",
    }
}

/// `value` as a TOML basic string.
fn quoted(value: &str) -> String {
    let mut quoted = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `value` as a TOML multi-line literal string, which keeps every
/// character as it is; a basic string for a value holding `'''`.
fn multi_line(value: &str) -> String {
    if value.contains("'''") {
        quoted(value)
    } else {
        format!("'''\n{value}'''")
    }
}

/// The file being written.
#[derive(Default)]
struct Text(String);

impl Text {
    fn line(&mut self, line: &str) {
        self.0.push_str(line);
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }

    fn setting(&mut self, key: &str, value: &str) {
        self.line(&format!("{key} = {}", quoted(value)));
    }

    fn found(&mut self, found: &str) {
        self.comment(&format!("found: {found}."));
    }

    /// `prose` as comment lines of at most [`WIDTH`] columns; a word longer
    /// than that has a line to itself.
    fn comment(&mut self, prose: &str) {
        let mut line = String::from("#");
        for word in prose.split_whitespace() {
            let width = line.chars().count() + 1 + word.chars().count();
            if line.len() > 1 && width > WIDTH {
                self.line(&line);
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        self.line(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_wrap_at_the_width() {
        let mut text = Text::default();
        let words = "word ".repeat(40);
        text.comment(&words);
        for line in text.0.lines() {
            assert!(line.len() <= WIDTH, "{line:?}");
            assert!(line.starts_with("# word"), "{line:?}");
        }
        let mut long = Text::default();
        long.comment(&format!("a {} b", "x".repeat(100)));
        assert_eq!(long.0.lines().count(), 3);
    }

    #[test]
    fn values_are_toml_strings() {
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quoted("crates/x"), "\"crates/x\"");
    }
}
