//! What makes a trait a repository: an `Error` type, and methods that are
//! `async`, take `&mut self`, are not generic and return
//! `Result<_, Self::Error>`, so the trait stays object safe and every method
//! can be forwarded through `Box`, `&mut` and the error-mapping wrapper.

use syn::spanned::Spanned;

use crate::source::Errors;

pub(super) fn check(item: &syn::ItemTrait, errors: &mut Errors) {
    let name = &item.ident;
    if !item.generics.params.is_empty() {
        errors.at(
            &item.generics,
            format!("repository trait `{name}` cannot be generic: it is used as `dyn {name}`; remove the parameters"),
        );
    }
    let mut has_error_type = false;
    for trait_item in &item.items {
        match trait_item {
            syn::TraitItem::Type(ty) if ty.ident == "Error" && ty.generics.params.is_empty() => {
                has_error_type = true;
            }
            syn::TraitItem::Type(ty) => errors.at(
                &ty.ident,
                format!(
                    "repository traits have one associated type, `Error`; remove `{}` or make it a parameter of the methods that need it",
                    ty.ident
                ),
            ),
            syn::TraitItem::Const(constant) => errors.at(
                &constant.ident,
                format!(
                    "associated constant `{}` would make `{name}` unusable as `dyn {name}`; make it a method or a constant outside the trait",
                    constant.ident
                ),
            ),
            syn::TraitItem::Fn(method) => check_method(&method.sig, errors),
            other => errors.at(other, "repository traits hold only `type Error;` and `async fn` methods"),
        }
    }
    if !has_error_type {
        errors.at(
            name,
            format!("repository trait `{name}` needs an error type: add `type Error;`"),
        );
    }
}

fn check_method(sig: &syn::Signature, errors: &mut Errors) {
    let name = &sig.ident;
    if sig.asyncness.is_none() {
        errors.at(
            sig.fn_token,
            format!(
                "repository method `{name}` must be `async fn`: every call may wait on the database"
            ),
        );
    }
    if let Some(param) = sig.generics.type_params().next() {
        errors.at(
            param,
            format!(
                "generic method `{name}` would make the trait unusable behind `Box<dyn …>`; \
                 take a concrete type or a `&dyn Trait` instead"
            ),
        );
    } else if let Some(param) = sig.generics.const_params().next() {
        errors.at(
            param,
            format!("generic method `{name}` would make the trait unusable behind `Box<dyn …>`; remove the const parameter"),
        );
    }
    match sig.receiver() {
        Some(receiver) if is_mut_ref(receiver) => {}
        Some(receiver) => errors.at(
            receiver,
            format!("repository method `{name}` must take `&mut self`: it runs on the repository's connection"),
        ),
        None => errors.at(
            name,
            format!("repository method `{name}` must take `&mut self` as its first parameter"),
        ),
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, "repository methods cannot be variadic");
    }
    if !returns_self_error(&sig.output) {
        let span = match &sig.output {
            syn::ReturnType::Default => name.span(),
            syn::ReturnType::Type(_, ty) => ty.span(),
        };
        errors.push(syn::Error::new(
            span,
            format!("repository method `{name}` must return `Result<_, Self::Error>`, so that its errors can be mapped"),
        ));
    }
}

fn is_mut_ref(receiver: &syn::Receiver) -> bool {
    matches!(receiver.kind, syn::ReceiverKind::Reference(_, _, Some(_)))
}

/// Whether the return type is `Result<T, Self::Error>`.
fn returns_self_error(output: &syn::ReturnType) -> bool {
    let is_self_error = |ty: &syn::Type| {
        matches!(ty, syn::Type::Path(path)
            if path.qself.is_none()
                && path.path.segments.len() == 2
                && path.path.segments[0].ident == "Self"
                && path.path.segments[1].ident == "Error")
    };
    result_types(output).is_some_and(|types| types.len() == 2 && is_self_error(types[1]))
}

/// The type arguments of a return type `Result<…>` (by its last segment),
/// or `None` for any other.
pub fn result_types(output: &syn::ReturnType) -> Option<Vec<&syn::Type>> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(path) = &**ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    (last.ident == "Result").then(|| {
        arguments
            .args
            .iter()
            .filter_map(|argument| match argument {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect()
    })
}
