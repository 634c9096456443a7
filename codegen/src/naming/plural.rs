//! English plurals for table names: `device` to `devices`, `person` to
//! `people`, `category` to `categories`.
//!
//! Good enough for the nouns entities are named after; a name it gets wrong
//! only makes an odd table name, never a wrong one, because every table name
//! is derived here.

/// Singular and plural forms that no rule produces.
const IRREGULAR: &[(&str, &str)] = &[
    ("analysis", "analyses"),
    ("axis", "axes"),
    ("child", "children"),
    ("criterion", "criteria"),
    ("datum", "data"),
    ("foot", "feet"),
    ("goose", "geese"),
    ("index", "indexes"),
    ("man", "men"),
    ("medium", "media"),
    ("mouse", "mice"),
    ("ox", "oxen"),
    ("person", "people"),
    ("phenomenon", "phenomena"),
    ("quiz", "quizzes"),
    ("tooth", "teeth"),
    ("woman", "women"),
];

/// Nouns whose plural is the word itself.
const UNCOUNTABLE: &[&str] = &[
    "data",
    "deer",
    "equipment",
    "feedback",
    "fish",
    "information",
    "metadata",
    "money",
    "news",
    "series",
    "sheep",
    "software",
    "species",
    "staff",
];

/// Words ending in `f` or `fe` whose plural ends in `ves`.
const F_TO_VES: &[&str] = &[
    "calf", "elf", "half", "knife", "leaf", "life", "loaf", "self", "shelf", "thief", "wife",
    "wolf",
];

/// Words ending in a consonant and `o` whose plural adds `es`.
const O_TO_OES: &[&str] = &["echo", "hero", "potato", "tomato", "veto"];

/// The plural of the lowercase English noun `word`.
#[must_use]
pub fn pluralize(word: &str) -> String {
    if UNCOUNTABLE.contains(&word) || IRREGULAR.iter().any(|&(_, plural)| plural == word) {
        return word.to_owned();
    }
    if let Some(&(_, plural)) = IRREGULAR.iter().find(|&&(singular, _)| singular == word) {
        return plural.to_owned();
    }
    if F_TO_VES.contains(&word) {
        let stem = word.strip_suffix("fe").or_else(|| word.strip_suffix('f'));
        return format!("{}ves", stem.unwrap_or(word));
    }
    if O_TO_OES.contains(&word) {
        return format!("{word}es");
    }
    if let Some(stem) = word.strip_suffix("sis") {
        return format!("{stem}ses");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| word.ends_with(end))
    {
        return format!("{word}es");
    }
    if let Some(stem) = word.strip_suffix('y')
        && stem.chars().last().is_some_and(|c| !"aeiou".contains(c))
    {
        return format!("{stem}ies");
    }
    format!("{word}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_plurals() {
        let cases = [
            ("device", "devices"),
            ("user", "users"),
            ("status", "statuses"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("batch", "batches"),
            ("wish", "wishes"),
            ("category", "categories"),
            ("key", "keys"),
            ("day", "days"),
            ("photo", "photos"),
            ("roof", "roofs"),
        ];
        for (singular, plural) in cases {
            assert_eq!(pluralize(singular), plural, "plural of {singular}");
        }
    }

    #[test]
    fn irregular_and_uncountable_plurals() {
        let cases = [
            ("person", "people"),
            ("child", "children"),
            ("knife", "knives"),
            ("leaf", "leaves"),
            ("hero", "heroes"),
            ("analysis", "analyses"),
            ("basis", "bases"),
            ("series", "series"),
            ("metadata", "metadata"),
        ];
        for (singular, plural) in cases {
            assert_eq!(pluralize(singular), plural, "plural of {singular}");
        }
    }

    #[test]
    fn plurals_stay_plural() {
        for plural in ["people", "children", "men", "data"] {
            assert_eq!(pluralize(plural), plural);
        }
    }
}
