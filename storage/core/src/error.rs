//! The error every boxed repository returns, whatever the backend.

/// An error from a repository, with the backend's own error as its source.
///
/// Backends keep their specific error types; [`crate::BoxRepository`] erases
/// them into this one so that callers depend on no backend.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct RepositoryError {
    source: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl RepositoryError {
    /// Wrap a backend error.
    pub fn from_error<E>(error: E) -> Self
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        Self {
            source: Box::new(error),
        }
    }

    /// The backend error, to downcast when a caller must tell errors apart.
    #[must_use]
    pub fn backend_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}
