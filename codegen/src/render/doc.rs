//! Rustdoc prose wrapped to a comfortable width, since rustfmt leaves
//! comments as they are.

/// The width doc text is wrapped to, not counting indentation and `/// `.
const DOC_WIDTH: usize = 80;

/// `text` broken into lines of at most `DOC_WIDTH` (80) characters at spaces
/// (a longer word stands alone on its line).
#[must_use]
pub fn wrap_doc(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > DOC_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        let text = "Returns [`Self::Error`] if the backend fails, if no device has this id, or if a unique value is already taken.";
        let lines = wrap_doc(text);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| line.len() <= DOC_WIDTH));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(wrap_doc("Add a device."), vec!["Add a device."]);
        assert!(wrap_doc("").is_empty());
    }
}
