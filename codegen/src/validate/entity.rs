//! The checks that turn an [`UncheckedEntity`], from either front door,
//! into an [`Entity`]; and, for a new entity, the checks against the
//! workspace it joins.

use crate::{
    input::{EntitySpec, ExistingEntity},
    model::{Diagnostics, Entity, UncheckedEntity},
    naming,
    validate::{
        clashes::{check_clashes, check_duplicate_names},
        fields::check_field,
        names::check_entity_name,
        workspace::check_free,
    },
};

/// Check an entity as a front door read it (a command line lowered by
/// [`EntitySpec::lower`], or a data-model struct lowered by
/// [`crate::source::entity::lower`]), resolving its references among the
/// workspace's `existing` entities, and build its model. `diagnostics`
/// holds what the front door found already; the model is returned only if
/// it stays empty.
///
/// # Errors
///
/// Returns every problem found, the front door's included, in the order of
/// their origins.
pub fn check_entity(
    unchecked: &UncheckedEntity,
    existing: &[ExistingEntity],
    mut diagnostics: Diagnostics,
) -> Result<Entity, Diagnostics> {
    let (entity, _) = build(unchecked, existing, &mut diagnostics);
    finish(entity, diagnostics)
}

/// Check a new entity typed on the command line, as [`check_entity`] does,
/// and against the workspace's `existing` entities, whose names, tables and
/// modules it must not take. `diagnostics` holds what parsing found.
///
/// # Errors
///
/// Returns every problem found, parsing's included, in argument order.
pub fn check_new_entity(
    spec: &EntitySpec,
    existing: &[ExistingEntity],
    mut diagnostics: Diagnostics,
) -> Result<Entity, Diagnostics> {
    let unchecked = spec.lower();
    let (entity, name_ok) = build(&unchecked, existing, &mut diagnostics);
    if name_ok {
        check_free(&entity, existing, &mut diagnostics);
    }
    finish(entity, diagnostics)
}

/// The entity with the fields that passed their checks, and whether its
/// name did; every problem is recorded.
fn build(
    unchecked: &UncheckedEntity,
    existing: &[ExistingEntity],
    diagnostics: &mut Diagnostics,
) -> (Entity, bool) {
    let name = &unchecked.name;
    let module = unchecked
        .module
        .clone()
        .unwrap_or_else(|| naming::module_name(name));
    let name_ok = check_entity_name(name, &module, &unchecked.origin, diagnostics);
    let fields = unchecked
        .fields
        .iter()
        .filter_map(|field| check_field(field, name, existing, diagnostics))
        .collect();
    if unchecked.declared_fields == 0 {
        let example = if unchecked.origin.is_command_line() {
            "`name:String`"
        } else {
            "`pub name: String`"
        };
        diagnostics.push(
            &unchecked.origin,
            format!("entity `{name}` has no fields; give at least one, for example {example}"),
        );
    }
    check_duplicate_names(&unchecked.fields, diagnostics);
    let entity = Entity {
        name: name.clone(),
        table: unchecked
            .table
            .clone()
            .unwrap_or_else(|| naming::table_name(name)),
        module,
        fields,
        origin: unchecked.origin.clone(),
    };
    check_clashes(&entity, diagnostics);
    (entity, name_ok)
}

fn finish(entity: Entity, mut diagnostics: Diagnostics) -> Result<Entity, Diagnostics> {
    if diagnostics.is_empty() {
        check_identifier_lengths(&entity, &mut diagnostics);
    }
    diagnostics.sort_by_origin();
    diagnostics.finish(entity)
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
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::{input::parse_entity_spec, source::entity};

    fn messages(diagnostics: &Diagnostics) -> Vec<String> {
        diagnostics
            .as_slice()
            .iter()
            .map(|diagnostic| diagnostic.message.clone())
            .collect()
    }

    fn user() -> ExistingEntity {
        ExistingEntity {
            name: "User".to_owned(),
            module: "user".to_owned(),
            table: "users".to_owned(),
            path: PathBuf::from("src/user.rs"),
            derives_entity: true,
            model: None,
            hand_written: None,
        }
    }

    fn check(name: &str, fields: &[&str]) -> Result<Entity, Vec<String>> {
        let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
        let mut diagnostics = Diagnostics::default();
        let spec = parse_entity_spec(name, &fields, &mut diagnostics);
        check_new_entity(&spec, &[user()], diagnostics).map_err(|d| messages(&d))
    }

    /// `source`, a data-model struct, through the other front door.
    fn check_struct(source: &str) -> Result<Entity, Vec<String>> {
        let item: syn::ItemStruct = syn::parse_str(source).unwrap();
        let parsed = entity::parse_entity(&item).unwrap();
        let module = crate::naming::module_name(&item.ident.to_string());
        let unchecked = entity::lower(&parsed, Path::new("src/x.rs"), &module);
        let existing = [
            user(),
            ExistingEntity {
                name: item.ident.to_string(),
                module,
                table: String::new(),
                path: PathBuf::from("src/x.rs"),
                derives_entity: true,
                model: None,
                hand_written: None,
            },
        ];
        check_entity(&unchecked, &existing, Diagnostics::default()).map_err(|d| messages(&d))
    }

    const KEYS: &str = "pub id: Ulid, pub created_at: DateTime<Utc>,";

    #[test]
    fn no_field_takes_the_key_column() {
        let error = check("Gadget", &["gadget_id:Uuid"]).unwrap_err();
        assert!(error[0].contains("the key column"), "{error:?}");
        let error = check("Doohickey", &["doohickey:User"]).unwrap_err();
        assert!(
            error[0].contains("such as `doohickey_user:User`"),
            "{error:?}"
        );
        // The same rule, for a field added by hand to a struct.
        let error = check_struct(&format!(
            "#[derive(Entity)] pub struct Widget {{ {KEYS} pub widget_id: Uuid }}"
        ))
        .unwrap_err();
        assert!(
            error[0].contains("column `widget_id`, the key column"),
            "{error:?}"
        );
        let error = check_struct(&format!(
            "#[derive(Entity)] pub struct Widget {{ {KEYS} #[entity(references = User)] pub widget_id: Ulid }}"
        ))
        .unwrap_err();
        assert!(error[0].contains("such as `widget_user_id`"), "{error:?}");
    }

    #[test]
    fn no_field_gives_the_filter_a_method_it_has() {
        let error = check("X", &["new:bool"]).unwrap_err();
        assert!(
            error[0].contains("a method `new`, which it has already"),
            "{error:?}"
        );
        let error = check("X", &["active:bool", "with_active:bool"]).unwrap_err();
        assert!(
            error[0].contains(
                "`active` and `with_active` would both give `XFilter` a method `with_active`"
            ),
            "{error:?}"
        );
        // `default` is a getter beside the derived `Default`, which the
        // constructor names by its trait.
        assert!(check("X", &["default:bool"]).is_ok());
    }

    #[test]
    fn a_struct_meets_the_rules_of_the_command_line() {
        let error = check_struct(&format!(
            "#[derive(Entity)] pub struct Send {{ {KEYS} pub label: String, pub lastSeen: i64 }}"
        ))
        .unwrap_err();
        assert_eq!(error.len(), 2, "{error:?}");
        assert!(error[0].contains("Rust's prelude"), "{error:?}");
        assert!(error[1].contains("write `last_seen`"), "{error:?}");
        let error = check_struct(&format!(
            "#[derive(Entity)] pub struct Widget {{ {KEYS} #[entity(references = Widget)] pub parent_id: Ulid }}"
        ))
        .unwrap_err();
        assert!(error[0].contains("cannot reference itself"), "{error:?}");
        let error =
            check_struct(&format!("#[derive(Entity)] pub struct Widget {{ {KEYS} }}")).unwrap_err();
        assert!(
            error[0].contains("for example `pub name: String`"),
            "{error:?}"
        );
        let widget = check_struct(&format!(
            "#[derive(Entity)] pub struct Widget {{ {KEYS} #[entity(references = User)] pub cx_id: Ulid }}"
        ))
        .unwrap();
        assert_eq!(widget.fields[0].name, "cx");
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
