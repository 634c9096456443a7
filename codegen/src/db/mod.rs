//! The `codegen db` commands: migrations and `.sqlx` offline data.
