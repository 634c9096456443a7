//! `#[derive(Entity)]`: the entity's metadata as an implementation of the
//! `Entity` trait, and a compile-time check of each reference.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::{
    naming,
    source::entity::{EntityStruct, parse_entity, table_of},
};

/// Expand `#[derive(Entity)]` on `input`.
///
/// On errors the output is every error, each at its span, plus a stub
/// implementation so that code using the entity does not fail a second
/// time.
#[must_use]
pub fn derive_entity(input: TokenStream) -> TokenStream {
    let item: syn::ItemStruct = match syn::parse2(input) {
        Ok(item) => item,
        Err(error) => {
            return syn::Error::new(
                error.span(),
                "`#[derive(Entity)]` works on structs with named fields only",
            )
            .to_compile_error();
        }
    };
    match parse_entity(&item) {
        Ok(entity) => implementation(&entity),
        Err(errors) => {
            let stub = stub(&item);
            let errors = errors.to_compile_error();
            quote! { #errors #stub }
        }
    }
}

fn crate_path(entity: &EntityStruct) -> syn::Path {
    entity
        .attrs
        .crate_path
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::data_model))
}

fn implementation(entity: &EntityStruct) -> TokenStream {
    let krate = crate_path(entity);
    let ident = &entity.ident;
    let name = ident.to_string();
    let table = table_of(entity);
    let key_column = naming::key_column(&name);
    let columns = entity.fields.iter().map(|field| {
        if field.ident == "id" {
            key_column.clone()
        } else {
            field.name()
        }
    });
    // Referencing `<Target as Entity>::TABLE` fails to compile, at the
    // target's name, unless the target is an entity.
    let reference_checks = entity.data_fields().filter_map(|field| {
        let target = field.attrs.references.as_ref()?;
        Some(quote_spanned! {target.span()=>
            let _ = <#target as #krate::Entity>::TABLE;
        })
    });
    quote! {
        #[automatically_derived]
        impl #krate::Entity for #ident {
            const NAME: &'static str = #name;
            const TABLE: &'static str = #table;
            const KEY_COLUMN: &'static str = #key_column;
            const COLUMNS: &'static [&'static str] = &[#(#columns),*];

            fn id(&self) -> #krate::__private::Ulid {
                self.id
            }

            fn created_at(&self) -> #krate::__private::DateTime<#krate::__private::Utc> {
                self.created_at
            }
        }

        const _: () = {
            #(#reference_checks)*
        };
    }
}

/// A stand-in implementation for a struct that failed its checks.
fn stub(item: &syn::ItemStruct) -> TokenStream {
    if !item.generics.params.is_empty() {
        return TokenStream::new();
    }
    let krate: syn::Path = syn::parse_quote!(::data_model);
    let ident = &item.ident;
    let name = ident.to_string();
    quote! {
        #[automatically_derived]
        impl #krate::Entity for #ident {
            const NAME: &'static str = #name;
            const TABLE: &'static str = "";
            const KEY_COLUMN: &'static str = "";
            const COLUMNS: &'static [&'static str] = &[];

            fn id(&self) -> #krate::__private::Ulid {
                ::core::unreachable!()
            }

            fn created_at(&self) -> #krate::__private::DateTime<#krate::__private::Utc> {
                ::core::unreachable!()
            }
        }
    }
}
