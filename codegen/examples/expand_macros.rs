//! Rewrites Rust files with `#[derive(Entity)]` and `#[repository]`
//! replaced by what they expand to, for the benchmark that compares
//! `cargo check` with the macros against the same code written out
//! (`scripts/bench-macros.sh`).
//!
//! ```text
//! cargo run --example expand_macros -- <file.rs>...
//! ```
//!
//! Comments other than doc comments are dropped and the output is not
//! formatted: it is for the compiler, not for people.

use std::process::ExitCode;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        if let Err(error) = expand_file(&path) {
            eprintln!("{path}: {error}");
            status = ExitCode::FAILURE;
        }
    }
    status
}

fn expand_file(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let file = syn::parse_file(&text)?;
    let attrs = file.attrs.iter().map(ToTokens::to_token_stream);
    let items: Vec<TokenStream> = file.items.into_iter().map(expand_item).collect();
    std::fs::write(path, quote!(#(#attrs)* #(#items)*).to_string())?;
    Ok(())
}

fn expand_item(item: syn::Item) -> TokenStream {
    match item {
        syn::Item::Struct(mut item) if codegen::source::entity::derives_entity(&item) => {
            let expansion = codegen::expand::derive_entity(item.to_token_stream());
            remove_entity_derive(&mut item);
            quote!(#item #expansion)
        }
        syn::Item::Trait(mut item) => {
            let position = item
                .attrs
                .iter()
                .position(|attr| attr.path().is_ident("repository"));
            match position {
                Some(position) => {
                    let attr = item.attrs.remove(position);
                    let args = match attr.meta {
                        syn::Meta::List(list) => list.tokens,
                        _ => TokenStream::new(),
                    };
                    codegen::expand::repository(args, item.to_token_stream())
                }
                None => item.to_token_stream(),
            }
        }
        syn::Item::Use(mut item) => {
            // The attribute is gone with the macros: stop importing it.
            drop_import(&mut item.tree, "repository");
            item.to_token_stream()
        }
        other => other.to_token_stream(),
    }
}

/// Remove `name` from a group of imports such as `crate::{Page, repository}`.
fn drop_import(tree: &mut syn::UseTree, name: &str) {
    match tree {
        syn::UseTree::Path(path) => drop_import(&mut path.tree, name),
        syn::UseTree::Group(group) => {
            let kept = std::mem::take(&mut group.items)
                .into_iter()
                .filter(|item| !matches!(item, syn::UseTree::Name(n) if n.ident == name));
            group.items = kept.collect();
            for item in &mut group.items {
                drop_import(item, name);
            }
        }
        _ => {}
    }
}

/// Drop `Entity` from the derives and every `#[entity(...)]` attribute.
fn remove_entity_derive(item: &mut syn::ItemStruct) {
    item.attrs.retain(|attr| !attr.path().is_ident("entity"));
    for attr in &mut item.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept = paths
            .into_iter()
            .filter(|path| path.segments.last().is_none_or(|s| s.ident != "Entity"));
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    for field in &mut item.fields {
        field.attrs.retain(|attr| !attr.path().is_ident("entity"));
    }
}
