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
        entity_of_repository_trait, filter_type, module_name, params_type, pg_repository,
        repository_trait, row_type,
    },
    keywords::{RESERVED_TYPE_NAMES, is_rust_keyword, is_sql_reserved, quote_sql_identifier},
    methods::{
        accessor_method, bool_filter_builder, find_by_method, presence_filter_builder,
        presence_filter_getter, reference_filter_builder, span_name,
    },
    plural::pluralize,
    prose::{human_name, human_plural},
    similar::closest,
    table::table_name,
};

/// PostgreSQL truncates identifiers longer than this many bytes.
pub const MAX_SQL_IDENTIFIER_LEN: usize = 63;
