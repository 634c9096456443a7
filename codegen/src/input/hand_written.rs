//! What a generated entity needs to know of a hand-written one it
//! references: the table and key column the migrations give it, for the
//! foreign key, and how the generated tests add one, for their samples;
//! or why codegen cannot tell. The generator finds them in the workspace
//! (`HandWrittenSources`).

/// How a generated entity references a hand-written one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandWritten {
    /// Its table.
    pub table: String,
    /// Its table's key column.
    pub key_column: String,
    /// The `RepositoryAccess` method that gives its repository.
    pub accessor: String,
    /// An expression of `cx` and `fresh` that adds one and gives it.
    pub add_sample: String,
}

/// Why a generated entity cannot reference a hand-written one, and how to
/// make it possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotReferenceable {
    /// What codegen did not find: "no migration in … creates its table".
    pub why: String,
    /// What the user can do about it.
    pub fix: String,
}

impl NotReferenceable {
    /// `why`, with the settings that give what codegen cannot find.
    #[must_use]
    pub fn settable(name: &str, why: String) -> Self {
        Self {
            why,
            fix: format!(
                "say in codegen.toml what it could not find: `[references.{name}]` with \
                 `table` (its table), `key` (that table's key column) and `add-sample` (an \
                 expression of `cx`, the test context, and `fresh`, a `u8` no other sample of \
                 the test uses, that adds a `{name}` and gives it)"
            ),
        }
    }
}
