//! `#[entity(...)]` attributes: each is parsed into a value that remembers
//! its span, and every problem is recorded rather than stopping at the
//! first.

use proc_macro2::Span;
use syn::{meta::ParseNestedMeta, spanned::Spanned};

use crate::source::Errors;

/// Attributes of the struct.
#[derive(Clone, Default)]
pub struct ContainerAttrs {
    /// `table = "devices"`.
    pub table: Option<syn::LitStr>,
    /// `crate = "my_data_model"`: the path of the crate that defines the
    /// `Entity` trait, for workspaces that name it otherwise.
    pub crate_path: Option<syn::Path>,
}

/// Attributes of a field.
#[derive(Clone, Default)]
pub struct FieldAttrs {
    /// `unique`, with its span.
    pub unique: Option<Span>,
    /// `index`, with its span.
    pub index: Option<Span>,
    /// `references = User`.
    pub references: Option<syn::Path>,
    /// `renamed_from = "old_name"`: the column's previous name, for the
    /// next `codegen migrate diff`.
    pub renamed_from: Option<syn::LitStr>,
    /// The first `#[entity]` attribute, if any, to point at.
    pub first: Option<syn::Attribute>,
}

const CONTAINER_KEYS: &str = "the struct attributes are `table = \"...\"` and `crate = \"...\"`";
const FIELD_KEYS: &str = "the field attributes are `unique`, `index`, `references = Entity` and `renamed_from = \"old\"`";

impl ContainerAttrs {
    pub(super) fn from_syn(attrs: &[syn::Attribute], errors: &mut Errors) -> Self {
        let mut parsed = Self::default();
        for attr in entity_attrs(attrs) {
            let result = attr.parse_nested_meta(|meta| {
                let key = key_of(&meta);
                match key.as_str() {
                    "table" => {
                        let value = string_value(&meta, "table", "devices")?;
                        set_once(&mut parsed.table, value, &meta, errors);
                    }
                    "crate" => {
                        let value = string_value(&meta, "crate", "data_model")?;
                        match value.parse::<syn::Path>() {
                            Ok(path) => set_once(&mut parsed.crate_path, path, &meta, errors),
                            Err(_) => errors.at(
                                &value,
                                format!("`{}` is not a path; write the crate's name, such as `data_model`", value.value()),
                            ),
                        }
                    }
                    _ => unknown(&meta, &key, CONTAINER_KEYS, errors)?,
                }
                Ok(())
            });
            if let Err(error) = result {
                errors.push(error);
            }
        }
        parsed
    }
}

impl FieldAttrs {
    pub(super) fn from_syn(attrs: &[syn::Attribute], errors: &mut Errors) -> Self {
        let mut parsed = Self::default();
        for attr in entity_attrs(attrs) {
            parsed.first.get_or_insert_with(|| attr.clone());
            let result = attr.parse_nested_meta(|meta| {
                let key = key_of(&meta);
                match key.as_str() {
                    "unique" => set_once(&mut parsed.unique, meta.path.span(), &meta, errors),
                    "index" => set_once(&mut parsed.index, meta.path.span(), &meta, errors),
                    "renamed_from" => {
                        let value = string_value(&meta, "renamed_from", "old_name")?;
                        set_once(&mut parsed.renamed_from, value, &meta, errors);
                    }
                    "references" => {
                        let value: syn::Path = meta.value()?.parse().map_err(|_| {
                            meta.error("`references` takes an entity's name: `#[entity(references = User)]`")
                        })?;
                        set_once(&mut parsed.references, value, &meta, errors);
                    }
                    _ => unknown(&meta, &key, FIELD_KEYS, errors)?,
                }
                Ok(())
            });
            if let Err(error) = result {
                errors.push(error);
            }
        }
        parsed
    }
}

fn entity_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("entity"))
}

fn key_of(meta: &ParseNestedMeta) -> String {
    meta.path.get_ident().map_or_else(
        || {
            quote::ToTokens::to_token_stream(&meta.path)
                .to_string()
                .replace(' ', "")
        },
        ToString::to_string,
    )
}

fn string_value(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<syn::LitStr> {
    meta.value()?.parse().map_err(|_| {
        meta.error(format!(
            "`{key}` takes a string: `#[entity({key} = \"{example}\")]`"
        ))
    })
}

/// Store `value` unless the key was given already, which is an error at the
/// second occurrence.
fn set_once<T>(slot: &mut Option<T>, value: T, meta: &ParseNestedMeta, errors: &mut Errors) {
    if slot.is_some() {
        let key = key_of(meta);
        errors.at(
            &meta.path,
            format!("duplicate `{key}` attribute; give it once"),
        );
    } else {
        *slot = Some(value);
    }
}

/// Record an unknown key and skip its value, so parsing goes on to the next.
fn unknown(meta: &ParseNestedMeta, key: &str, known: &str, errors: &mut Errors) -> syn::Result<()> {
    errors.at(
        &meta.path,
        format!("unknown entity attribute `{key}`; {known}"),
    );
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::Group>()?;
    }
    Ok(())
}
