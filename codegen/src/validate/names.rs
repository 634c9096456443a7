//! The rules for an entity's and a field's own name, whatever the workspace
//! holds, and the names suggested instead of a refused one: every
//! suggestion is a name these same rules accept.

use crate::{
    model::{Diagnostics, Origin},
    naming,
};

/// Fields every entity has without asking.
pub(super) const IMPLIED_FIELDS: [&str; 2] = ["id", "created_at"];

/// Check an entity's name, and the module its files are in (made from the
/// name unless a front door knows it); `false` if a problem was recorded.
pub(super) fn check_entity_name(
    name: &str,
    module: &str,
    origin: &Origin,
    diagnostics: &mut Diagnostics,
) -> bool {
    match entity_name_problem(name, module) {
        Some(problem) => {
            diagnostics.push(origin, problem);
            false
        }
        None => true,
    }
}

/// What is wrong with entity name `name` whose modules are `module`, with
/// the fix.
fn entity_name_problem(name: &str, module: &str) -> Option<String> {
    if let Some(problem) = identifier_problem(name) {
        return Some(format!(
            "the entity name {problem}; entity names are ASCII PascalCase, such as `Device`"
        ));
    }
    if !naming::is_pascal_case(name) {
        return Some(match suggested_entity_name(&naming::to_pascal_case(name)) {
            Some(suggestion) => {
                format!("entity names are PascalCase: write `{suggestion}` instead of `{name}`")
            }
            None => format!("entity names are PascalCase, such as `Device`, and `{name}` is not"),
        });
    }
    let instead = || {
        suggested_entity_name(&format!("{name}Entry")).map_or_else(String::new, |suggestion| {
            format!(", such as `{suggestion}`")
        })
    };
    if naming::RESERVED_TYPE_NAMES.contains(&name) {
        return Some(format!(
            "`{name}` is a type name the generated code already uses; \
             choose a more specific name{}",
            instead()
        ));
    }
    if naming::is_prelude_name(name) {
        return Some(format!(
            "`{name}` is a name of Rust's prelude, which the generated code names \
             unqualified; an entity of that name would shadow it: choose a more specific \
             name{}",
            instead()
        ));
    }
    if naming::is_rust_keyword(module) {
        return Some(format!(
            "`{name}` would name its modules `{module}`, a Rust keyword; \
             choose another name{}",
            instead()
        ));
    }
    if naming::is_generated_code_crate(module) {
        return Some(format!(
            "`{name}` would name its modules `{module}`, like the crate `{module}` that \
             generated code names by path; choose another name{}",
            instead()
        ));
    }
    None
}

/// An accepted entity name for `candidate`: itself, or, when that is
/// refused (`Send`, `Type`), the name with `Entry`.
fn suggested_entity_name(candidate: &str) -> Option<String> {
    [candidate.to_owned(), format!("{candidate}Entry")]
        .into_iter()
        .find(|name| entity_name_problem(name, &naming::module_name(name)).is_none())
}

/// What is wrong with an identifier whatever its case, if anything.
fn identifier_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".to_owned());
    }
    if !name.is_ascii() {
        return Some(format!("`{name}` has non-ASCII characters"));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("`{name}` starts with a digit"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '_')
    {
        return Some(format!("`{name}` contains `{bad}`"));
    }
    None
}

/// Check a field's name; `false` if a problem was recorded.
pub(super) fn check_field_name(name: &str, origin: &Origin, diagnostics: &mut Diagnostics) -> bool {
    match field_name_problem(name) {
        Some(problem) => {
            diagnostics.push(origin, problem);
            false
        }
        None => true,
    }
}

fn field_name_problem(name: &str) -> Option<String> {
    if let Some(problem) = identifier_problem(name) {
        return Some(format!(
            "the field name {problem}; field names are ASCII snake_case, such as `last_seen_at`"
        ));
    }
    if !naming::is_snake_case(name) {
        return Some(match suggested_field_name(&naming::to_snake_case(name)) {
            Some(suggestion) => {
                format!("field names are snake_case: write `{suggestion}` instead of `{name}`")
            }
            None => {
                format!("field names are snake_case, such as `last_seen_at`, and `{name}` is not")
            }
        });
    }
    if naming::is_rust_keyword(name) {
        let instead = suggested_field_name(&format!("{name}_value"))
            .map_or_else(String::new, |suggestion| {
                format!(", such as `{suggestion}`")
            });
        return Some(format!(
            "`{name}` is a Rust keyword and cannot name a field; choose another name{instead}"
        ));
    }
    if IMPLIED_FIELDS.contains(&name) {
        return Some(format!(
            "every entity already has `{name}`; remove this field"
        ));
    }
    None
}

/// An accepted field name for what was typed as `snake` (already in
/// snake_case as far as heck goes): `snake` itself, or, when that is a
/// keyword (`type_` is `type`), the keyword with `_value`.
fn suggested_field_name(snake: &str) -> Option<String> {
    [snake.to_owned(), format!("{snake}_value")]
        .into_iter()
        .find(|candidate| field_name_problem(candidate).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity_problem(name: &str) -> Option<String> {
        entity_name_problem(name, &naming::module_name(name))
    }

    #[test]
    fn a_suggested_field_name_is_accepted() {
        // `type_` is `type` in heck's snake case, a keyword.
        let problem = field_name_problem("type_").unwrap();
        assert!(
            problem.contains("write `type_value` instead of `type_`"),
            "{problem}"
        );
        assert!(field_name_problem("type_value").is_none());
        assert!(
            field_name_problem("Self_")
                .unwrap()
                .contains("write `self_value`")
        );
        // Nothing heck can make a name of: no suggestion at all.
        assert!(field_name_problem("_").unwrap().contains("and `_` is not"));
    }

    #[test]
    fn a_suggested_entity_name_is_accepted() {
        // `Send` would be refused next: the suggestion is one that is not.
        let problem = entity_problem("send").unwrap();
        assert!(problem.contains("write `SendEntry` instead"), "{problem}");
        // `Send` itself is a prelude name, with its own suggestion.
        let problem = entity_problem("Send").unwrap();
        assert!(problem.contains("such as `SendEntry`"), "{problem}");
        assert!(entity_problem("SendEntry").is_none());
        for name in ["Sync", "From", "Into", "Option"] {
            assert!(
                entity_problem(name).unwrap().contains("Rust's prelude"),
                "{name}"
            );
        }
        let problem = entity_problem("Sqlx").unwrap();
        assert!(problem.contains("like the crate `sqlx`"), "{problem}");
    }
}
