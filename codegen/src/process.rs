//! Running external tools, and turning their failures into errors that show
//! the command line and what the tool said.
//!
//! Every child runs in a process group of its own ([`group`]), so that a
//! Ctrl-C at the terminal reaches codegen alone and codegen decides the
//! order of shutdown: the wait ([`running`]) notices the recorded signal,
//! stops the child's whole group and returns [`Error::Interrupted`], and
//! the caller unwinds through its guards. Only cleanups
//! ([`run_cleanup`]) wait through a signal, as they are what the guards
//! run on the way out.

mod group;
mod running;

use std::{
    ffi::OsStr,
    process::{Command, ExitStatus, Output},
};

use self::running::{OnSignal, Running};
use crate::{Error, interrupt};

/// How many trailing lines of a tool's output an error quotes: the cause is
/// nearly always at the end, and a whole build log would bury it.
const QUOTED_LINES: usize = 40;

/// Runs `command` to completion with its output captured.
///
/// # Errors
///
/// Fails when the program cannot be started or exits unsuccessfully; the
/// message holds the command line and the end of its stderr.
/// [`Error::Interrupted`] when a signal came first: the child's group was
/// stopped.
pub(crate) fn run(command: &mut Command) -> Result<Output, Error> {
    let output = run_to_end(command)?;
    succeeded(command, output)
}

/// Runs `command` to completion with its output captured, whatever its
/// exit status.
///
/// # Errors
///
/// Fails when the program cannot be started, or with
/// [`Error::Interrupted`] as [`run`].
pub(crate) fn run_to_end(command: &mut Command) -> Result<Output, Error> {
    run_to_end_or(command, spawn_failure)
}

/// As [`run_to_end`], for a caller that knows better what to say when the
/// program cannot be started (how to install it, say).
///
/// # Errors
///
/// `cannot_start`'s error when the program cannot be started, or
/// [`Error::Interrupted`] as [`run`].
pub(crate) fn run_to_end_or(
    command: &mut Command,
    cannot_start: impl FnOnce(&Command, &std::io::Error) -> Error,
) -> Result<Output, Error> {
    execute(command, false, OnSignal::Stop, cannot_start)
}

/// Runs `command`, copying its stderr to ours as it comes so that a long
/// build shows progress, and keeping it for the error should it fail. Its
/// stdout is copied to our stderr too: codegen's stdout is for results.
///
/// # Errors
///
/// As [`run`].
pub(crate) fn run_streaming(command: &mut Command) -> Result<(), Error> {
    let output = execute(command, true, OnSignal::Stop, spawn_failure)?;
    eprint!("{}", String::from_utf8_lossy(&output.stdout));
    succeeded(command, output).map(drop)
}

/// As [`run_to_end`], copying its stderr to ours as it comes, as
/// [`run_streaming`] does.
///
/// # Errors
///
/// As [`run_to_end`].
pub(crate) fn run_to_end_streaming(command: &mut Command) -> Result<Output, Error> {
    execute(command, true, OnSignal::Stop, spawn_failure)
}

/// Runs a command that undoes what an earlier one started (stopping a
/// server, say) to completion with its output captured, even after a signal
/// was received: it is what the guards run while a command unwinds from
/// [`Error::Interrupted`], and cutting it short would leave behind what the
/// signal asked to stop. A second signal still ends codegen at once (see
/// [`interrupt`]).
///
/// # Errors
///
/// As [`run`], but never [`Error::Interrupted`].
pub(crate) fn run_cleanup(command: &mut Command) -> Result<Output, Error> {
    let output = execute(command, false, OnSignal::Finish, spawn_failure)?;
    succeeded(command, output)
}

/// Starts `command` in its own process group, unless a signal already came
/// and it would be stopped anyway, and waits for it; `echo` copies its
/// stderr to ours as it comes.
fn execute(
    command: &mut Command,
    echo: bool,
    on_signal: OnSignal,
    cannot_start: impl FnOnce(&Command, &std::io::Error) -> Error,
) -> Result<Output, Error> {
    if on_signal == OnSignal::Stop {
        interrupt::check()?;
    }
    let running = Running::start(command, echo).map_err(|error| cannot_start(command, &error))?;
    running.wait(command, on_signal)
}

/// `output`, if its status says the tool succeeded.
fn succeeded(command: &Command, output: Output) -> Result<Output, Error> {
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

/// The command line of `command`, quoted as a POSIX shell would need it.
/// The environment is left out on purpose: it may hold a password.
pub(crate) fn command_line(command: &Command) -> String {
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
pub(crate) fn failure(
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
pub(crate) fn quote_tail(text: &str) -> String {
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

/// Whether process `pid` has ended within a couple of seconds: a signal
/// takes a moment to be acted on.
#[cfg(all(test, unix))]
pub(crate) fn ends_soon(pid: u32) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while is_running(pid) {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    true
}

/// Whether process `pid` runs: exists and is not a zombie, which a
/// container's init may never reap.
#[cfg(all(test, unix))]
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses.
        Ok(stat) => !stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with(['Z', 'X'])),
        Err(_) if std::path::Path::new("/proc/self").exists() => false,
        Err(_) => i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .is_some_and(|pid| rustix::process::test_kill_process(pid).is_ok()),
    }
}

#[cfg(test)]
mod tests {
    use std::{
        path::Path,
        time::{Duration, Instant},
    };

    use super::*;

    /// The number in the file at `path`, once something has written it.
    fn wait_for_number(path: &Path) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(number) = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| text.trim().parse().ok())
            {
                return number;
            }
            assert!(Instant::now() < deadline, "nothing in {}", path.display());
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// `sh -c script`, with `{file}` in `script` replaced by `file`, quoted.
    fn shell(script: &str, file: &Path) -> Command {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(script.replace("{file}", &shell_word(file.as_os_str())));
        command
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_stops_the_child_and_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("grandchild");
        let mut command = shell("sleep 30 & echo $! > {file}; sleep 30; wait", &file);
        let simulated = interrupt::simulate();
        let started = Instant::now();

        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                wait_for_number(&file);
                simulated.raise(signal_hook::consts::SIGINT);
            });
            run(&mut command)
        });

        assert!(
            matches!(result, Err(Error::Interrupted { signal: 2 })),
            "{result:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        let grandchild = wait_for_number(&file);
        assert!(ends_soon(grandchild), "pid {grandchild} still runs");
    }

    #[cfg(unix)]
    #[test]
    fn a_child_that_ignores_sigterm_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("child");
        let mut command = shell(
            "trap '' TERM; echo $$ > {file}; while :; do sleep 1; done",
            &file,
        );
        let simulated = interrupt::simulate();

        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                wait_for_number(&file);
                simulated.raise(signal_hook::consts::SIGTERM);
            });
            run_streaming(&mut command)
        });

        assert!(
            matches!(result, Err(Error::Interrupted { signal: 15 })),
            "{result:?}"
        );
        let child = wait_for_number(&file);
        assert!(ends_soon(child), "pid {child} still runs");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn children_run_in_a_process_group_of_their_own() {
        let group_of = |stat: &str| -> (String, String) {
            let mut fields = stat.rsplit_once(") ").unwrap().1.split(' ');
            let pgrp = fields.nth(2).unwrap().to_owned();
            (stat.split(' ').next().unwrap().to_owned(), pgrp)
        };
        let mut command = Command::new("sh");
        command.args(["-c", "cat /proc/$$/stat"]);
        let output = run(&mut command).unwrap();
        let (pid, group) = group_of(&String::from_utf8(output.stdout).unwrap());
        let (_, ours) = group_of(&std::fs::read_to_string("/proc/self/stat").unwrap());
        assert_eq!(group, pid, "the child leads its group");
        assert_ne!(group, ours);
    }

    #[cfg(unix)]
    #[test]
    fn nothing_starts_once_a_signal_came() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ran");
        let simulated = interrupt::simulate();
        simulated.raise(signal_hook::consts::SIGHUP);
        for result in [
            run(&mut shell("echo 1 > {file}", &file)).map(drop),
            run_to_end(&mut shell("echo 1 > {file}", &file)).map(drop),
            run_streaming(&mut shell("echo 1 > {file}", &file)),
        ] {
            assert!(matches!(result, Err(Error::Interrupted { signal: 1 })));
        }
        assert!(!file.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_cleanup_runs_to_its_end_after_a_signal() {
        let simulated = interrupt::simulate();
        simulated.raise(signal_hook::consts::SIGINT);
        let mut command = Command::new("sh");
        command.args(["-c", "sleep 0.2; echo stopped"]);
        let output = run_cleanup(&mut command).unwrap();
        assert_eq!(output.stdout, b"stopped\n");

        let mut failing = Command::new("sh");
        failing.args(["-c", "echo oops >&2; exit 4"]);
        let message = run_cleanup(&mut failing).unwrap_err().to_string();
        assert!(message.ends_with("(exit status: 4):\n  oops"), "{message}");
    }

    #[test]
    fn much_output_on_both_pipes_is_kept_whole() {
        // Far more than a pipe holds, so a child written to before the
        // other pipe is read would block.
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "i=0; while [ $i -lt 20000 ]; do echo 0123456789; echo abcdefghij >&2; i=$((i+1)); done",
        ]);
        let output = run(&mut command).unwrap();
        assert_eq!(output.stdout.len(), 220_000);
        assert_eq!(output.stderr.len(), 220_000);
    }

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
