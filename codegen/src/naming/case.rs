//! Case conversion between `PascalCase` entity names and `snake_case`
//! module, table and field names, through `heck`, so that the generator
//! splits words the way serde and clap do.
//!
//! Where the word boundaries fall, in heck's reading: at a lowercase letter
//! or digit followed by a capital (`UserEmail`, `Vec2D`), and before the
//! last capital of a run followed by a lowercase letter (`HTTPServer` is
//! `http_server`, `OAuth2Session` is `o_auth2_session`). A digit takes the
//! case of what precedes it, so `A2B` and `X11DB` are single words.
//!
//! The checks accept exactly the names these conversions leave unchanged:
//! a name that round-trips is a name every derived name agrees on.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Split an identifier into lowercase words, as [`to_snake_case`] does:
/// `HTTPRequest2Log` is `http`, `request2`, `log`.
#[must_use]
pub fn words(identifier: &str) -> Vec<String> {
    to_snake_case(identifier)
        .split('_')
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `UserEmail` to `user_email`.
#[must_use]
pub fn to_snake_case(identifier: &str) -> String {
    identifier.to_snake_case()
}

/// `user_email` to `UserEmail`; always a name [`is_pascal_case`] accepts,
/// if it starts with an ASCII letter and has no other characters than
/// ASCII letters, digits and underscores.
#[must_use]
pub fn to_pascal_case(identifier: &str) -> String {
    // Twice: heck joins one-letter words into a run of capitals it then
    // reads as one word (`a_b` is `AB`, and `AB` is `Ab`). The second pass
    // reaches the name heck leaves alone, so a suggestion is never refused.
    identifier.to_upper_camel_case().to_upper_camel_case()
}

/// Whether `name` is an ASCII `PascalCase` identifier: a capital letter,
/// then letters and digits, each word capitalised and the rest lowercase
/// (`HttpServer`, not `HTTPServer`), as the Rust API guidelines write
/// acronyms.
///
/// That is the name heck's upper camel case leaves unchanged, which makes
/// `to_pascal_case(&to_snake_case(name)) == name`: two accepted names
/// never share a module or a key column.
#[must_use]
pub fn is_pascal_case(name: &str) -> bool {
    // heck ignores what has no case, so it would accept `Dévice` or `A-B`;
    // identifiers here are ASCII letters and digits.
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.to_upper_camel_case() == name
}

/// Whether `name` is an ASCII `snake_case` identifier: a lowercase letter,
/// then lowercase letters, digits and single underscores, not ending in one.
///
/// That is a name heck's snake case leaves unchanged, starting with an
/// ASCII lowercase letter.
#[must_use]
pub fn is_snake_case(name: &str) -> bool {
    // heck leaves `9lives` and `naïve` as they are: digits and non-ASCII
    // letters are a matter of identifiers and SQL, not of case.
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.is_ascii()
        && name.to_snake_case() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(to_snake_case("User"), "user");
        assert_eq!(to_snake_case("UserEmail"), "user_email");
        assert_eq!(to_snake_case("HTTPRequest"), "http_request");
        assert_eq!(to_snake_case("HTTPServer"), "http_server");
        // A single capital before a capitalised word is a word, as in heck and serde.
        assert_eq!(to_snake_case("OAuth2Session"), "o_auth2_session");
        assert_eq!(to_snake_case("OAuth2Client"), "o_auth2_client");
        assert_eq!(to_snake_case("Ipv4Address"), "ipv4_address");
        assert_eq!(to_snake_case("IPv4Address"), "i_pv4_address");
        assert_eq!(to_snake_case("already_snake"), "already_snake");
        assert_eq!(to_snake_case("lastSeen"), "last_seen");
    }

    #[test]
    fn digits_take_the_case_of_what_precedes_them() {
        // After a lowercase letter, a digit ends the word at the next capital.
        assert_eq!(to_snake_case("Vec2D"), "vec2_d");
        assert_eq!(to_snake_case("UserV2Beta"), "user_v2_beta");
        assert_eq!(to_snake_case("Http2Server"), "http2_server");
        // After a run of capitals it does not: unlike the hand-written
        // splitter heck replaced (`a2_b`, `x11_db`), these are one word.
        assert_eq!(to_snake_case("A2B"), "a2b");
        assert_eq!(to_snake_case("X11DB"), "x11db");
        assert_eq!(to_snake_case("MP3DB"), "mp3db");
        // Unless a capitalised word follows.
        assert_eq!(to_snake_case("MP3Player"), "mp3_player");
        assert_eq!(to_snake_case("HTTP2Server"), "http2_server");
    }

    #[test]
    fn words_are_the_snake_case_words() {
        assert_eq!(words("HTTPRequest2Log"), ["http", "request2", "log"]);
        assert_eq!(words("last_seen_at"), ["last", "seen", "at"]);
        assert_eq!(words("_private__thing_"), ["private", "thing"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn pascal_case_round_trips_simple_names() {
        for name in [
            "User",
            "UserEmail",
            "DeviceCategory",
            "OAuth2Session",
            "Vec2D",
        ] {
            assert_eq!(to_pascal_case(&to_snake_case(name)), name);
        }
        assert_eq!(to_pascal_case("last_seen_at"), "LastSeenAt");
        assert_eq!(to_pascal_case("device"), "Device");
        assert_eq!(to_pascal_case("user_device"), "UserDevice");
    }

    #[test]
    fn pascal_case_writes_acronyms_as_words() {
        assert_eq!(to_pascal_case("HTTPServer"), "HttpServer");
        assert_eq!(to_pascal_case("ABC"), "Abc");
        assert_eq!(to_pascal_case("MP3Player"), "Mp3Player");
        assert_eq!(to_pascal_case("A2B"), "A2b");
        // One-letter words: heck's `AB` is not a name it leaves alone.
        assert_eq!(to_pascal_case("a_b"), "Ab");
        assert_eq!(to_pascal_case("x_1"), "X1");
    }

    #[test]
    fn suggestions_are_accepted() {
        for name in [
            "device",
            "user_device",
            "a_b",
            "a_b_c",
            "x_1_y",
            "HTTPServer",
            "A2B",
            "X11DB",
            "ABC",
            "Device_Log",
            "my_a_b_thing",
        ] {
            let suggestion = to_pascal_case(name);
            assert!(is_pascal_case(&suggestion), "{name} suggests {suggestion}");
        }
        for name in ["lastSeen", "HTTPServer", "A2B", "_x", "x_", "a__b"] {
            let suggestion = to_snake_case(name);
            assert!(is_snake_case(&suggestion), "{name} suggests {suggestion}");
        }
    }

    #[test]
    fn case_checks() {
        assert!(is_pascal_case("Device"));
        assert!(is_pascal_case("OAuth2Session"));
        assert!(is_pascal_case("IPv4Address"));
        assert!(is_pascal_case("Vec2D"));
        assert!(is_pascal_case("A"));
        assert!(!is_pascal_case("device"));
        assert!(!is_pascal_case("2Device"));
        assert!(!is_pascal_case("Dévice"));
        assert!(!is_pascal_case("Device_Log"));
        assert!(!is_pascal_case(""));
        // Acronyms are words: `HttpServer`, as `to_pascal_case` suggests.
        assert!(!is_pascal_case("HTTPServer"));
        assert!(!is_pascal_case("ABC"));
        assert!(!is_pascal_case("A2B"));
        assert!(is_pascal_case("HttpServer"));
        assert!(is_pascal_case("A2b"));

        assert!(is_snake_case("last_seen_at"));
        assert!(is_snake_case("ipv4"));
        assert!(is_snake_case("x_1"));
        assert!(!is_snake_case("lastSeen"));
        assert!(!is_snake_case("_private"));
        assert!(!is_snake_case("trailing_"));
        assert!(!is_snake_case("double__underscore"));
        assert!(!is_snake_case("9lives"));
        assert!(!is_snake_case("naïve"));
        assert!(!is_snake_case("kebab-case"));
        assert!(!is_snake_case(""));
    }
}
