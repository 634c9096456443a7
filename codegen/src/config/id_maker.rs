//! How generated code makes a new entity's id: a function of the clock and
//! the rng (`new-id`, the reference stack's `new_id(clock, rng)`), or a
//! method on `Ulid` from a trait the workspace implements on it, called with
//! the creation time and the rng (`id-from-datetime`, as
//! `Ulid::from_datetime_with_rng(created_at, rng)`). Exactly one applies.

use super::ItemPath;

/// What makes a new id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdMaker {
    /// `new_id(clock, rng)`: `runtime.new-id`.
    Function(ItemPath),
    /// `Ulid::<method>(created_at, rng)`, the trait imported:
    /// `runtime.id-from-datetime`, the method's path through its trait
    /// (`my_model::UlidExt::from_datetime_with_rng`).
    UlidMethod(ItemPath),
}

impl IdMaker {
    /// The `[runtime]` key of the function.
    pub const FUNCTION_KEY: &'static str = "new-id";
    /// The `[runtime]` key of the method.
    pub const METHOD_KEY: &'static str = "id-from-datetime";

    /// Its key in `[runtime]`.
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::Function(_) => Self::FUNCTION_KEY,
            Self::UlidMethod(_) => Self::METHOD_KEY,
        }
    }

    /// The function's or the method's path.
    #[must_use]
    pub fn path(&self) -> &ItemPath {
        match self {
            Self::Function(path) | Self::UlidMethod(path) => path,
        }
    }

    /// What generated code imports to make an id: the function, or the
    /// trait that gives `Ulid` the method.
    #[must_use]
    pub fn import(&self) -> ItemPath {
        match self {
            Self::Function(path) => path.clone(),
            Self::UlidMethod(path) => path
                .as_str()
                .rsplit_once("::")
                .and_then(|(owner, _)| ItemPath::new(owner))
                .unwrap_or_else(|| path.clone()),
        }
    }

    /// The expression that makes an id, inside a method that has `clock`,
    /// `rng` and the creation time `created_at` in scope.
    #[must_use]
    pub fn expression(&self) -> String {
        match self {
            Self::Function(path) => format!("{}(clock, rng)", path.name()),
            Self::UlidMethod(path) => format!("Ulid::{}(created_at, rng)", path.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_called_with_the_clock_and_the_rng() {
        let maker = IdMaker::Function(ItemPath::new("shop_model::new_id").unwrap());
        assert_eq!(maker.expression(), "new_id(clock, rng)");
        assert_eq!(maker.import().as_str(), "shop_model::new_id");
        assert_eq!(maker.key(), "new-id");
    }

    #[test]
    fn a_method_is_called_on_ulid_with_its_trait_imported() {
        let maker = IdMaker::UlidMethod(
            ItemPath::new("tern_data_model::UlidExt::from_datetime_with_rng").unwrap(),
        );
        assert_eq!(
            maker.expression(),
            "Ulid::from_datetime_with_rng(created_at, rng)"
        );
        assert_eq!(maker.import().as_str(), "tern_data_model::UlidExt");
        assert_eq!(maker.key(), "id-from-datetime");
    }
}
