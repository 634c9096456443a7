//! Regions of a generated file that the generator owns: the lines between
//! `// codegen:begin <name>` and `// codegen:end <name>`. `codegen sync`
//! rewrites them from the model; every line outside them is the person's
//! and stays byte for byte.

/// The comment that opens a region, before its name.
pub const BEGIN: &str = "// codegen:begin ";
/// The comment that closes a region, before its name.
pub const END: &str = "// codegen:end ";

/// A region's name and the byte range of its body: from the start of the
/// line after the `begin` marker to the start of the `end` marker's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The name after the marker.
    pub name: String,
    /// Where its body starts.
    pub start: usize,
    /// Where its body ends (the start of the `end` marker's line).
    pub end: usize,
}

/// Every region of `text`, in order.
///
/// # Errors
///
/// Returns a sentence naming the line of a marker that does not pair up.
pub fn regions(text: &str) -> Result<Vec<Region>, String> {
    let mut regions = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let marker = line.trim();
        if let Some(name) = marker.strip_prefix(BEGIN.trim_end()).map(str::trim) {
            if let Some((open_name, open_line, _)) = &open {
                return Err(format!(
                    "line {number}: region `{name}` begins inside region `{open_name}` (line {open_line}); \
                     add the missing `{END}{open_name}`"
                ));
            }
            open = Some((name.to_owned(), number, offset + line.len()));
        } else if let Some(name) = marker.strip_prefix(END.trim_end()).map(str::trim) {
            match open.take() {
                Some((open_name, _, start)) if open_name == name => regions.push(Region {
                    name: name.to_owned(),
                    start,
                    end: offset,
                }),
                Some((open_name, open_line, _)) => {
                    return Err(format!(
                        "line {number}: `{END}{name}` closes region `{open_name}` (line {open_line}); \
                         make the names match"
                    ));
                }
                None => {
                    return Err(format!(
                        "line {number}: `{END}{name}` has no `{BEGIN}{name}` above it"
                    ));
                }
            }
        }
        offset += line.len();
    }
    match open {
        Some((name, line, _)) => Err(format!(
            "line {line}: region `{name}` is never closed; add `{END}{name}` after it"
        )),
        None => Ok(regions),
    }
}

/// `existing` with each of its regions' bodies replaced by the body of the
/// region of the same name in `rendered`.
///
/// # Errors
///
/// Says which region is missing, or which markers do not pair up, in which
/// text.
pub fn splice(existing: &str, rendered: &str) -> Result<String, String> {
    let fresh = regions(rendered).map_err(|error| format!("in the rendered code, {error}"))?;
    let current = regions(existing)?;
    for region in &fresh {
        if !current.iter().any(|current| current.name == region.name) {
            return Err(format!(
                "region `{}` is missing: restore its `{BEGIN}{}` and `{END}{}` markers",
                region.name, region.name, region.name
            ));
        }
    }
    let mut result = String::with_capacity(existing.len());
    let mut copied = 0;
    for region in &current {
        result.push_str(&existing[copied..region.start]);
        match fresh.iter().find(|fresh| fresh.name == region.name) {
            Some(fresh) => result.push_str(&rendered[fresh.start..fresh.end]),
            // A region the generator no longer writes keeps what it has.
            None => result.push_str(&existing[region.start..region.end]),
        }
        copied = region.end;
    }
    result.push_str(&existing[copied..]);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXISTING: &str = "use a;\n\ntrait T {\n    type Error;\n\n    // codegen:begin methods\n    fn old(&mut self);\n    // codegen:end methods\n\n    /// Mine.\n    fn mine(&mut self);\n}\n";

    #[test]
    fn finds_region_bodies() {
        let found = regions(EXISTING).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "methods");
        assert_eq!(
            &EXISTING[found[0].start..found[0].end],
            "    fn old(&mut self);\n"
        );
    }

    #[test]
    fn splicing_keeps_every_line_outside_the_regions() {
        let rendered = "use b;\n\ntrait T {\n    // codegen:begin methods\n    fn new(&mut self);\n    fn other(&mut self);\n    // codegen:end methods\n}\n";
        let spliced = splice(EXISTING, rendered).unwrap();
        assert_eq!(
            spliced,
            "use a;\n\ntrait T {\n    type Error;\n\n    // codegen:begin methods\n    fn new(&mut self);\n    fn other(&mut self);\n    // codegen:end methods\n\n    /// Mine.\n    fn mine(&mut self);\n}\n"
        );
    }

    #[test]
    fn broken_markers_are_named_by_line() {
        assert!(
            regions("// codegen:begin a\n")
                .unwrap_err()
                .contains("line 1: region `a` is never closed")
        );
        assert!(
            regions("// codegen:end a\n")
                .unwrap_err()
                .contains("line 1")
        );
        assert!(
            regions("// codegen:begin a\n// codegen:end b\n")
                .unwrap_err()
                .contains("make the names match")
        );
        let missing = splice(
            "fn mine() {}\n",
            "// codegen:begin a\nx\n// codegen:end a\n",
        )
        .unwrap_err();
        assert!(missing.contains("region `a` is missing"), "{missing}");
    }
}
