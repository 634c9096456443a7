//! How a repository trait gets its forwarding implementations, for
//! `Box<R>` and the error-mapping wrapper: this toolkit's attribute on the
//! trait (`repository-attribute`), or the workspace's own `macro_rules!`
//! macro called after it with every method's signature
//! (`repository-macro`). Exactly one applies.

use super::ItemPath;

/// What forwards a repository trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forwarding {
    /// `#[repository]` on the trait: `runtime.repository-attribute`.
    Attribute(ItemPath),
    /// `repository_impl!(Trait: async fn …;);` after the trait:
    /// `runtime.repository-macro`.
    Macro(ItemPath),
}

impl Forwarding {
    /// The `[runtime]` key of the attribute.
    pub const ATTRIBUTE_KEY: &'static str = "repository-attribute";
    /// The `[runtime]` key of the macro.
    pub const MACRO_KEY: &'static str = "repository-macro";

    /// Its key in `[runtime]`.
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::Attribute(_) => Self::ATTRIBUTE_KEY,
            Self::Macro(_) => Self::MACRO_KEY,
        }
    }

    /// The attribute's or the macro's path.
    #[must_use]
    pub fn path(&self) -> &ItemPath {
        match self {
            Self::Attribute(path) | Self::Macro(path) => path,
        }
    }
}
