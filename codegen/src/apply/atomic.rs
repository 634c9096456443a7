//! Replacing one file or symlink at once: the new one is made under a
//! temporary name in the same directory, flushed, and renamed over the
//! old, so whoever looks (or a crash) sees the old or the new, never a
//! part of either.

use std::{
    fs::{File, Permissions},
    io::{self, ErrorKind},
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

use super::file_system::FileSystem;

/// Tells apart the temporary names this process makes.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// How many taken names to step over before giving up.
const ATTEMPTS: usize = 16;

/// The directory `path` is in.
pub(super) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Put `bytes` at `path`, with `permissions` (a replaced file's) or the
/// mode of a new file. The directory is not flushed: the caller does, once
/// it has recorded that `path` changed.
///
/// # Errors
///
/// The operation that failed; `path` is then as it was. A temporary file
/// that cannot be removed after the failure is added to `leftovers`.
pub(super) fn replace(
    fs: &dyn FileSystem,
    path: &Path,
    bytes: &[u8],
    permissions: Option<&Permissions>,
    leftovers: &mut Vec<String>,
) -> io::Result<()> {
    let (temp, mut file) = temporary(path, |temp| fs.create_new(temp))?;
    let written = fill(fs, &mut file, bytes, permissions);
    drop(file);
    let result = written.and_then(|()| fs.rename(&temp, path));
    if result.is_err() {
        discard(fs, &temp, leftovers);
    }
    result
}

/// Make `path` a symlink saying `target`, replacing what is there.
///
/// # Errors
///
/// As [`replace`].
pub(super) fn relink(
    fs: &dyn FileSystem,
    path: &Path,
    target: &Path,
    leftovers: &mut Vec<String>,
) -> io::Result<()> {
    let (temp, ()) = temporary(path, |temp| fs.symlink(target, temp))?;
    let result = fs.rename(&temp, path);
    if result.is_err() {
        discard(fs, &temp, leftovers);
    }
    result
}

/// Write `bytes` to the new `file` and flush it, with `permissions`.
fn fill(
    fs: &dyn FileSystem,
    file: &mut File,
    bytes: &[u8],
    permissions: Option<&Permissions>,
) -> io::Result<()> {
    fs.write(file, bytes)?;
    if let Some(permissions) = permissions {
        // After the write, which may clear set-id bits.
        fs.set_permissions(file, permissions.clone())?;
    }
    fs.sync(file)
}

/// Make something under a fresh hidden name beside `path` with `create`,
/// which fails with `AlreadyExists` when the name is taken.
fn temporary<T>(path: &Path, create: impl Fn(&Path) -> io::Result<T>) -> io::Result<(PathBuf, T)> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy());
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let number = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = parent(path).join(format!(
            ".{name}.codegen-{}-{number}.tmp",
            std::process::id()
        ));
        match create(&temp) {
            Ok(made) => return Ok((temp, made)),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(ErrorKind::AlreadyExists)))
}

/// Remove the temporary `temp` after a failure, or say that it is left.
fn discard(fs: &dyn FileSystem, temp: &Path, leftovers: &mut Vec<String>) {
    if let Err(error) = fs.remove_file(temp) {
        leftovers.push(format!(
            "`{}` is a temporary file codegen could not remove ({error}); delete it",
            temp.display()
        ));
    }
}
