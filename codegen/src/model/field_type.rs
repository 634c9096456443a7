//! The types a field can have, and how each maps to Rust and PostgreSQL.

/// A built-in field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    /// `String`, `TEXT`.
    String,
    /// `bool`, `BOOLEAN`.
    Bool,
    /// `i16`, `SMALLINT`.
    I16,
    /// `i32`, `INTEGER`.
    I32,
    /// `i64`, `BIGINT`.
    I64,
    /// `f32`, `REAL`.
    F32,
    /// `f64`, `DOUBLE PRECISION`.
    F64,
    /// `Uuid`, `UUID`.
    Uuid,
    /// `Ulid`, stored as `UUID`.
    Ulid,
    /// `DateTime<Utc>`, `TIMESTAMP WITH TIME ZONE`.
    DateTime,
    /// `NaiveDate`, `DATE`.
    Date,
    /// `serde_json::Value`, `JSONB`.
    Json,
    /// `Vec<u8>`, `BYTEA`.
    Bytes,
}

impl ScalarType {
    /// Every scalar type, in the order `--help` lists them.
    pub const ALL: [Self; 13] = [
        Self::String,
        Self::Bool,
        Self::I16,
        Self::I32,
        Self::I64,
        Self::F32,
        Self::F64,
        Self::Uuid,
        Self::Ulid,
        Self::DateTime,
        Self::Date,
        Self::Json,
        Self::Bytes,
    ];

    /// The type as written in a field spec (`name:String`).
    #[must_use]
    pub const fn spec_name(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::Bool => "bool",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::F32 => "f32",
            Self::F64 => "f64",
            Self::Uuid => "Uuid",
            Self::Ulid => "Ulid",
            Self::DateTime => "DateTime",
            Self::Date => "Date",
            Self::Json => "Json",
            Self::Bytes => "Bytes",
        }
    }

    /// The type a field spec names, if it is a built-in one.
    #[must_use]
    pub fn from_spec_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|ty| ty.spec_name() == name)
    }

    /// The Rust type, as the generated modules import it.
    #[must_use]
    pub const fn rust_type(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::Bool => "bool",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::F32 => "f32",
            Self::F64 => "f64",
            Self::Uuid => "Uuid",
            Self::Ulid => "Ulid",
            Self::DateTime => "DateTime<Utc>",
            Self::Date => "NaiveDate",
            Self::Json => "serde_json::Value",
            Self::Bytes => "Vec<u8>",
        }
    }

    /// The type of a borrowed argument of this type (`find_by_*`).
    #[must_use]
    pub const fn argument_type(self) -> &'static str {
        match self {
            Self::String => "&str",
            Self::Json => "&serde_json::Value",
            Self::Bytes => "&[u8]",
            other => other.rust_type(),
        }
    }

    /// Whether values are passed by copy rather than by reference.
    #[must_use]
    pub const fn is_copy(self) -> bool {
        !matches!(self, Self::String | Self::Json | Self::Bytes)
    }

    /// How PostgreSQL knows this type: the one table the migrations'
    /// column types and the offline query data's type names both come from.
    #[must_use]
    pub const fn pg_type(self) -> PgType {
        let (sql, described) = match self {
            Self::String => ("TEXT", "Text"),
            Self::Bool => ("BOOLEAN", "Bool"),
            Self::I16 => ("SMALLINT", "Int2"),
            Self::I32 => ("INTEGER", "Int4"),
            Self::I64 => ("BIGINT", "Int8"),
            Self::F32 => ("REAL", "Float4"),
            Self::F64 => ("DOUBLE PRECISION", "Float8"),
            Self::Uuid | Self::Ulid => ("UUID", "Uuid"),
            Self::DateTime => ("TIMESTAMP WITH TIME ZONE", "Timestamptz"),
            Self::Date => ("DATE", "Date"),
            Self::Json => ("JSONB", "Jsonb"),
            Self::Bytes => ("BYTEA", "Bytea"),
        };
        PgType { sql, described }
    }

    /// The PostgreSQL column type, as the migrations declare it.
    #[must_use]
    pub const fn sql_type(self) -> &'static str {
        self.pg_type().sql
    }

    /// The imports (`use` paths) a module needs to name this type.
    #[must_use]
    pub const fn imports(self) -> &'static [&'static str] {
        match self {
            Self::Uuid => &["uuid::Uuid"],
            Self::Ulid => &["ulid::Ulid"],
            Self::DateTime => &["chrono::DateTime", "chrono::Utc"],
            Self::Date => &["chrono::NaiveDate"],
            _ => &[],
        }
    }

    /// A distinct, deterministic value of this type for sample number `n`
    /// (a `u8` in scope), as a Rust expression for the generated tests.
    #[must_use]
    pub fn sample_expression(self, field_name: &str) -> String {
        match self {
            Self::String => format!("format!(\"{field_name}-{{n}}\")"),
            Self::Bool => "n.is_multiple_of(2)".to_owned(),
            Self::I16 => "i16::from(n)".to_owned(),
            Self::I32 => "i32::from(n)".to_owned(),
            Self::I64 => "i64::from(n)".to_owned(),
            Self::F32 => "f32::from(n) + 0.5".to_owned(),
            Self::F64 => "f64::from(n) + 0.25".to_owned(),
            Self::Uuid => "uuid::Uuid::from_u128(u128::from(n) + 1)".to_owned(),
            Self::Ulid => "ulid::Ulid::from_parts(u64::from(n), u128::from(n) + 1)".to_owned(),
            Self::DateTime => {
                "chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::days(i64::from(n))".to_owned()
            }
            Self::Date => "chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() \
                           + chrono::Days::new(u64::from(n))"
                .to_owned(),
            Self::Json => "serde_json::json!({ \"n\": n })".to_owned(),
            Self::Bytes => "vec![n, 0xff]".to_owned(),
        }
    }
}

/// A PostgreSQL type, by the two names codegen writes it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PgType {
    /// As SQL spells it in a column definition or a cast: `TIMESTAMP WITH
    /// TIME ZONE`.
    pub sql: &'static str,
    /// As sqlx describes it in `.sqlx` offline data (its `PgType` variant):
    /// `Timestamptz`.
    pub described: &'static str,
}

/// A field that points at another entity's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The referenced entity (`User`).
    pub entity: String,
    /// Its module (`user`).
    pub module: String,
    /// The `RepositoryAccess` method that gives its repository: its module
    /// for an entity codegen manages.
    pub accessor: String,
    /// Its table (`users`).
    pub table: String,
    /// Its key column (`user_id`).
    pub key_column: String,
    /// For a hand-written entity, an expression of `cx` and `fresh` that
    /// adds one in the generated tests and gives it; `None` for one codegen
    /// manages, whose tests have an `add_sample` of their own.
    pub add_sample: Option<String>,
}

/// The type of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// A built-in type.
    Scalar(ScalarType),
    /// A reference to another entity, held as its id.
    Reference(Reference),
}

impl FieldType {
    /// The scalar the field holds: references hold a [`ScalarType::Ulid`].
    #[must_use]
    pub const fn scalar(&self) -> ScalarType {
        match self {
            Self::Scalar(scalar) => *scalar,
            Self::Reference(_) => ScalarType::Ulid,
        }
    }

    /// The reference, if the field is one.
    #[must_use]
    pub const fn reference(&self) -> Option<&Reference> {
        match self {
            Self::Scalar(_) => None,
            Self::Reference(reference) => Some(reference),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names_round_trip() {
        for ty in ScalarType::ALL {
            assert_eq!(ScalarType::from_spec_name(ty.spec_name()), Some(ty));
        }
        assert_eq!(ScalarType::from_spec_name("string"), None);
        assert_eq!(ScalarType::from_spec_name("Device"), None);
    }

    #[test]
    fn borrowed_arguments_for_owned_types() {
        assert_eq!(ScalarType::String.argument_type(), "&str");
        assert_eq!(ScalarType::Bytes.argument_type(), "&[u8]");
        assert_eq!(ScalarType::I64.argument_type(), "i64");
        assert!(!ScalarType::Json.is_copy());
        assert!(ScalarType::DateTime.is_copy());
    }
}
