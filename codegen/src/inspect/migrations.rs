//! The migrations directory: each migration's version, and the tables it
//! creates and drops, read from its SQL well enough to tell which tables
//! the migrations leave in place.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use crate::Error;

/// One `<version>_<description>.sql` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The leading digits of its name.
    pub version: u64,
    /// The file.
    pub path: PathBuf,
    /// The tables it creates, renames to or drops, in order, with `true`
    /// for a table that exists afterwards.
    pub tables: Vec<(String, bool)>,
    /// The single-column primary key of each table it creates, by table.
    pub primary_keys: Vec<(String, String)>,
}

/// Every migration in `dir` (none if it does not exist), by version.
///
/// # Errors
///
/// Fails when `dir` cannot be listed or a migration cannot be read.
pub fn migrations(dir: &Path) -> Result<Vec<Migration>, Error> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_error(dir)(source)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(io_error(dir))?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        let (true, Ok(version)) = (name.ends_with(".sql"), digits.parse()) else {
            continue;
        };
        let sql = std::fs::read_to_string(&path).map_err(io_error(&path))?;
        found.push(Migration {
            version,
            tables: parse_tables(&sql),
            primary_keys: parse_primary_keys(&sql),
            path,
        });
    }
    found.sort_by(|a, b| (a.version, &a.path).cmp(&(b.version, &b.path)));
    Ok(found)
}

/// The tables `sql` creates (`true`) or drops (`false`), in order; a
/// rename drops one name and creates another. Names are as PostgreSQL
/// stores them: unquoted ones in lowercase, without their schema.
#[must_use]
pub fn parse_tables(sql: &str) -> Vec<(String, bool)> {
    let tokens = tokens(sql);
    let word = |index: usize, expected: &str| {
        tokens
            .get(index)
            .is_some_and(|token| token.eq_ignore_ascii_case(expected))
    };
    let mut tables = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if let Some((name, _)) = created_table(&tokens, index) {
            tables.push((name, true));
        } else if word(index, "drop") && word(index + 1, "table") {
            let mut at = index + 2;
            if word(at, "if") && word(at + 1, "exists") {
                at += 2;
            }
            while let Some((name, next)) = table_name(&tokens, at) {
                tables.push((name, false));
                if tokens.get(next).is_some_and(|token| token == ",") {
                    at = next + 1;
                } else {
                    break;
                }
            }
        } else if word(index, "alter") && word(index + 1, "table") {
            let mut at = index + 2;
            if word(at, "if") && word(at + 1, "exists") {
                at += 2;
            }
            if word(at, "only") {
                at += 1;
            }
            if let Some((old, next)) = table_name(&tokens, at)
                && word(next, "rename")
                && word(next + 1, "to")
                && let Some((new, _)) = table_name(&tokens, next + 2)
            {
                tables.push((old, false));
                tables.push((new, true));
            }
        }
        index += 1;
    }
    tables
}

/// The single-column primary key of each table `sql` creates: a column
/// declared `PRIMARY KEY`, or the one column of a table constraint
/// `PRIMARY KEY (column)`. Keys of several columns are left out.
#[must_use]
pub fn parse_primary_keys(sql: &str) -> Vec<(String, String)> {
    let tokens = tokens(sql);
    (0..tokens.len())
        .filter_map(|index| {
            let (table, body) = created_table(&tokens, index)?;
            if tokens.get(body).is_none_or(|token| token != "(") {
                return None;
            }
            Some((table, primary_key_of(&tokens[body + 1..])?))
        })
        .collect()
}

/// The table a `CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name` at
/// `index` creates, and the index after its name.
fn created_table(tokens: &[String], index: usize) -> Option<(String, usize)> {
    let word = |index: usize, expected: &str| {
        tokens
            .get(index)
            .is_some_and(|token| token.eq_ignore_ascii_case(expected))
    };
    if !word(index, "create") {
        return None;
    }
    let mut at = index + 1;
    while ["temp", "temporary", "unlogged"]
        .iter()
        .any(|w| word(at, w))
    {
        at += 1;
    }
    if !word(at, "table") {
        return None;
    }
    at += 1;
    if word(at, "if") && word(at + 1, "not") && word(at + 2, "exists") {
        at += 3;
    }
    table_name(tokens, at)
}

/// The primary key column among the definitions of a `CREATE TABLE`'s
/// body, `tokens` starting after its opening parenthesis.
fn primary_key_of(tokens: &[String]) -> Option<String> {
    let mut depth = 0_usize;
    let mut definition: Vec<&String> = Vec::new();
    for token in tokens {
        match token.as_str() {
            "(" => depth += 1,
            ")" if depth == 0 => return primary_key_in(&definition),
            ")" => depth -= 1,
            "," if depth == 0 => {
                if let Some(column) = primary_key_in(&definition) {
                    return Some(column);
                }
                definition.clear();
                continue;
            }
            _ => {}
        }
        definition.push(token);
    }
    None
}

/// The column a single definition of a table's body makes its primary
/// key, if it does.
fn primary_key_in(definition: &[&String]) -> Option<String> {
    let is = |index: usize, expected: &str| {
        definition
            .get(index)
            .is_some_and(|token| token.eq_ignore_ascii_case(expected))
    };
    let primary = (0..definition.len()).find(|&at| is(at, "primary") && is(at + 1, "key"))?;
    let constraint = is(0, "constraint") || is(0, "primary");
    if !constraint {
        return identifier(definition[0]);
    }
    // `[CONSTRAINT name] PRIMARY KEY (column)`, one column only.
    match definition.get(primary + 2..primary + 5)? {
        [open, column, close] if open.as_str() == "(" && close.as_str() == ")" => {
            identifier(column)
        }
        _ => None,
    }
}

/// The tables that `migrations`, run in order, leave in place, each with
/// the migration that last created it.
#[must_use]
pub fn live_tables(migrations: &[Migration]) -> BTreeMap<&str, &Path> {
    let mut live = BTreeMap::new();
    for migration in migrations {
        for (table, exists) in &migration.tables {
            if *exists {
                live.insert(table.as_str(), migration.path.as_path());
            } else {
                live.remove(table.as_str());
            }
        }
    }
    live
}

/// The primary key column of `table` as the migration that last created it
/// declares it, if `migrations` leave that table in place.
#[must_use]
pub fn live_primary_key<'a>(migrations: &'a [Migration], table: &str) -> Option<&'a str> {
    let mut key = None;
    for migration in migrations {
        for (name, exists) in &migration.tables {
            if name == table {
                key = exists
                    .then(|| {
                        migration
                            .primary_keys
                            .iter()
                            .find(|(created, _)| created == table)
                            .map(|(_, column)| column.as_str())
                    })
                    .flatten();
            }
        }
    }
    key
}

/// The (possibly schema-qualified) name at `at`, and the index after it.
fn table_name(tokens: &[String], at: usize) -> Option<(String, usize)> {
    let mut name = identifier(tokens.get(at)?)?;
    let mut next = at + 1;
    while tokens.get(next).is_some_and(|token| token == ".") {
        name = identifier(tokens.get(next + 1)?)?;
        next += 2;
    }
    Some((name, next))
}

fn identifier(token: &str) -> Option<String> {
    if let Some(quoted) = token.strip_prefix('"') {
        let quoted = quoted.strip_suffix('"').unwrap_or(quoted);
        return Some(quoted.replace("\"\"", "\""));
    }
    let first = token.chars().next()?;
    (first.is_alphabetic() || first == '_').then(|| token.to_lowercase())
}

/// Words, quoted identifiers and single punctuation characters, without
/// comments or string literals.
fn tokens(sql: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                let mut quoted = String::from('"');
                while let Some(c) = chars.next() {
                    quoted.push(c);
                    // `""` inside a quoted identifier is one `"`.
                    if c == '"' && chars.next_if_eq(&'"').map(|c| quoted.push(c)).is_none() {
                        break;
                    }
                }
                tokens.push(quoted);
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let mut word = String::from(c);
                while let Some(&c) = chars.peek() {
                    if !(c.is_alphanumeric() || c == '_' || c == '$') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(word);
            }
            c if c.is_whitespace() => {}
            c => tokens.push(c.to_string()),
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(sql: &str) -> Vec<(String, bool)> {
        parse_tables(sql)
    }

    #[test]
    fn creates_drops_and_renames_are_read() {
        let sql = "-- CREATE TABLE commented (x int);\n\
                   CREATE TABLE devices (\n  note TEXT DEFAULT 'CREATE TABLE no'\n);\n\
                   create unlogged table if not exists public.\"Odd\"\"Name\" (x int);\n\
                   /* DROP TABLE hidden; */ DROP TABLE IF EXISTS a, b;\n\
                   ALTER TABLE ONLY old RENAME TO new;\n\
                   ALTER TABLE kept ADD COLUMN x int;\n";
        let t = |name: &str, exists| (name.to_owned(), exists);
        assert_eq!(
            created(sql),
            vec![
                t("devices", true),
                t("Odd\"Name", true),
                t("a", false),
                t("b", false),
                t("old", false),
                t("new", true),
            ]
        );
    }

    #[test]
    fn primary_keys_of_columns_and_constraints_are_read() {
        let sql = "CREATE TABLE users (\n  user_id UUID NOT NULL\n    CONSTRAINT users_pkey PRIMARY KEY,\n  name TEXT CHECK (name <> '')\n);\n\
                   CREATE TABLE \"Emails\" (address TEXT, email_id UUID, CONSTRAINT e_pk PRIMARY KEY (email_id));\n\
                   CREATE TABLE pairs (a INT, b INT, PRIMARY KEY (a, b));\n\
                   CREATE TABLE plain (x INT DEFAULT (1), y INT);\n";
        let key = |table: &str, column: &str| (table.to_owned(), column.to_owned());
        assert_eq!(
            parse_primary_keys(sql),
            vec![key("users", "user_id"), key("Emails", "email_id")]
        );
    }

    #[test]
    fn migrations_are_listed_by_version() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2_drop.sql"), "DROP TABLE users;").unwrap();
        std::fs::write(dir.path().join("1_create.sql"), "CREATE TABLE users ();").unwrap();
        std::fs::write(dir.path().join("README.md"), "CREATE TABLE no ();").unwrap();
        let found = migrations(dir.path()).unwrap();
        let versions: Vec<u64> = found.iter().map(|m| m.version).collect();
        assert_eq!(versions, vec![1, 2]);
        assert_eq!(found[1].tables, vec![("users".to_owned(), false)]);
        assert!(migrations(&dir.path().join("missing")).unwrap().is_empty());
    }
}
