//! A child being waited for. Its pipes are drained on threads, so that it
//! never blocks on a full one, and its exit is polled rather than waited
//! for, so that a signal is noticed while it runs.

use std::{
    io::{BufRead, BufReader, Read},
    process::{Child, Command, Output, Stdio},
    thread::JoinHandle,
    time::Duration,
};

use super::{command_line, group};
use crate::{Error, interrupt};

/// The first pause between two looks at the child: short, as most tools
/// codegen runs end within milliseconds.
const FIRST_PAUSE: Duration = Duration::from_millis(1);

/// The longest pause between two looks, which bounds how late a signal is
/// noticed during a long build.
const LONGEST_PAUSE: Duration = Duration::from_millis(20);

/// What a wait does once a signal has been recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OnSignal {
    /// Stop the child's group and return [`Error::Interrupted`].
    Stop,
    /// Wait for the child to finish, as a cleanup must.
    Finish,
}

/// A started child and the threads that collect its output.
#[derive(Debug)]
pub(super) struct Running {
    child: Child,
    stdout: JoinHandle<Vec<u8>>,
    stderr: JoinHandle<Vec<u8>>,
}

impl Running {
    /// Starts `command` in a process group of its own, with no stdin and
    /// its output piped to us; `echo` copies its stderr to ours line by
    /// line as it comes.
    ///
    /// # Errors
    ///
    /// Fails when the program cannot be started; nothing is left running.
    pub(super) fn start(command: &mut Command, echo: bool) -> std::io::Result<Self> {
        group::give_own_group(command);
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let readers = drain(child.stdout.take(), false)
            .and_then(|stdout| Ok((stdout, drain(child.stderr.take(), echo)?)));
        match readers {
            Ok((stdout, stderr)) => Ok(Self {
                child,
                stdout,
                stderr,
            }),
            Err(error) => {
                group::stop(&mut child);
                Err(error)
            }
        }
    }

    /// Waits until the child has exited and closed its pipes, and returns
    /// what it said.
    ///
    /// # Errors
    ///
    /// With [`OnSignal::Stop`], [`Error::Interrupted`] once a signal is
    /// recorded: the child's group is stopped first. Fails, too, when the
    /// system cannot tell whether the child exited.
    pub(super) fn wait(mut self, command: &Command, on_signal: OnSignal) -> Result<Output, Error> {
        let mut pause = FIRST_PAUSE;
        loop {
            let exited = group::leader_exited(&mut self.child).map_err(|error| {
                group::stop(&mut self.child);
                wait_failure(command, &error)
            })?;
            // A child can exit while something it started still writes to
            // its pipes; its output is complete only when they close.
            if exited && self.stdout.is_finished() && self.stderr.is_finished() {
                break;
            }
            if on_signal == OnSignal::Stop
                && let Some(signal) = interrupt::received()
            {
                // The reader threads are left to end with the pipes, which
                // may outlive the group in a process that left it.
                group::stop(&mut self.child);
                return Err(Error::Interrupted { signal });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
        let status = self
            .child
            .wait()
            .map_err(|error| wait_failure(command, &error))?;
        Ok(Output {
            status,
            stdout: self.stdout.join().unwrap_or_default(),
            stderr: self.stderr.join().unwrap_or_default(),
        })
    }
}

/// A thread that reads `pipe` to its end and returns what it read, copying
/// each line to our stderr as it comes when `echo` is set.
fn drain(
    pipe: Option<impl Read + Send + 'static>,
    echo: bool,
) -> std::io::Result<JoinHandle<Vec<u8>>> {
    std::thread::Builder::new()
        .name("codegen-child-output".to_owned())
        .spawn(move || {
            let mut kept = Vec::new();
            let Some(mut pipe) = pipe else {
                return kept;
            };
            if echo {
                for line in BufReader::new(pipe).split(b'\n').map_while(Result::ok) {
                    eprintln!("{}", String::from_utf8_lossy(&line));
                    kept.extend_from_slice(&line);
                    kept.push(b'\n');
                }
            } else {
                // A read error only loses output we would have quoted; the
                // exit status still decides success.
                let _ = pipe.read_to_end(&mut kept);
            }
            kept
        })
}

fn wait_failure(command: &Command, error: &std::io::Error) -> Error {
    Error::Tool(format!(
        "cannot tell whether `{}` has ended: {error}",
        command_line(command)
    ))
}
