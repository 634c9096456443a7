//! Case conversion between `PascalCase` entity names and `snake_case`
//! module, table and field names.

/// Split an identifier into lowercase words at case changes and underscores:
/// `HTTPRequest2Log` is `http`, `request2`, `log`.
#[must_use]
pub fn words(identifier: &str) -> Vec<String> {
    let chars: Vec<char> = identifier.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let previous = chars[index - 1];
            let next_is_lower = chars.get(index + 1).is_some_and(|n| n.is_lowercase());
            // A word starts at `aB` (lower then upper) and at the last capital
            // of an acronym followed by lowercase (`HTTPRequest`: at the `R`).
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `UserEmail` to `user_email`.
#[must_use]
pub fn to_snake_case(identifier: &str) -> String {
    words(identifier).join("_")
}

/// `user_email` to `UserEmail`.
#[must_use]
pub fn to_pascal_case(identifier: &str) -> String {
    words(identifier)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// Whether `name` is an ASCII `PascalCase` identifier: a capital letter, then
/// letters and digits.
#[must_use]
pub fn is_pascal_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is an ASCII `snake_case` identifier: a lowercase letter,
/// then lowercase letters, digits and single underscores, not ending in one.
#[must_use]
pub fn is_snake_case(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(to_snake_case("User"), "user");
        assert_eq!(to_snake_case("UserEmail"), "user_email");
        assert_eq!(to_snake_case("HTTPRequest"), "http_request");
        // A single capital before a capitalised word is a word, as in heck and serde.
        assert_eq!(to_snake_case("OAuth2Session"), "o_auth2_session");
        assert_eq!(to_snake_case("Ipv4Address"), "ipv4_address");
        assert_eq!(to_snake_case("already_snake"), "already_snake");
    }

    #[test]
    fn pascal_case_round_trips_simple_names() {
        for name in ["User", "UserEmail", "DeviceCategory"] {
            assert_eq!(to_pascal_case(&to_snake_case(name)), name);
        }
        assert_eq!(to_pascal_case("last_seen_at"), "LastSeenAt");
    }

    #[test]
    fn case_checks() {
        assert!(is_pascal_case("Device"));
        assert!(is_pascal_case("OAuth2Session"));
        assert!(!is_pascal_case("device"));
        assert!(!is_pascal_case("2Device"));
        assert!(!is_pascal_case("Dévice"));
        assert!(!is_pascal_case("Device_Log"));
        assert!(!is_pascal_case(""));

        assert!(is_snake_case("last_seen_at"));
        assert!(is_snake_case("ipv4"));
        assert!(!is_snake_case("lastSeen"));
        assert!(!is_snake_case("_private"));
        assert!(!is_snake_case("trailing_"));
        assert!(!is_snake_case("double__underscore"));
        assert!(!is_snake_case("9lives"));
        assert!(!is_snake_case("naïve"));
        assert!(!is_snake_case(""));
    }
}
