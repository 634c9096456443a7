//! How codegen tells the data-model structs it manages from the others, and
//! reads what their fields are (unique, indexed, a reference): this
//! toolkit's `Entity` derive, or comments, for a workspace that should
//! depend on nothing of this toolkit.

/// How the structs codegen manages are marked (`entity-marks` in
/// `codegen.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "generator",
    derive(serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
pub enum EntityMarks {
    /// `#[derive(Entity)]` on the struct (the `[runtime] entity` path) and
    /// `#[entity(unique)]` on a field.
    #[default]
    Derive,
    /// `// codegen:entity` above the struct and `// codegen:entity(unique)`
    /// above a field: comments the compiler ignores, holding what the
    /// attributes would.
    Comments,
}

/// The comment that marks a struct, or holds a field's settings in
/// parentheses.
pub const ENTITY_COMMENT: &str = "// codegen:entity";
