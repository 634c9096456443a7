//! `#[repository]`: the trait, unchanged, and the implementations that
//! forward every one of its methods through `Box<R>`, `&mut R` and the
//! error-mapping `MapErr<R, F>`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::source::repository::{RepositoryMethod, RepositoryTrait, parse_repository};

/// Expand `#[repository]` (with `args`, such as `crate = "storage"`) on
/// `input`.
///
/// On errors the output is every error plus the trait unchanged, so that
/// code using the trait does not fail a second time.
#[must_use]
pub fn repository(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: syn::ItemTrait = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(error) => {
            let error =
                syn::Error::new(error.span(), "`#[repository]` goes on a trait").to_compile_error();
            return quote! { #error #input };
        }
    };
    let krate = match parse_args(args) {
        Ok(krate) => krate,
        Err(error) => {
            let error = error.to_compile_error();
            return quote! { #error #item };
        }
    };
    match parse_repository(&item) {
        Ok(repository) => forwarding(&repository, &krate),
        Err(errors) => {
            let errors = errors.to_compile_error();
            quote! { #errors #item }
        }
    }
}

/// `crate = "path"`, the crate that defines `MapErr`; `::storage` without.
fn parse_args(args: TokenStream) -> syn::Result<syn::Path> {
    let mut krate: Option<syn::Path> = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            let value: syn::LitStr = meta.value()?.parse()?;
            krate = Some(value.parse()?);
            Ok(())
        } else {
            Err(meta.error("unknown repository argument; the only one is `crate = \"storage\"`"))
        }
    });
    syn::parse::Parser::parse2(parser, args)?;
    Ok(krate.unwrap_or_else(|| syn::parse_quote!(::storage)))
}

fn has_async_trait(item: &syn::ItemTrait) -> bool {
    item.attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "async_trait")
    })
}

fn forwarding(repository: &RepositoryTrait, krate: &syn::Path) -> TokenStream {
    let item = &repository.item;
    let name = repository.ident();
    // The trait needs `async_trait` to be object safe; add it unless the
    // user wrote it.
    let async_trait_on_trait =
        (!has_async_trait(item)).then(|| quote!(#[::async_trait::async_trait]));

    let boxed = repository
        .methods
        .iter()
        .map(|method| forward(method, |call| quote!((**self).#call.await)));
    let borrowed = repository
        .methods
        .iter()
        .map(|method| forward(method, |call| quote!((**self).#call.await)));
    let mapped = repository.methods.iter().map(|method| {
        forward(
            method,
            |call| quote!(self.inner.#call.await.map_err(&mut self.mapper)),
        )
    });
    quote! {
        #async_trait_on_trait
        #item

        #[::async_trait::async_trait]
        #[automatically_derived]
        impl<__R> #name for ::std::boxed::Box<__R>
        where
            __R: #name + ?::core::marker::Sized,
        {
            type Error = <__R as #name>::Error;
            #(#boxed)*
        }

        #[::async_trait::async_trait]
        #[automatically_derived]
        impl<__R> #name for &mut __R
        where
            __R: #name + ?::core::marker::Sized,
        {
            type Error = <__R as #name>::Error;
            #(#borrowed)*
        }

        #[::async_trait::async_trait]
        #[automatically_derived]
        impl<__R, __F, __E> #name for #krate::MapErr<__R, __F>
        where
            __R: #name,
            __F: ::core::ops::FnMut(<__R as #name>::Error) -> __E
                + ::core::marker::Send
                + ::core::marker::Sync,
        {
            type Error = __E;
            #(#mapped)*
        }
    }
}

/// One forwarding method: the trait's signature, with a body that makes the
/// call `body` wraps.
fn forward(method: &RepositoryMethod, body: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let sig = &method.sig;
    let ident = &sig.ident;
    let arguments = &method.arguments;
    let body = body(quote!(#ident(#(#arguments),*)));
    quote! {
        #sig {
            #body
        }
    }
}
