//! The command-line grammar of `new-entity`:
//!
//! ```text
//! <field> := <name>:<type>[?][:unique][:index]
//! ```
//!
//! Parsing splits the text and checks how the modifiers combine; the spec
//! is then lowered into the [`UncheckedEntity`] a data-model struct also
//! lowers into, whose names and types [`crate::validate`] checks for
//! either.

use crate::model::{
    Diagnostics, Origin, ScalarType, UncheckedEntity, UncheckedField, UncheckedType,
};

/// An entity as typed on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySpec {
    /// The entity name as typed.
    pub name: String,
    /// Where the name came from.
    pub origin: Origin,
    /// The fields that parsed, in the order typed.
    pub fields: Vec<FieldSpec>,
    /// How many fields were typed, parsed or not.
    pub typed_fields: usize,
}

/// One field as typed: `owner:User?:index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The part before the first `:`.
    pub name: String,
    /// The type, without `?`.
    pub type_name: String,
    /// Whether the type ended in `?`.
    pub nullable: bool,
    /// Whether `:unique` was given.
    pub unique: bool,
    /// Whether `:index` was given.
    pub index: bool,
    /// The argument it came from.
    pub origin: Origin,
}

impl EntitySpec {
    /// The entity as the checks read it, whichever front door it came by.
    /// Type words name a built-in type or, maybe, an entity.
    #[must_use]
    pub fn lower(&self) -> UncheckedEntity {
        UncheckedEntity {
            name: self.name.clone(),
            origin: self.origin.clone(),
            module: None,
            table: None,
            fields: self.fields.iter().map(FieldSpec::lower).collect(),
            declared_fields: self.typed_fields,
        }
    }
}

impl FieldSpec {
    fn lower(&self) -> UncheckedField {
        UncheckedField {
            name: self.name.clone(),
            ty: ScalarType::from_spec_name(&self.type_name).map_or_else(
                || UncheckedType::Named(self.type_name.clone()),
                UncheckedType::Scalar,
            ),
            nullable: self.nullable,
            unique: self.unique,
            indexed: self.index,
            renamed_from: None,
            origin: self.origin.clone(),
        }
    }
}

const MODIFIERS: &str = "the modifiers are `unique` and `index`";

/// Split the entity name and each field argument, recording every
/// malformed argument in `diagnostics` and leaving it out of the spec, so
/// that the rest can still be checked.
pub fn parse_entity_spec(
    name: &str,
    fields: &[String],
    diagnostics: &mut Diagnostics,
) -> EntitySpec {
    let specs = fields
        .iter()
        .enumerate()
        .filter_map(|(index, text)| parse_field(index + 1, text, diagnostics))
        .collect();
    EntitySpec {
        name: name.to_owned(),
        origin: Origin::Argument {
            position: 0,
            text: name.to_owned(),
        },
        fields: specs,
        typed_fields: fields.len(),
    }
}

fn parse_field(position: usize, text: &str, diagnostics: &mut Diagnostics) -> Option<FieldSpec> {
    let origin = Origin::Argument {
        position,
        text: text.to_owned(),
    };
    let mut parts = text.split(':');
    let name = parts.next().unwrap_or_default();
    let Some(type_part) = parts.next() else {
        let example = if name.is_empty() { "name" } else { name };
        diagnostics.push(
            &origin,
            format!("a field needs a type: write it as `{example}:<type>`, for example `{example}:String`"),
        );
        return None;
    };
    if name.is_empty() {
        diagnostics.push(
            &origin,
            "the field has no name: write it as `<name>:<type>`, for example `name:String`",
        );
        return None;
    }
    if let Some(stripped) = name.strip_suffix('?') {
        diagnostics.push(
            &origin,
            format!("`?` goes after the type: write `{stripped}:{type_part}?`"),
        );
        return None;
    }
    let (type_name, nullable) = match type_part.strip_suffix('?') {
        Some(type_name) => (type_name, true),
        None => (type_part, false),
    };
    if type_name.is_empty() {
        diagnostics.push(
            &origin,
            format!("field `{name}` has no type: write it as `{name}:<type>`, for example `{name}:String`"),
        );
        return None;
    }
    if type_name.contains('?') {
        diagnostics.push(
            &origin,
            format!("`{type_part}` has more than one `?`: a single `?` after the type makes the field nullable"),
        );
        return None;
    }
    let mut spec = FieldSpec {
        name: name.to_owned(),
        type_name: type_name.to_owned(),
        nullable,
        unique: false,
        index: false,
        origin: origin.clone(),
    };
    let mut valid = true;
    for modifier in parts {
        let flag = match modifier {
            "unique" => &mut spec.unique,
            "index" => &mut spec.index,
            "" => {
                diagnostics.push(&origin, format!("empty modifier in `{text}`; {MODIFIERS}"));
                valid = false;
                continue;
            }
            "?" => {
                diagnostics.push(
                    &origin,
                    format!("`?` goes right after the type: write `{name}:{type_name}?`"),
                );
                valid = false;
                continue;
            }
            unknown => {
                diagnostics.push(&origin, unknown_modifier_message(unknown));
                valid = false;
                continue;
            }
        };
        if *flag {
            diagnostics.push(
                &origin,
                format!("modifier `{modifier}` is given twice; give it once"),
            );
            valid = false;
        }
        *flag = true;
    }
    if spec.unique && spec.index {
        diagnostics.push(
            &origin,
            format!("`:index` is redundant on field `{name}`: `:unique` already creates an index; drop `:index`"),
        );
        valid = false;
    }
    if spec.unique && ScalarType::from_spec_name(type_name) == Some(ScalarType::Bool) {
        diagnostics.push(
            &origin,
            format!(
                "a unique `bool` field allows at most two rows; use `{name}:bool:index` \
                 or drop `:unique`"
            ),
        );
        valid = false;
    }
    valid.then_some(spec)
}

fn unknown_modifier_message(unknown: &str) -> String {
    let lowercase = unknown.to_ascii_lowercase();
    let suggestion = ["unique", "index"]
        .into_iter()
        .find(|known| lowercase == *known || lowercase.starts_with(&known[..3]));
    match suggestion {
        Some(known) => format!("unknown modifier `{unknown}`: did you mean `{known}`? {MODIFIERS}"),
        None => format!("unknown modifier `{unknown}`; {MODIFIERS}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(fields: &[&str]) -> Result<EntitySpec, Diagnostics> {
        let fields: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
        let mut diagnostics = Diagnostics::default();
        let spec = parse_entity_spec("Device", &fields, &mut diagnostics);
        diagnostics.finish(spec)
    }

    fn messages(fields: &[&str]) -> Vec<String> {
        parse(fields)
            .unwrap_err()
            .as_slice()
            .iter()
            .map(|diagnostic| diagnostic.message.clone())
            .collect()
    }

    #[test]
    fn full_grammar() {
        let spec = parse(&[
            "name:String:unique",
            "serial:i64:index",
            "notes:String?",
            "owner:User",
        ])
        .unwrap();
        let fields = &spec.fields;
        assert_eq!(fields.len(), 4);
        assert_eq!(
            (fields[0].name.as_str(), fields[0].type_name.as_str()),
            ("name", "String")
        );
        assert!(fields[0].unique && !fields[0].index && !fields[0].nullable);
        assert!(fields[1].index && !fields[1].unique);
        assert!(fields[2].nullable);
        assert_eq!(fields[3].type_name, "User");
        assert_eq!(
            fields[3].origin,
            Origin::Argument {
                position: 4,
                text: "owner:User".to_owned()
            }
        );
    }

    #[test]
    fn modifiers_in_any_order_with_nullable() {
        let spec = parse(&["code:String?:unique"]).unwrap();
        assert!(spec.fields[0].nullable && spec.fields[0].unique);
    }

    #[test]
    fn every_problem_is_reported() {
        let messages = messages(&[
            "name",
            "notes?:String",
            "a:String:uniq",
            "b:i64:index:index",
        ]);
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("`name:<type>`"));
        assert!(messages[1].contains("write `notes:String?`"));
        assert!(messages[2].contains("did you mean `unique`"));
        assert!(messages[3].contains("given twice"));
    }

    #[test]
    fn malformed_fields() {
        assert!(messages(&[""])[0].contains("needs a type"));
        assert!(messages(&[":String"])[0].contains("has no name"));
        assert!(messages(&["a:"])[0].contains("has no type"));
        assert!(messages(&["a:String??"])[0].contains("more than one `?`"));
        assert!(messages(&["a:String:"])[0].contains("empty modifier"));
        assert!(messages(&["a:String:?"])[0].contains("right after the type"));
        assert!(messages(&["a:String:unique:index"])[0].contains("redundant"));
        assert!(messages(&["a:String:primary"])[0].contains("unknown modifier `primary`"));
    }
}
