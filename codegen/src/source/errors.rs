//! Collecting every error of one input before reporting, so the user sees
//! all of them at once, each at its own span.

use std::fmt::Display;

use quote::ToTokens;

/// Errors found so far, combined into one `syn::Error` that reports each at
/// its span.
#[derive(Debug, Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    /// Record `message` at the span of `tokens`.
    pub fn at(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Record an error.
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Whether nothing was recorded.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `Ok(value)` if nothing was recorded, every error otherwise.
    ///
    /// # Errors
    ///
    /// Returns the combined errors when there are any.
    pub fn finish<T>(self, value: T) -> syn::Result<T> {
        match self.0 {
            Some(errors) => Err(errors),
            None => Ok(value),
        }
    }
}
