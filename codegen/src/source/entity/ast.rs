//! The entity as written: every node keeps its syntax, so that each later
//! error can point at the token it is about.

use proc_macro2::Span;

use crate::{
    model::ScalarType,
    source::{
        Errors,
        entity::{
            attr::{ContainerAttrs, FieldAttrs},
            types,
        },
    },
};

/// An entity struct and its attributes.
#[derive(Clone)]
pub struct EntityStruct {
    /// The struct's name.
    pub ident: syn::Ident,
    /// `#[entity(...)]` on the struct.
    pub attrs: ContainerAttrs,
    /// Every named field, in order, the id and creation time included.
    pub fields: Vec<EntityField>,
}

/// A field of an entity struct.
#[derive(Clone)]
pub struct EntityField {
    /// The field's name.
    pub ident: syn::Ident,
    /// Its type as written.
    pub ty: syn::Type,
    /// What the type is to the generator, if it is supported.
    pub kind: Option<(ScalarType, bool)>,
    /// `#[entity(...)]` on the field.
    pub attrs: FieldAttrs,
}

impl EntityStruct {
    /// Read a struct, recording attribute problems in `errors`; `None` if it
    /// cannot be an entity at all (tuple or unit struct, generic).
    pub(super) fn from_syn(item: &syn::ItemStruct, errors: &mut Errors) -> Option<Self> {
        let attrs = ContainerAttrs::from_syn(&item.attrs, errors);
        if !item.generics.params.is_empty() {
            errors.at(
                &item.generics,
                "an entity cannot be generic: its table has one fixed set of columns; \
                 remove the parameters",
            );
            return None;
        }
        let syn::Fields::Named(named) = &item.fields else {
            errors.at(
                &item.ident,
                format!(
                    "`{}` needs named fields to be an entity: \
                     `pub struct {} {{ pub id: Ulid, pub created_at: DateTime<Utc>, ... }}`",
                    item.ident, item.ident
                ),
            );
            return None;
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.clone()?;
                Some(EntityField {
                    kind: types::classify(&field.ty),
                    attrs: FieldAttrs::from_syn(&field.attrs, errors),
                    ty: field.ty.clone(),
                    ident,
                })
            })
            .collect();
        Some(Self {
            ident: item.ident.clone(),
            attrs,
            fields,
        })
    }

    /// The field named `name`.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&EntityField> {
        self.fields.iter().find(|field| field.ident == name)
    }

    /// The fields beyond the id and the creation time.
    pub fn data_fields(&self) -> impl Iterator<Item = &EntityField> {
        self.fields
            .iter()
            .filter(|field| field.ident != "id" && field.ident != "created_at")
    }

    /// Where the struct's name is, for errors about the whole struct.
    #[must_use]
    pub fn span(&self) -> Span {
        self.ident.span()
    }
}

impl EntityField {
    /// The field's name as a string.
    #[must_use]
    pub fn name(&self) -> String {
        self.ident.to_string()
    }
}
