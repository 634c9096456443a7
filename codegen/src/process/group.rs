//! Each child in a process group of its own, stopped as a whole.
//!
//! In codegen's group, a child would get the terminal's Ctrl-C at the same
//! moment as codegen and stop in whatever order the kernel chose, a build
//! half-written or a server gone before the guard that stops it could run.
//! In its own group it gets only what codegen sends it, once codegen has
//! decided to stop; and the whole group gets it, so that what the child
//! started (a shell's commands, cargo's compilers) stops too.

use std::process::{Child, Command};
#[cfg(unix)]
use std::time::{Duration, Instant};

/// How long a child has to end after SIGTERM before its group gets SIGKILL.
#[cfg(unix)]
const GRACE: Duration = Duration::from_secs(3);

/// The pause between two looks at a child that was sent SIGTERM.
#[cfg(unix)]
const PAUSE: Duration = Duration::from_millis(10);

/// Makes `command`'s child the leader of a new process group, whose id is
/// the child's pid.
#[cfg(unix)]
pub(super) fn give_own_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
pub(super) fn give_own_group(_command: &mut Command) {}

/// Whether `child` has exited, leaving it unreaped: until it is reaped its
/// pid, which is also its group's id, cannot be given to another process,
/// so signalling the group afterwards never reaches a stranger.
///
/// # Errors
///
/// Fails when the system cannot say.
#[cfg(all(unix, not(target_os = "openbsd")))]
pub(super) fn leader_exited(child: &mut Child) -> std::io::Result<bool> {
    use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
    let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
    Ok(waitid(WaitId::Pid(Pid::from_child(child)), options)?.is_some())
}

/// Whether `child` has exited. Without `waitid` this reaps it, which leaves
/// a moment in which its group's id could be reused before [`stop`]
/// signals it.
///
/// # Errors
///
/// Fails when the system cannot say.
#[cfg(not(all(unix, not(target_os = "openbsd"))))]
pub(super) fn leader_exited(child: &mut Child) -> std::io::Result<bool> {
    Ok(child.try_wait()?.is_some())
}

/// Stops `child` and everything in its group: SIGTERM, up to [`GRACE`] for
/// the child to end, then SIGKILL for whatever the group still holds, and
/// reaps the child. Failures to signal are ignored: the group may be gone.
#[cfg(unix)]
pub(super) fn stop(child: &mut Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let group = Pid::from_child(child);
    let _ = kill_process_group(group, Signal::TERM);
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline && !leader_exited(child).unwrap_or(true) {
        std::thread::sleep(PAUSE);
    }
    // Also when the child ended in time: what it started and left behind in
    // its group would otherwise outlive the command.
    let _ = kill_process_group(group, Signal::KILL);
    let _ = child.wait();
}

/// Stops `child`, which has no group of its own here, and reaps it.
#[cfg(not(unix))]
pub(super) fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
