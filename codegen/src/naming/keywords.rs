//! Names that cannot be used as they are: Rust keywords, PostgreSQL reserved
//! words, the names of Rust's prelude, the crates generated code names by
//! path, and the type names the generated code already brings into scope.

/// Rust's strict and reserved keywords (edition 2024). None can name a
/// field or module without the `r#` prefix, which the generator does not
/// emit.
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// PostgreSQL's reserved key words (the ones that cannot be a column name
/// unquoted), lowercase and sorted.
const SQL_RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// PostgreSQL's column-name key words (sorted): they can name a column or a
/// table unquoted, but PostgreSQL quotes them when it prints a name
/// (`quote_ident`, `regclass::text`). Those of PostgreSQL 15, and the ones
/// 16 and 17 added (the `json_*` functions, `merge_action`).
const SQL_COLUMN_NAME_KEYWORDS: &[&str] = &[
    "between",
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "coalesce",
    "dec",
    "decimal",
    "exists",
    "extract",
    "float",
    "greatest",
    "grouping",
    "inout",
    "int",
    "integer",
    "interval",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "least",
    "merge_action",
    "national",
    "nchar",
    "none",
    "normalize",
    "nullif",
    "numeric",
    "out",
    "overlay",
    "position",
    "precision",
    "real",
    "row",
    "setof",
    "smallint",
    "substring",
    "time",
    "timestamp",
    "treat",
    "trim",
    "values",
    "varchar",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// Type names the generated modules import or define around an entity; an
/// entity of the same name would shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "BoxRepository",
    "ChaChaRng",
    "Clock",
    "DatabaseError",
    "DatabaseInconsistencyError",
    "DateTime",
    "MapErr",
    "MockClock",
    "NaiveDate",
    "Page",
    "Pagination",
    "PaginationDirection",
    "PgConnection",
    "PgPool",
    "PgRepository",
    "Repository",
    "RepositoryAccess",
    "RepositoryError",
    "RepositoryTransaction",
    "Rng",
    "SeedableRng",
    "Self",
    "SystemClock",
    "TimeDelta",
    "Ulid",
    "Utc",
    "Uuid",
    "Value",
];

/// The types, traits and variants of Rust's prelude (edition 2024, which
/// holds every earlier edition's). Generated code names them unqualified
/// (`impl From<…>`, `Send + Sync`, `Option<…>`, `Ok(…)`), as a person
/// writes it; an entity of the same name, imported beside them, would
/// shadow them.
const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The crates generated code names by path (`sqlx::query!`,
/// `chrono::DateTime`, `serde_json::json!`), and the ones every crate
/// has. A module of the same name at a crate's root would stand where the
/// crate's name is looked up.
const GENERATED_CODE_CRATES: &[&str] = &[
    "alloc",
    "async_trait",
    "chrono",
    "core",
    "serde_json",
    "sqlx",
    "std",
    "tracing",
    "ulid",
    "uuid",
];

/// Whether `name` is a type, trait or variant of Rust's prelude.
#[must_use]
pub fn is_prelude_name(name: &str) -> bool {
    PRELUDE_NAMES.contains(&name)
}

/// Whether `module` is the name of a crate generated code names by path.
#[must_use]
pub fn is_generated_code_crate(module: &str) -> bool {
    GENERATED_CODE_CRATES.contains(&module)
}

/// Whether `name` is a Rust keyword.
#[must_use]
pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

/// Whether `name` is reserved in PostgreSQL and must be quoted to name a
/// column or table.
#[must_use]
pub fn is_sql_reserved(name: &str) -> bool {
    SQL_RESERVED.binary_search(&name).is_ok()
}

/// `name` as it must appear in SQL: double-quoted if reserved, as is
/// otherwise. Names reaching here are snake_case, so they need no escaping.
#[must_use]
pub fn quote_sql_identifier(name: &str) -> String {
    if is_sql_reserved(name) {
        format!("\"{name}\"")
    } else {
        name.to_owned()
    }
}

/// `name` as PostgreSQL prints it (`quote_ident`): as the catalog gives
/// it in `regclass::text`, and so as sqlx records a column's table in
/// `.sqlx`. Quoted when it is any key word but an unreserved one, or is
/// not all lowercase letters, digits and underscores (not starting with a
/// digit). Stricter than [`quote_sql_identifier`], which quotes only what
/// SQL text needs quoted.
#[must_use]
pub fn quote_sql_identifier_as_postgres(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let keyword = is_sql_reserved(name) || SQL_COLUMN_NAME_KEYWORDS.binary_search(&name).is_ok();
    if plain && !keyword {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_reserved_words_are_sorted_for_binary_search() {
        assert!(SQL_RESERVED.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn column_name_keywords_are_sorted_for_binary_search() {
        assert!(
            SQL_COLUMN_NAME_KEYWORDS
                .windows(2)
                .all(|pair| pair[0] < pair[1])
        );
    }

    #[test]
    fn postgres_prints_keywords_and_odd_names_quoted() {
        assert_eq!(quote_sql_identifier_as_postgres("users"), "users");
        assert_eq!(quote_sql_identifier_as_postgres("user"), "\"user\"");
        assert_eq!(quote_sql_identifier_as_postgres("values"), "\"values\"");
        assert_eq!(quote_sql_identifier_as_postgres("exists"), "\"exists\"");
        assert_eq!(quote_sql_identifier_as_postgres("oauth2_x"), "oauth2_x");
        assert_eq!(quote_sql_identifier_as_postgres("2fa"), "\"2fa\"");
        assert_eq!(quote_sql_identifier_as_postgres("Odd\"s"), "\"Odd\"\"s\"");
        // Unquoted in SQL text, quoted when PostgreSQL prints it.
        assert_eq!(quote_sql_identifier("values"), "values");
    }

    #[test]
    fn reserved_sql_names_are_quoted() {
        assert_eq!(quote_sql_identifier("order"), "\"order\"");
        assert_eq!(quote_sql_identifier("user"), "\"user\"");
        assert_eq!(quote_sql_identifier("username"), "username");
        assert_eq!(quote_sql_identifier("name"), "name");
    }

    #[test]
    fn prelude_names_and_crates() {
        for name in ["Send", "Sync", "From", "Into", "Option", "Future"] {
            assert!(is_prelude_name(name), "{name}");
        }
        assert!(!is_prelude_name("Device"));
        for module in ["sqlx", "chrono", "std", "serde_json"] {
            assert!(is_generated_code_crate(module), "{module}");
        }
        assert!(!is_generated_code_crate("device"));
    }

    #[test]
    fn rust_keywords() {
        for keyword in ["type", "fn", "gen", "async", "self"] {
            assert!(is_rust_keyword(keyword), "{keyword}");
        }
        for name in ["kind", "union", "name", "raw"] {
            assert!(!is_rust_keyword(name), "{name}");
        }
    }
}
