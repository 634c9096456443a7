//! The `RepositoryAccess` wiring: one accessor per repository trait on the
//! trait itself, on `Box<R>`, on `MapErr<R, F>`, and on the PostgreSQL unit
//! of work.
//!
//! Build scripts write the whole wiring from these ([`repository_access`],
//! [`backend_repository_access`]); in inline mode the generator inserts the same
//! accessors, one at a time, into hand-kept source.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::naming;

/// The accessor of one repository: `user_email()` for
/// `crate::user_email::UserEmailRepository`.
#[derive(Clone)]
pub struct Accessor {
    /// The method: the trait's name without `Repository`, in snake_case.
    pub method: syn::Ident,
    /// The trait, by a path valid in the crate the accessor is written in.
    pub trait_path: syn::Path,
}

impl Accessor {
    /// The accessor of the trait at `trait_path`, named after its last
    /// segment; `None` if that name does not end in `Repository` or is
    /// nothing else.
    #[must_use]
    pub fn for_trait(trait_path: syn::Path) -> Option<Self> {
        let name = trait_path.segments.last()?.ident.to_string();
        let entity = naming::entity_of_repository_trait(&name)?;
        Some(Self {
            method: format_ident!("{}", naming::accessor_method(entity)),
            trait_path,
        })
    }

    /// One line of rustdoc for the accessor.
    #[must_use]
    pub fn doc(&self) -> String {
        let trait_name = self
            .trait_path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default();
        let path = quote::ToTokens::to_token_stream(&self.trait_path)
            .to_string()
            .replace(' ', "");
        format!("The [`{trait_name}`]({path}).")
    }

    fn return_type(&self) -> TokenStream {
        let trait_path = &self.trait_path;
        quote!(Box<dyn #trait_path<Error = Self::Error> + 'c>)
    }

    /// The declaration in `trait RepositoryAccess`, without its doc.
    #[must_use]
    pub fn declaration(&self) -> TokenStream {
        let method = &self.method;
        let output = self.return_type();
        quote!(fn #method<'c>(&'c mut self) -> #output;)
    }

    /// The method of `impl RepositoryAccess for Box<R>`.
    #[must_use]
    pub fn boxed(&self) -> TokenStream {
        let method = &self.method;
        let output = self.return_type();
        quote! {
            fn #method<'c>(&'c mut self) -> #output {
                (**self).#method()
            }
        }
    }

    /// The method of `impl RepositoryAccess for MapErr<R, F>`, `map_err`
    /// naming the wrapper's type.
    #[must_use]
    pub fn map_err(&self, map_err: &syn::Path) -> TokenStream {
        let method = &self.method;
        let output = self.return_type();
        quote! {
            fn #method<'c>(&'c mut self) -> #output {
                Box::new(#map_err::new(self.inner.#method(), &mut self.mapper))
            }
        }
    }

    /// The method of a backend's `impl RepositoryAccess`, which builds the
    /// backend's repository `implementation` on `connection`.
    #[must_use]
    pub fn backend(&self, implementation: &syn::Path, connection: &syn::Expr) -> TokenStream {
        let method = &self.method;
        let output = self.return_type();
        quote! {
            fn #method<'c>(&'c mut self) -> #output {
                Box::new(#implementation::new(#connection))
            }
        }
    }
}

/// The `RepositoryAccess` trait with an accessor for each of `accessors`,
/// and its implementations for `Box<R>` and for the `MapErr` at `map_err`.
#[must_use]
pub fn repository_access(accessors: &[Accessor], map_err: &syn::Path) -> TokenStream {
    let declarations = accessors.iter().map(|accessor| {
        let doc = format!(" {}", accessor.doc());
        let declaration = accessor.declaration();
        quote!(#[doc = #doc] #declaration)
    });
    let boxed = accessors.iter().map(Accessor::boxed);
    let mapped = accessors.iter().map(|accessor| accessor.map_err(map_err));
    quote! {
        /// Access to the repository of each entity.
        pub trait RepositoryAccess: ::core::marker::Send {
            /// The error every repository of this backend reports.
            type Error: ::std::error::Error + ::core::marker::Send + ::core::marker::Sync + 'static;
            #(#declarations)*
        }

        impl<R: RepositoryAccess + ?::core::marker::Sized> RepositoryAccess for ::std::boxed::Box<R> {
            type Error = R::Error;
            #(#boxed)*
        }

        impl<R, F, E> RepositoryAccess for #map_err<R, F>
        where
            R: RepositoryAccess,
            F: ::core::ops::FnMut(R::Error) -> E + ::core::marker::Send + ::core::marker::Sync + 'static,
            E: ::std::error::Error + ::core::marker::Send + ::core::marker::Sync + 'static,
        {
            type Error = E;
            #(#mapped)*
        }
    }
}

/// A backend's `impl RepositoryAccess for <unit_of_work>`: `access` is the
/// trait's path, `error` the backend's error type, and each accessor builds
/// its implementation (from `implementations`, in the same order) on
/// `connection`.
#[must_use]
pub fn backend_repository_access(
    access: &syn::Path,
    unit_of_work: &syn::Path,
    error: &syn::Path,
    connection: &syn::Expr,
    accessors: &[(Accessor, syn::Path)],
) -> TokenStream {
    let methods = accessors
        .iter()
        .map(|(accessor, implementation)| accessor.backend(implementation, connection));
    quote! {
        impl #access for #unit_of_work {
            type Error = #error;
            #(#methods)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_are_named_after_the_trait() {
        let accessor =
            Accessor::for_trait(syn::parse_quote!(crate::user_email::UserEmailRepository)).unwrap();
        assert_eq!(accessor.method, "user_email");
        assert_eq!(
            accessor.doc(),
            "The [`UserEmailRepository`](crate::user_email::UserEmailRepository)."
        );
        assert!(Accessor::for_trait(syn::parse_quote!(Repository)).is_none());
        assert!(Accessor::for_trait(syn::parse_quote!(crate::Clock)).is_none());
    }
}
