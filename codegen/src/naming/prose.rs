//! An entity's name in prose, for rustdoc: `user email`, `user emails`.

use super::{case::words, plural::pluralize};

/// Entity `entity` in prose: `user email` for `UserEmail`.
#[must_use]
pub fn human_name(entity: &str) -> String {
    words(entity).join(" ")
}

/// Entity `entity` in prose, plural: `user emails` for `UserEmail`. Only
/// the last word is plural, as in the table name.
#[must_use]
pub fn human_plural(entity: &str) -> String {
    let words = words(entity);
    match words.split_last() {
        Some((last, head)) if !head.is_empty() => {
            format!("{} {}", head.join(" "), pluralize(last))
        }
        Some((last, _)) => pluralize(last),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_prose() {
        assert_eq!(human_name("UserEmail"), "user email");
        assert_eq!(human_plural("UserEmail"), "user emails");
        assert_eq!(human_plural("Person"), "people");
        assert_eq!(human_plural("DeviceCategory"), "device categories");
        assert_eq!(human_plural(""), "");
    }
}
