//! Naming: how an entity's name becomes module, table, column, type and
//! method names, and which names are off limits.
//!
//! Every name the generator derives comes from here, so that the CLI, the
//! templates, the macros and the source scanner agree on them; a name
//! read back (a reference from its column, an entity from its trait) is
//! undone here too, beside the function that made it.

mod case;
mod column;
mod foreign_key;
mod index;
mod items;
mod keywords;
mod methods;
mod plural;
mod prose;
mod similar;
mod table;

pub use self::{
    case::{is_pascal_case, is_snake_case, to_pascal_case, to_snake_case, words},
    column::{key_column, reference_column, reference_name},
    foreign_key::foreign_key_name,
    index::{is_generated_index_name, plain_index_name, unique_index_name},
    items::{
        entity_of_repository_trait, filter_type, module_name, params_type, pg_implementation,
        pg_repository, repository_trait, row_type,
    },
    keywords::{
        RESERVED_TYPE_NAMES, is_generated_code_crate, is_prelude_name, is_rust_keyword,
        is_sql_reserved, quote_sql_identifier, quote_sql_identifier_as_postgres,
    },
    methods::{
        FILTER_CONSTRUCTOR, accessor_method, bool_filter_builder, find_by_method,
        presence_filter_builder, presence_filter_getter, reference_filter_builder, span_name,
    },
    plural::pluralize,
    prose::{human_name, human_plural},
    similar::closest,
    table::table_name,
};

/// PostgreSQL truncates identifiers longer than this many bytes.
pub const MAX_SQL_IDENTIFIER_LEN: usize = 63;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `PascalCase` name of up to `len` characters drawn from
    /// `letters`.
    fn pascal_names(letters: &[char], len: usize) -> Vec<String> {
        let mut layer = vec![String::new()];
        let mut names = Vec::new();
        for _ in 0..len {
            layer = layer
                .iter()
                .flat_map(|name| letters.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(layer.iter().filter(|name| is_pascal_case(name)).cloned());
        }
        names
    }

    #[test]
    fn accepted_entity_names_round_trip() {
        // Capitals, lowercase letters and digits in every order, acronyms
        // and digit runs included.
        let names = pascal_names(&['A', 'B', 'c', 'd', '2'], 6);
        assert!(names.len() > 1000, "{} names", names.len());
        let mut modules = std::collections::HashSet::new();
        for name in &names {
            let module = module_name(name);
            assert!(is_snake_case(&module), "`{name}` has module `{module}`");
            assert!(is_snake_case(&table_name(name)), "`{name}`'s table");
            assert!(is_snake_case(&key_column(name)), "`{name}`'s key column");
            assert_eq!(
                &to_pascal_case(&module),
                name,
                "`{name}` back from `{module}`"
            );
            assert!(modules.insert(module), "`{name}` shares its module");
        }
    }

    #[test]
    fn derived_names_of_an_acronym() {
        // `HTTPServer` is refused, for `HttpServer`, which names everything
        // as `HTTPServer` would have: the module and columns do not change.
        assert!(!is_pascal_case("HTTPServer"));
        assert_eq!(to_pascal_case("HTTPServer"), "HttpServer");
        for name in ["HTTPServer", "HttpServer"] {
            assert_eq!(module_name(name), "http_server");
            assert_eq!(table_name(name), "http_servers");
            assert_eq!(key_column(name), "http_server_id");
        }
        // `OAuth2Client` is accepted: heck reads the `O` as a word.
        assert!(is_pascal_case("OAuth2Client"));
        assert_eq!(module_name("OAuth2Client"), "o_auth2_client");
        assert_eq!(table_name("OAuth2Client"), "o_auth2_clients");
        assert_eq!(key_column("OAuth2Client"), "o_auth2_client_id");
    }
}
