//! Which Rust types an entity field may have, and what each is to the
//! generator.

use crate::model::ScalarType;

/// The scalar type of a field's Rust type, and whether it is an `Option`;
/// `None` for a type the generator does not support.
///
/// Types are recognised by their last path segment, so `chrono::NaiveDate`
/// and an imported `NaiveDate` are the same.
#[must_use]
pub fn classify(ty: &syn::Type) -> Option<(ScalarType, bool)> {
    if let Some(inner) = generic_argument(ty, "Option") {
        return scalar(inner).map(|scalar| (scalar, true));
    }
    scalar(ty).map(|scalar| (scalar, false))
}

fn scalar(ty: &syn::Type) -> Option<ScalarType> {
    let segment = last_segment(ty)?;
    let name = segment.ident.to_string();
    let scalar = match name.as_str() {
        "String" => ScalarType::String,
        "bool" => ScalarType::Bool,
        "i16" => ScalarType::I16,
        "i32" => ScalarType::I32,
        "i64" => ScalarType::I64,
        "f32" => ScalarType::F32,
        "f64" => ScalarType::F64,
        "Uuid" => ScalarType::Uuid,
        "Ulid" => ScalarType::Ulid,
        "NaiveDate" => ScalarType::Date,
        "Value" => ScalarType::Json,
        "DateTime" => {
            let utc = generic_argument(ty, "DateTime").and_then(last_segment)?;
            return (utc.ident == "Utc").then_some(ScalarType::DateTime);
        }
        "Vec" => {
            let byte = generic_argument(ty, "Vec").and_then(last_segment)?;
            return (byte.ident == "u8").then_some(ScalarType::Bytes);
        }
        _ => return None,
    };
    segment.arguments.is_empty().then_some(scalar)
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// `T` in `Wrapper<T>`, if `ty` is a `wrapper` with one type argument.
fn generic_argument<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let segment = last_segment(ty)?;
    if segment.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    let mut types = arguments.args.iter().filter_map(|argument| match argument {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    let first = types.next()?;
    types.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_str(ty: &str) -> Option<(ScalarType, bool)> {
        classify(&syn::parse_str(ty).unwrap())
    }

    #[test]
    fn supported_types() {
        assert_eq!(classify_str("String"), Some((ScalarType::String, false)));
        assert_eq!(classify_str("Option<i64>"), Some((ScalarType::I64, true)));
        assert_eq!(
            classify_str("chrono::DateTime<chrono::Utc>"),
            Some((ScalarType::DateTime, false))
        );
        assert_eq!(
            classify_str("Option<DateTime<Utc>>"),
            Some((ScalarType::DateTime, true))
        );
        assert_eq!(
            classify_str("serde_json::Value"),
            Some((ScalarType::Json, false))
        );
        assert_eq!(classify_str("Vec<u8>"), Some((ScalarType::Bytes, false)));
        assert_eq!(classify_str("ulid::Ulid"), Some((ScalarType::Ulid, false)));
    }

    #[test]
    fn unsupported_types() {
        for ty in [
            "u32",
            "Vec<String>",
            "DateTime<Local>",
            "Option<Option<i64>>",
            "HashMap<String, i64>",
            "&str",
            "(i32, i32)",
        ] {
            assert_eq!(classify_str(ty), None, "{ty}");
        }
    }
}
