//! A wrapper that maps the errors of the repository inside it.

/// A repository whose errors pass through `mapper` on the way out.
///
/// Every repository trait is implemented for `MapErr<R, F>` when `R`
/// implements it, which is how a backend's error type is turned into
/// [`crate::RepositoryError`] behind a [`crate::BoxRepository`].
#[derive(Debug)]
pub struct MapErr<R, F> {
    /// The wrapped repository.
    pub inner: R,
    /// The function applied to each error of `inner`.
    pub mapper: F,
}

impl<R, F> MapErr<R, F> {
    /// Wrap `inner`, mapping its errors with `mapper`.
    pub const fn new(inner: R, mapper: F) -> Self {
        Self { inner, mapper }
    }
}
