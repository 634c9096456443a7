//! The checks that turn a typed [`EntitySpec`] into an [`Entity`]: names,
//! types, references and clashes with what the workspace already holds.

use std::collections::HashMap;

use crate::{
    input::{EntitySpec, ExistingEntity, FieldSpec},
    model::{Entity, Field, FieldType, ScalarType},
    naming,
    validate::{Diagnostics, Origin},
};

/// Fields every entity has without asking.
const IMPLIED_FIELDS: [&str; 2] = ["id", "created_at"];

/// Variable names the generated tests give to their own values; a reference
/// named like one of them would shadow it.
const TEST_VARIABLES: [&str; 6] = ["n", "repo", "rng", "clock", "pool", "params"];

/// Check a new entity against the grammar's rules and the workspace's
/// `existing` entities, and build its model. `diagnostics` holds what
/// parsing found already; the model is returned only if it stays empty.
///
/// # Errors
///
/// Returns every problem found, parsing's included, in argument order.
pub fn check_new_entity(
    spec: &EntitySpec,
    existing: &[ExistingEntity],
    mut diagnostics: Diagnostics,
) -> Result<Entity, Diagnostics> {
    check_entity_name(spec, existing, &mut diagnostics);

    let module = naming::module_name(&spec.name);
    let fields: Vec<Field> = spec
        .fields
        .iter()
        .filter_map(|field| check_field(field, &spec.name, existing, &mut diagnostics))
        .collect();
    if spec.typed_fields == 0 {
        diagnostics.push(
            &spec.origin,
            format!(
                "entity `{}` has no fields; give at least one, for example `name:String`",
                spec.name
            ),
        );
    }
    check_duplicate_names(&spec.fields, &mut diagnostics);
    check_clashes(&fields, &mut diagnostics);

    let entity = Entity {
        name: spec.name.clone(),
        table: naming::table_name(&spec.name),
        module,
        fields,
        origin: spec.origin.clone(),
    };
    if diagnostics.is_empty() {
        check_identifier_lengths(&entity, &mut diagnostics);
    }
    diagnostics.sort_by_origin();
    diagnostics.finish(entity)
}

fn check_entity_name(
    spec: &EntitySpec,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) {
    let name = spec.name.as_str();
    let origin = &spec.origin;
    if let Some(problem) = identifier_problem(name) {
        diagnostics.push(
            origin,
            format!(
                "the entity name {problem}; entity names are ASCII PascalCase, such as `Device`"
            ),
        );
        return;
    }
    if !naming::is_pascal_case(name) {
        let suggestion = naming::to_pascal_case(name);
        diagnostics.push(
            origin,
            format!("entity names are PascalCase: write `{suggestion}` instead of `{name}`"),
        );
        return;
    }
    if naming::RESERVED_TYPE_NAMES.contains(&name) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` is a type name the generated code already uses; \
                 choose a more specific name, such as `{name}Entry`"
            ),
        );
        return;
    }
    let module = naming::module_name(name);
    if naming::is_rust_keyword(&module) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` would name its modules `{module}`, a Rust keyword; \
                 choose another name, such as `{name}Entry`"
            ),
        );
        return;
    }
    if let Some(taken) = existing.iter().find(|entity| entity.name == name) {
        diagnostics.push(
            origin,
            format!(
                "entity `{name}` already exists in `{}`; choose another name, \
                 or edit that struct to change the entity",
                taken.path.display()
            ),
        );
        return;
    }
    let table = naming::table_name(name);
    if let Some(taken) = existing.iter().find(|entity| entity.table == table) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` would be stored in table `{table}`, which entity `{}` already uses; \
                 choose another name",
                taken.name
            ),
        );
    } else if let Some(taken) = existing.iter().find(|entity| entity.module == module) {
        diagnostics.push(
            origin,
            format!(
                "`{name}` would be written to module `{module}`, which `{}` already uses; \
                 choose another name",
                taken.name
            ),
        );
    }
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

fn check_field(
    spec: &FieldSpec,
    entity: &str,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) -> Option<Field> {
    let origin = &spec.origin;
    let name = spec.name.as_str();
    let before = diagnostics.as_slice().len();
    check_field_name(name, origin, diagnostics);
    let ty = resolve_type(spec, entity, existing, diagnostics);

    if let Some(FieldType::Reference(reference)) = &ty {
        if let Some(stem) = naming::reference_name(name) {
            diagnostics.push(
                origin,
                format!(
                    "name the reference `{stem}`, not `{name}`: its column is `{name}` \
                     already; write `{stem}:{}`",
                    reference.entity
                ),
            );
        } else if TEST_VARIABLES.contains(&name) {
            diagnostics.push(
                origin,
                format!(
                    "reference `{name}` would shadow a variable of the generated tests; \
                     choose another name, such as `{name}_{}`",
                    reference.module
                ),
            );
        }
    }
    if spec.unique
        && ty
            .as_ref()
            .is_some_and(|ty| ty.scalar() == ScalarType::Bool)
    {
        diagnostics.push(
            origin,
            format!(
                "a unique `bool` field allows at most two rows; use `{name}:bool:index` \
                 or drop `:unique`"
            ),
        );
    }
    if diagnostics.as_slice().len() > before {
        return None;
    }
    Some(Field {
        name: name.to_owned(),
        ty: ty?,
        nullable: spec.nullable,
        unique: spec.unique,
        indexed: spec.index,
        renamed_from: None,
        origin: origin.clone(),
    })
}

fn check_field_name(name: &str, origin: &Origin, diagnostics: &mut Diagnostics) {
    if let Some(problem) = identifier_problem(name) {
        diagnostics.push(
            origin,
            format!(
                "the field name {problem}; field names are ASCII snake_case, such as `last_seen_at`"
            ),
        );
    } else if !naming::is_snake_case(name) {
        let suggestion = naming::to_snake_case(name);
        diagnostics.push(
            origin,
            format!("field names are snake_case: write `{suggestion}` instead of `{name}`"),
        );
    } else if naming::is_rust_keyword(name) {
        diagnostics.push(
            origin,
            format!("`{name}` is a Rust keyword and cannot name a field; choose another name, such as `{name}_value`"),
        );
    } else if IMPLIED_FIELDS.contains(&name) {
        diagnostics.push(
            origin,
            format!("every entity already has `{name}`; remove this field"),
        );
    }
}

fn resolve_type(
    spec: &FieldSpec,
    entity: &str,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) -> Option<FieldType> {
    let type_name = spec.type_name.as_str();
    if let Some(scalar) = ScalarType::from_spec_name(type_name) {
        return Some(FieldType::Scalar(scalar));
    }
    if let Some(target) = existing.iter().find(|e| e.name == type_name) {
        return Some(FieldType::Reference(target.as_reference()));
    }
    let origin = &spec.origin;
    if type_name == entity {
        diagnostics.push(
            origin,
            format!(
                "`{entity}` cannot reference itself yet; store the other row's id as `{}:Ulid` \
                 and keep the link in code",
                spec.name
            ),
        );
        return None;
    }
    let builtin = ScalarType::ALL.map(ScalarType::spec_name).join(", ");
    let known = ScalarType::ALL
        .iter()
        .map(|ty| ty.spec_name())
        .chain(existing.iter().map(|e| e.name.as_str()));
    let suggestion = naming::closest(type_name, known);
    let message = match suggestion {
        Some(known) => format!("unknown type `{type_name}`: did you mean `{known}`?"),
        None if naming::is_pascal_case(type_name) => format!(
            "unknown type `{type_name}`: no entity of that name exists; create it first with \
             `codegen new-entity {type_name} ...`, or use one of the built-in types: {builtin}"
        ),
        None => format!(
            "unknown type `{type_name}`; the built-in types are {builtin}, or an existing entity"
        ),
    };
    diagnostics.push(origin, message);
    None
}

/// Two fields typed with the same name, whether or not their types are valid.
fn check_duplicate_names(fields: &[FieldSpec], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Origin> = HashMap::new();
    for field in fields {
        if let Some(first) = seen.get(field.name.as_str()) {
            diagnostics.push(
                &field.origin,
                format!(
                    "field `{}` is declared twice (first as {first}); give each field once",
                    field.name
                ),
            );
        } else {
            seen.insert(&field.name, &field.origin);
        }
    }
}

/// Two fields of different names whose Rust names or generated methods
/// collide: `owner:User` and `owner_id:Uuid` are both `owner_id`.
fn check_clashes(fields: &[Field], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<String, &Field> = HashMap::new();
    for field in fields {
        let rust_name = field.rust_name();
        match seen.get(&rust_name) {
            Some(first) if first.name != field.name => diagnostics.push(
                &field.origin,
                format!(
                    "field `{}` would be `{rust_name}` in Rust, like {}; rename one",
                    field.name, first.origin
                ),
            ),
            Some(_) => {}
            None => {
                seen.insert(rust_name, field);
            }
        }
    }

    let entity = Entity {
        name: String::new(),
        module: String::new(),
        table: String::new(),
        fields: fields.to_vec(),
        origin: Origin::Argument {
            position: 0,
            text: String::new(),
        },
    };
    let mut methods: HashMap<String, &Field> = HashMap::new();
    let filters = entity.filters();
    for filter in &filters {
        if let Some(first) = methods.insert(filter.getter(), &filter.field)
            && first.name != filter.field.name
        {
            diagnostics.push(
                &filter.field.origin,
                format!(
                    "fields `{}` and `{}` would both give the filter a method `{}`; rename one",
                    first.name,
                    filter.field.name,
                    filter.getter()
                ),
            );
        }
    }
}

fn check_identifier_lengths(entity: &Entity, diagnostics: &mut Diagnostics) {
    for identifier in entity.sql_identifiers() {
        if identifier.len() > naming::MAX_SQL_IDENTIFIER_LEN {
            diagnostics.push(
                &entity.origin,
                format!(
                    "SQL name `{identifier}` is {} bytes long, and PostgreSQL truncates names \
                     after {}; shorten the entity or field name",
                    identifier.len(),
                    naming::MAX_SQL_IDENTIFIER_LEN
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_entity_spec;

    fn check(name: &str, fields: &[&str]) -> Result<Entity, Vec<String>> {
        let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
        let mut diagnostics = Diagnostics::default();
        let spec = parse_entity_spec(name, &fields, &mut diagnostics);
        check_new_entity(&spec, &[], diagnostics).map_err(|diagnostics| {
            diagnostics
                .as_slice()
                .iter()
                .map(|diagnostic| diagnostic.message.clone())
                .collect()
        })
    }

    #[test]
    fn acronyms_are_written_as_words() {
        assert_eq!(
            check("HTTPServer", &["name:String"]).unwrap_err(),
            ["entity names are PascalCase: write `HttpServer` instead of `HTTPServer`"]
        );
        assert_eq!(
            check("ABC", &["name:String"]).unwrap_err(),
            ["entity names are PascalCase: write `Abc` instead of `ABC`"]
        );
        let entity = check("HttpServer", &["name:String"]).unwrap();
        assert_eq!(entity.module, "http_server");
        assert_eq!(entity.table, "http_servers");
        assert_eq!(entity.key_column(), "http_server_id");
    }

    #[test]
    fn a_capital_before_a_word_is_a_word() {
        let entity = check("OAuth2Client", &["name:String"]).unwrap();
        assert_eq!(entity.module, "o_auth2_client");
        assert_eq!(entity.table, "o_auth2_clients");
        assert_eq!(entity.key_column(), "o_auth2_client_id");
        assert_eq!(entity.repository_trait(), "OAuth2ClientRepository");
    }

    #[test]
    fn suggested_names_are_accepted() {
        // heck's own PascalCase of `a_b` is `AB`, which it would refuse.
        assert_eq!(
            check("a_b", &["name:String"]).unwrap_err(),
            ["entity names are PascalCase: write `Ab` instead of `a_b`"]
        );
        assert!(check("Ab", &["name:String"]).is_ok());
        assert_eq!(
            check("Widget", &["lastSeen:DateTime"]).unwrap_err(),
            ["field names are snake_case: write `last_seen` instead of `lastSeen`"]
        );
    }
}
