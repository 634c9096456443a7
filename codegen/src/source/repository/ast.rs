//! A repository trait as written, with each method's arguments named so
//! that forwarding implementations can pass them on.

use crate::source::Errors;

/// A repository trait.
#[derive(Clone)]
pub struct RepositoryTrait {
    /// The trait, unchanged.
    pub item: syn::ItemTrait,
    /// Its methods, in order.
    pub methods: Vec<RepositoryMethod>,
}

/// A method of a repository trait.
#[derive(Clone)]
pub struct RepositoryMethod {
    /// The signature, with every argument bound to a plain name.
    pub sig: syn::Signature,
    /// Those names, in order, after `self`.
    pub arguments: Vec<syn::Ident>,
}

impl RepositoryTrait {
    pub(super) fn from_syn(item: &syn::ItemTrait, _errors: &mut Errors) -> Self {
        let methods = item
            .items
            .iter()
            .filter_map(|item| match item {
                syn::TraitItem::Fn(method) => Some(RepositoryMethod::from_signature(&method.sig)),
                _ => None,
            })
            .collect();
        Self {
            item: item.clone(),
            methods,
        }
    }

    /// The trait's name.
    #[must_use]
    pub const fn ident(&self) -> &syn::Ident {
        &self.item.ident
    }
}

impl RepositoryMethod {
    /// Name every argument: a plain `name: T` keeps its name, any other
    /// pattern (`_`, `mut x`, a tuple) becomes `__argN`.
    fn from_signature(sig: &syn::Signature) -> Self {
        let mut sig = sig.clone();
        let mut arguments = Vec::new();
        for (index, input) in sig.inputs.iter_mut().enumerate() {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            let ident = match &*typed.pat {
                syn::Pat::Ident(pat)
                    if pat.by_ref.is_none() && pat.mutability.is_none() && pat.subpat.is_none() =>
                {
                    pat.ident.clone()
                }
                _ => quote::format_ident!("__arg{}", index),
            };
            *typed.pat = syn::parse_quote!(#ident);
            typed.attrs.clear();
            arguments.push(ident);
        }
        Self { sig, arguments }
    }
}
