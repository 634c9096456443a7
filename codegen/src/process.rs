//! Running external tools, and turning their failures into errors that show
//! the command line and what the tool said.

use std::{
    ffi::OsStr,
    io::{BufRead, BufReader, Read},
    process::{Command, ExitStatus, Output, Stdio},
};

use crate::Error;

/// How many trailing lines of a tool's output an error quotes: the cause is
/// nearly always at the end, and a whole build log would bury it.
const QUOTED_LINES: usize = 40;

/// Runs `command` to completion with its output captured.
///
/// # Errors
///
/// Fails when the program cannot be started or exits unsuccessfully; the
/// message holds the command line and the end of its stderr.
pub(super) fn run(command: &mut Command) -> Result<Output, Error> {
    let output = run_to_end(command)?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(failure(
            command,
            output.status,
            &output.stderr,
            &output.stdout,
        ))
    }
}

/// Runs `command` to completion with its output captured, whatever its
/// exit status.
///
/// # Errors
///
/// Fails only when the program cannot be started.
pub(super) fn run_to_end(command: &mut Command) -> Result<Output, Error> {
    command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| spawn_failure(command, &error))
}

/// Runs `command`, copying its stderr to ours as it comes so that a long
/// build shows progress, and keeping it for the error should it fail. Its
/// stdout is copied to our stderr too: codegen's stdout is for results.
///
/// # Errors
///
/// As [`run`].
pub(super) fn run_streaming(command: &mut Command) -> Result<(), Error> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| spawn_failure(command, &error))?;
    let stderr = child.stderr.take().map(|pipe| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            for line in BufReader::new(pipe).split(b'\n').map_while(Result::ok) {
                eprintln!("{}", String::from_utf8_lossy(&line));
                kept.extend_from_slice(&line);
                kept.push(b'\n');
            }
            kept
        })
    });
    let mut stdout = Vec::new();
    if let Some(mut pipe) = child.stdout.take() {
        // A read error only loses output we would have echoed; the exit
        // status below still decides success.
        let _ = pipe.read_to_end(&mut stdout);
    }
    let status = child
        .wait()
        .map_err(|error| spawn_failure(command, &error))?;
    let stderr = stderr
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    eprint!("{}", String::from_utf8_lossy(&stdout));
    if status.success() {
        Ok(())
    } else {
        Err(failure(command, status, &stderr, &stdout))
    }
}

/// The command line of `command`, quoted as a POSIX shell would need it.
/// The environment is left out on purpose: it may hold a password.
pub(super) fn command_line(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(shell_word)
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_word(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,^".contains(c));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn spawn_failure(command: &Command, error: &std::io::Error) -> Error {
    Error::Tool(format!(
        "could not run `{}`: {error}",
        command_line(command)
    ))
}

/// The error for a tool that exited unsuccessfully. Tools that report on
/// stdout only (some do) are quoted from there.
pub(super) fn failure(
    command: &Command,
    status: ExitStatus,
    stderr: &[u8],
    stdout: &[u8],
) -> Error {
    let said = if String::from_utf8_lossy(stderr).trim().is_empty() {
        stdout
    } else {
        stderr
    };
    let quoted = quote_tail(&String::from_utf8_lossy(said));
    let quoted = if quoted.is_empty() {
        "  (it printed nothing)\n".to_owned()
    } else {
        quoted
    };
    Error::Tool(format!(
        "`{}` failed ({status}):\n{}",
        command_line(command),
        quoted.trim_end()
    ))
}

/// The last [`QUOTED_LINES`] lines of `text`, indented, with a note of how
/// many came before.
pub(super) fn quote_tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let skipped = lines.len().saturating_sub(QUOTED_LINES);
    let mut quoted = String::new();
    if skipped > 0 {
        quoted.push_str(&format!("  ... ({skipped} earlier lines left out)\n"));
    }
    for line in &lines[skipped..] {
        quoted.push_str("  ");
        quoted.push_str(line);
        quoted.push('\n');
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_quotes_only_words_that_need_it() {
        let mut command = Command::new("sqlx");
        command.args(["migrate", "run", "--source", "/a b/it's", "--x=^0.9", ""]);
        assert_eq!(
            command_line(&command),
            r"sqlx migrate run --source '/a b/it'\''s' --x=^0.9 ''"
        );
    }

    #[test]
    fn quote_tail_keeps_the_end_of_long_output() {
        let text: String = (1..=45).map(|n| format!("line {n}\n")).collect();
        let quoted = quote_tail(&text);
        assert!(quoted.starts_with("  ... (5 earlier lines left out)\n  line 6\n"));
        assert!(quoted.ends_with("  line 45\n"));
        assert_eq!(quote_tail("\n  \n"), "");
    }

    #[test]
    fn a_failure_shows_the_command_and_its_stderr() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo oops >&2; exit 3"]);
        let message = run(&mut command).unwrap_err().to_string();
        assert_eq!(
            message,
            "`sh -c 'echo out; echo oops >&2; exit 3'` failed (exit status: 3):\n  oops"
        );
    }

    #[test]
    fn a_failure_without_stderr_quotes_stdout() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; exit 1"]);
        let message = run_streaming(&mut command).unwrap_err().to_string();
        assert!(
            message.ends_with("failed (exit status: 1):\n  out"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_program_is_named() {
        let mut command = Command::new("codegen-no-such-program");
        let message = run(&mut command).unwrap_err().to_string();
        assert!(
            message.starts_with("could not run `codegen-no-such-program`: "),
            "{message}"
        );
    }
}
