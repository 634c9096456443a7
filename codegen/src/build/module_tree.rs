//! A crate's source files, found the way the compiler finds them: from
//! `src/lib.rs`, following each `mod name;` to `name.rs` or `name/mod.rs`.

use std::path::{Path, PathBuf};

use crate::build::BuildError;

/// One source file of the crate.
pub struct ModuleFile {
    /// The file.
    pub path: PathBuf,
    /// Its module path from the crate root: `["user"]` for `src/user.rs`.
    pub module: Vec<String>,
    /// Its syntax.
    pub syntax: syn::File,
}

impl ModuleFile {
    /// Whether the file declares modules in other files, so that adding a
    /// module changes it.
    #[must_use]
    pub fn declares_modules(&self) -> bool {
        self.syntax
            .items
            .iter()
            .any(|item| matches!(item, syn::Item::Mod(module) if module.content.is_none()))
    }
}

/// Every file of the crate whose root is `root_file`, root first. Modules
/// under `#[cfg(test)]` are left out: they hold no wiring.
///
/// # Errors
///
/// Returns the first file that cannot be read or parsed, with its line.
pub fn module_files(root_file: &Path) -> Result<Vec<ModuleFile>, BuildError> {
    let mut files = Vec::new();
    let root_dir = root_file.parent().unwrap_or(Path::new("."));
    let mut pending = vec![(root_file.to_path_buf(), root_dir.to_path_buf(), Vec::new())];
    while let Some((path, dir, module)) = pending.pop() {
        let text = std::fs::read_to_string(&path).map_err(|error| BuildError {
            path: path.clone(),
            line: None,
            message: format!("cannot read it: {error}"),
        })?;
        let syntax = syn::parse_file(&text).map_err(|error| BuildError {
            path: path.clone(),
            line: Some(error.span().start().line),
            message: describe(&error),
        })?;
        for item in &syntax.items {
            let syn::Item::Mod(declaration) = item else {
                continue;
            };
            if declaration.content.is_some() || is_cfg_test(&declaration.attrs) {
                continue;
            }
            let name = declaration.ident.to_string();
            let child = [
                dir.join(format!("{name}.rs")),
                dir.join(&name).join("mod.rs"),
            ]
            .into_iter()
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| BuildError {
                path: path.clone(),
                line: Some(declaration.ident.span().start().line),
                message: format!("module `{name}` has no file `{name}.rs` or `{name}/mod.rs`"),
            })?;
            let mut child_module = module.clone();
            child_module.push(name.clone());
            pending.push((child, dir.join(&name), child_module));
        }
        files.push(ModuleFile {
            path,
            module,
            syntax,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// syn's message, or a useful one when the file does not even lex.
fn describe(error: &syn::Error) -> String {
    let message = error.to_string();
    if message == "cannot parse string into token stream" {
        "the file does not parse: an unclosed delimiter or string starts here; close it".to_owned()
    } else {
        format!("{message}; fix the syntax so the wiring can be written")
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}
