//! "Did you mean …?": the known name closest to a mistyped one.

/// The candidate closest to `typed` by edit distance, ignoring case, if it
/// is close enough to be a typo (at most a third of its length, and 2).
#[must_use]
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_ascii_lowercase();
    let limit = (typed.chars().count() / 3).clamp(1, 2);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&typed, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let types = ["String", "bool", "i64", "DateTime", "User"];
        assert_eq!(closest("Strng", types), Some("String"));
        assert_eq!(closest("string", types), Some("String"));
        assert_eq!(closest("Datetime", types), Some("DateTime"));
        assert_eq!(closest("Usr", types), Some("User"));
        assert_eq!(closest("Widget", types), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
