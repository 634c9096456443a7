//! Formatting the rendered Rust with rustfmt, so that what the generator
//! writes is exactly what `cargo fmt` would leave.
//!
//! Layout that depends on line width (a signature that fits on one line or
//! not, a chain of calls) is left to rustfmt rather than imitated. All files
//! and snippets go through one rustfmt process to keep the cost to one
//! start-up.

use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    process::Command,
};

use crate::{Error, process};

/// The Rust edition rustfmt parses and styles with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustEdition(pub String);

impl RustEdition {
    /// The edition of the crate at `crate_dir`, following
    /// `edition.workspace = true` to the workspace at `workspace_root`;
    /// 2021 when neither says.
    #[must_use]
    pub fn of_crate(workspace_root: &Path, crate_dir: &Path) -> Self {
        let read = |path: PathBuf| -> Option<toml::Table> {
            std::fs::read_to_string(path).ok()?.parse().ok()
        };
        let from_package = read(crate_dir.join("Cargo.toml")).and_then(|manifest| {
            let edition = manifest.get("package")?.get("edition")?.clone();
            Some(edition)
        });
        let edition = match from_package {
            Some(toml::Value::String(edition)) => Some(edition),
            Some(toml::Value::Table(_)) => {
                read(workspace_root.join("Cargo.toml")).and_then(|manifest| {
                    let edition = manifest.get("workspace")?.get("package")?.get("edition")?;
                    edition.as_str().map(str::to_owned)
                })
            }
            _ => None,
        };
        Self(edition.unwrap_or_else(|| "2021".to_owned()))
    }
}

/// How to run rustfmt for one workspace.
#[derive(Debug, Clone)]
pub struct Rustfmt {
    program: OsString,
    edition: RustEdition,
    config_dir: Option<PathBuf>,
}

/// The first line of the wrapper that gives a snippet of trait or impl items
/// a context rustfmt can parse.
const SNIPPET_HEADER: &str = "trait Snippet {";

impl Rustfmt {
    /// rustfmt as `cargo fmt` would run it in `workspace_root`: the program
    /// in `RUSTFMT` or on the `PATH`, and the workspace's `rustfmt.toml` if
    /// it has one.
    #[must_use]
    pub fn for_workspace(workspace_root: &Path, edition: RustEdition) -> Self {
        let config_dir = ["rustfmt.toml", ".rustfmt.toml"]
            .iter()
            .any(|name| workspace_root.join(name).is_file())
            .then(|| workspace_root.to_path_buf());
        Self {
            program: std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()),
            edition,
            config_dir,
        }
    }

    /// Format whole `files`, and `trait_snippets` (items indented for the
    /// body of a trait or impl), in place.
    ///
    /// # Errors
    ///
    /// Fails when rustfmt cannot run or rejects a file, which means a
    /// template produced invalid Rust.
    pub fn format(&self, files: &mut [String], trait_snippets: &mut [String]) -> Result<(), Error> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let write = |name: String, text: &str| -> Result<PathBuf, Error> {
            let path = dir.path().join(name);
            std::fs::write(&path, text).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Ok(path)
        };
        let mut file_paths = Vec::new();
        for (index, text) in files.iter().enumerate() {
            // rustfmt reads each file as a crate root, and follows the
            // modules it declares: each gets a folder of its own, where an
            // empty file stands for each module it declares.
            let folder = format!("file{index}");
            std::fs::create_dir(dir.path().join(&folder)).map_err(|source| Error::Io {
                path: dir.path().join(&folder),
                source,
            })?;
            for module in declared_modules(text) {
                write(format!("{folder}/{module}.rs"), "")?;
            }
            file_paths.push(write(format!("{folder}/lib.rs"), text)?);
        }
        let mut snippet_paths = Vec::new();
        for (index, text) in trait_snippets.iter().enumerate() {
            let wrapped = format!("{SNIPPET_HEADER}\n{text}\n}}\n");
            snippet_paths.push(write(format!("snippet{index}.rs"), &wrapped)?);
        }

        self.run(file_paths.iter().chain(&snippet_paths))?;

        for (text, path) in files.iter_mut().zip(&file_paths) {
            *text = read(path)?;
        }
        for (text, path) in trait_snippets.iter_mut().zip(&snippet_paths) {
            *text = unwrap_snippet(&read(path)?);
        }
        Ok(())
    }

    /// `snippet`, a trait or impl body's items formatted for a body at the
    /// top level (as [`Rustfmt::format`] gives them), formatted again for
    /// a body whose closing brace stands at `columns`, inside modules: the
    /// lines rustfmt breaks depend on how far in they start.
    ///
    /// # Errors
    ///
    /// As [`Rustfmt::format`].
    pub fn format_snippet_at(&self, snippet: &str, columns: usize) -> Result<String, Error> {
        let depth = columns / 4;
        if depth == 0 {
            return Ok(snippet.to_owned());
        }
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let path = dir.path().join("lib.rs");
        let wrapped = format!(
            "{}{SNIPPET_HEADER}\n{snippet}\n}}\n{}",
            "mod m {\n".repeat(depth),
            "}\n".repeat(depth)
        );
        std::fs::write(&path, wrapped).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        self.run(std::iter::once(&path))?;
        let formatted = read(&path)?;
        let margin = " ".repeat(4 * depth);
        let lines: Vec<&str> = formatted.lines().collect();
        // Between the wrappers' opening lines and their closing ones.
        let body = lines
            .get(depth..lines.len().saturating_sub(depth))
            .unwrap_or_default()
            .iter()
            .map(|line| line.strip_prefix(margin.as_str()).unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        Ok(unwrap_snippet(&format!("{body}\n")))
    }

    /// The files among `paths` that are not formatted as rustfmt would
    /// format them, each with the first line that differs.
    ///
    /// # Errors
    ///
    /// Fails when rustfmt cannot run or cannot parse a file.
    pub fn unformatted(&self, paths: &[PathBuf]) -> Result<Vec<(PathBuf, usize)>, Error> {
        let mut command = self.command();
        command.args(["--check", "--color", "never"]).args(paths);
        let output = self.output(&mut command)?;
        let mut found: Vec<(PathBuf, usize)> = Vec::new();
        // Each hunk starts `Diff in <path>:<line>:` followed by context
        // lines; the first `-` or `+` line is the first that differs.
        let mut hunk: Option<(PathBuf, usize)> = None;
        let mut any_diff = false;
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Some((path, start)) = line
                .strip_prefix("Diff in ")
                .and_then(|rest| rest.strip_suffix(':'))
                .and_then(|rest| rest.rsplit_once(':'))
            {
                any_diff = true;
                hunk = start.parse().ok().map(|start| (PathBuf::from(path), start));
            } else if let Some((path, line_number)) = &mut hunk {
                if line.starts_with(['-', '+']) {
                    // rustfmt also checks the modules a file declares; only
                    // the files asked about are reported.
                    if paths.contains(path) && !found.iter().any(|(seen, _)| seen == path) {
                        found.push((path.clone(), *line_number));
                    }
                    hunk = None;
                } else {
                    *line_number += 1;
                }
            }
        }
        // A failure with diffs only in files not asked about (modules the
        // generated files declare) is not the generator's to report.
        if found.is_empty() && !output.status.success() && !any_diff {
            return Err(Error::Tool(format!(
                "rustfmt cannot check the generated files:\n{}",
                String::from_utf8_lossy(&output.stderr).trim_end()
            )));
        }
        Ok(found)
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.arg("--edition").arg(&self.edition.0);
        if let Some(dir) = &self.config_dir {
            command.arg("--config-path").arg(dir);
        }
        command
    }

    /// Runs rustfmt as codegen runs every tool (see [`process`]): in its own
    /// process group, stopped when a signal comes.
    fn output(&self, command: &mut Command) -> Result<std::process::Output, Error> {
        process::run_to_end_or(command, |_, error| {
            Error::Tool(format!(
                "cannot run `{}` ({error}); install it with `rustup component add rustfmt`, \
                 or point the RUSTFMT variable at it",
                self.program.to_string_lossy()
            ))
        })
    }

    fn run<'a>(&self, paths: impl Iterator<Item = &'a PathBuf>) -> Result<(), Error> {
        let mut command = self.command();
        command.args(paths);
        let output = self.output(&mut command)?;
        if output.status.success() {
            Ok(())
        } else {
            Err(Error::Tool(format!(
                "rustfmt rejected the generated code, which is a bug in codegen's templates; \
                 please report it with this output:\n{}",
                String::from_utf8_lossy(&output.stderr)
            )))
        }
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The formatted items between the wrapper's first and last lines.
fn unwrap_snippet(formatted: &str) -> String {
    let body = formatted
        .strip_prefix(SNIPPET_HEADER)
        .and_then(|rest| rest.trim_end().strip_suffix('}'))
        .unwrap_or(formatted);
    let body = body.trim_matches('\n');
    format!("{body}\n")
}

/// The modules `text` declares in files of their own at its top level:
/// `mod name;`, whatever its attributes and visibility.
fn declared_modules(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let line = line
            .strip_prefix("pub(crate) ")
            .or_else(|| line.strip_prefix("pub "))
            .unwrap_or(line);
        line.strip_prefix("mod ")?.trim().strip_suffix(';')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_files_and_snippets_in_one_run() {
        let rustfmt = Rustfmt::for_workspace(Path::new("/nonexistent"), RustEdition("2024".into()));
        let mut files = ["fn  main( ) { let x=1 ; }".to_owned()];
        let mut snippets = ["fn a(&self)->u8{1}".to_owned()];
        rustfmt.format(&mut files, &mut snippets).unwrap();
        assert_eq!(files[0], "fn main() {\n    let x = 1;\n}\n");
        assert_eq!(snippets[0], "    fn a(&self) -> u8 {\n        1\n    }\n");
    }

    #[test]
    fn invalid_rust_is_reported_as_a_template_bug() {
        let rustfmt = Rustfmt::for_workspace(Path::new("/nonexistent"), RustEdition("2024".into()));
        let error = rustfmt
            .format(&mut ["fn (".to_owned()], &mut [])
            .unwrap_err()
            .to_string();
        assert!(error.contains("bug in codegen's templates"), "{error}");
    }

    #[test]
    fn unformatted_files_are_named_with_their_first_differing_line() {
        let dir = tempfile::tempdir().unwrap();
        let clean = dir.path().join("clean.rs");
        let messy = dir.path().join("messy.rs");
        std::fs::write(&clean, "fn main() {}\n").unwrap();
        std::fs::write(&messy, "fn main() {}\n\nfn a( ) {}\n").unwrap();
        let rustfmt = Rustfmt::for_workspace(dir.path(), RustEdition("2024".into()));

        let found = rustfmt.unformatted(&[clean, messy.clone()]).unwrap();

        assert_eq!(found, vec![(messy, 3)]);
    }

    /// A stand-in for rustfmt that starts a long child, writes its pid to
    /// `pid_file` and waits.
    #[cfg(unix)]
    fn hanging_rustfmt(dir: &Path, pid_file: &Path) -> Rustfmt {
        use std::os::unix::fs::PermissionsExt;
        let program = dir.join("rustfmt");
        std::fs::write(
            &program,
            format!(
                "#!/bin/sh\nsleep 30 &\necho $! > '{}'\nsleep 30\n",
                pid_file.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        Rustfmt {
            program: program.into(),
            edition: RustEdition("2024".into()),
            config_dir: None,
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_stops_rustfmt_and_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let rustfmt = hanging_rustfmt(dir.path(), &pid_file);
        let simulated = crate::interrupt::simulate();
        let started = std::time::Instant::now();

        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                while !std::fs::read_to_string(&pid_file).is_ok_and(|pid| pid.ends_with('\n')) {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                simulated.raise(signal_hook::consts::SIGINT);
            });
            rustfmt.format(&mut ["fn main() {}".to_owned()], &mut [])
        });

        assert!(
            matches!(result, Err(Error::Interrupted { signal: 2 })),
            "{result:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let child: u32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(process::ends_soon(child), "pid {child} still runs");
    }

    #[test]
    fn a_file_that_declares_a_module_of_its_own_is_formatted() {
        let mut files = vec![
            "//! A.\n\n#[cfg(test)]\npub(crate) mod tests;\nmod   other;\nfn  a() {}\n".to_owned(),
        ];
        assert_eq!(
            declared_modules(&files[0]).collect::<Vec<_>>(),
            ["tests", "other"]
        );
        let rustfmt = Rustfmt::for_workspace(Path::new("/nonexistent"), RustEdition("2024".into()));
        rustfmt.format(&mut files, &mut []).unwrap();
        assert_eq!(
            files[0],
            "//! A.\n\nmod other;\n#[cfg(test)]\npub(crate) mod tests;\nfn a() {}\n"
        );
    }

    #[test]
    fn a_snippet_is_formatted_for_the_depth_of_its_body() {
        let rustfmt = Rustfmt::for_workspace(Path::new("/nonexistent"), RustEdition("2024".into()));
        let snippet = "    fn gizmo<'c>(&'c mut self) -> Box<dyn crate::gizmo::GizmoRepository<Error = Self::Error> + 'c> {\n        (**self).gizmo()\n    }\n";
        assert_eq!(rustfmt.format_snippet_at(snippet, 0).unwrap(), snippet);
        let inside_a_module = rustfmt.format_snippet_at(snippet, 4).unwrap();
        assert!(
            inside_a_module.starts_with("    fn gizmo<'c>(\n        &'c mut self,\n    ) -> Box<"),
            "{inside_a_module}"
        );
        assert!(
            inside_a_module.ends_with("        (**self).gizmo()\n    }\n"),
            "{inside_a_module}"
        );
    }

    #[test]
    fn edition_follows_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let member = dir.path().join("member");
        std::fs::create_dir(&member).unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace.package]\nedition = \"2024\"\n",
        )
        .unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            "[package]\nname = \"m\"\nedition.workspace = true\n",
        )
        .unwrap();
        assert_eq!(RustEdition::of_crate(dir.path(), &member).0, "2024");

        std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"m\"\n").unwrap();
        assert_eq!(RustEdition::of_crate(dir.path(), &member).0, "2021");
    }
}
