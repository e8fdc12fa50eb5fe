//! Writing a built site to disk: into a new folder beside the output folder, swapped in
//! only when complete, so that a failed or killed build never leaves a half-written site;
//! and refusing output folders that would overwrite the project itself.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Project;
use crate::site::{self, Options, Output, Stats};
use crate::trace;

/// Builds the site into `out`: every file into a new folder beside it, then a swap, so
/// that `out` is never half-written and a failed build leaves the previous site in place.
pub fn build(project: &Project, options: Options, out: &Path) -> Result<Stats, Vec<Diagnostic>> {
    let io_error =
        |e: io::Error| vec![Diagnostic::file(out, Problem::Write { message: e.to_string() })];
    let staging = Staging::create(out).map_err(io_error)?;
    let stats = site::emit(project, options, &staging)?;
    let t = Instant::now();
    staging.swap_in().map_err(io_error)?;
    trace::phase("swap in", t);
    Ok(stats)
}

/// A new folder beside the output folder, filled by a build, then swapped in; removed
/// if the build fails.
struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Folders made so far, so that each is made once.
    folders: Mutex<std::collections::HashSet<PathBuf>>,
    /// The site being replaced, if there is one: a file made again with the same bytes is
    /// linked from it rather than written (see [`Staging::reuse`]).
    previous: Option<PathBuf>,
    /// Cleared at the first link that fails (a file system without hard links), so that
    /// files are no longer read to be compared in vain.
    linking: std::sync::atomic::AtomicBool,
}

impl Staging {
    fn create(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
        })?;
        std::fs::create_dir_all(&parent)?;
        let name = name.to_string_lossy();
        recover(&parent, &name, out)?;
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        let previous = out.is_dir().then(|| out.to_path_buf());
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            folders: Mutex::default(),
            previous,
            linking: std::sync::atomic::AtomicBool::new(true),
        })
    }

    /// Replaces the output folder with the staged one in one atomic step where the
    /// system allows (Linux's `RENAME_EXCHANGE`), else by two renames; then removes
    /// the old site.
    fn swap_in(self) -> io::Result<()> {
        if self.out.exists() && exchange(&self.dir, &self.out)? {
            // The staging folder now holds the old site.
            return std::fs::remove_dir_all(&self.dir);
        }
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .replacen(".new-", ".old-", 1),
        );
        if self.out.exists() {
            std::fs::rename(&self.out, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                std::fs::rename(&old, &self.out)?;
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&self.dir, &self.out)?;
        }
        Ok(())
    }
}

/// Cleans up after a build that was killed: its staging folder goes (half-written, or
/// holding the old site after the swap); if it died between the two renames of the
/// fallback, the previous site, set aside, is put back.
fn recover(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = file_name.strip_prefix(&new).or_else(|| file_name.strip_prefix(&old));
        // Another build still running owns its folders.
        if pid.is_none_or(|p| Path::new("/proc").join(p).exists()) {
            continue;
        }
        if file_name.starts_with(&old) && !out.exists() {
            std::fs::rename(entry.path(), out)?;
        } else {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// Swaps two folders atomically; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both arguments are valid NUL-terminated paths that live across the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // Not supported by this file system or kernel: fall back to two renames.
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

/// Swaps two folders atomically; `Ok(false)` where the system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

impl Staging {
    /// The file's place in the staging folder, its folder made if need be.
    fn place(&self, path: &str) -> io::Result<PathBuf> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            // Made before it is recorded, so that no writer sees a folder that is not there
            // yet; two writers may both make it, which is harmless.
            if !self.folders.lock().expect("no writer panicked").contains(parent) {
                std::fs::create_dir_all(parent)?;
                self.folders.lock().expect("no writer panicked").insert(parent.to_path_buf());
            }
        }
        Ok(full)
    }

    /// Links `place` to the previous site's file at `path` if that file holds exactly
    /// `bytes`; whether it did. A rebuild after an edit makes most files again as they
    /// were: linking them writes no data and allocates no inode, and on ext4 without a
    /// journal, creating thousands of files soon after deleting thousands (the previous
    /// site) costs several seconds. Anything else (no such file, other bytes, a link
    /// rather than a file, a file system without hard links) means the file is written.
    fn reuse(&self, path: &str, place: &Path, bytes: &[u8]) -> bool {
        use std::io::Read;
        use std::sync::atomic::Ordering;
        let Some(old) = self.previous.as_ref().map(|p| p.join(path)) else { return false };
        if !self.linking.load(Ordering::Relaxed) {
            return false;
        }
        // The entry itself, not what a symbolic link points to: only a regular file of
        // the previous site is linked.
        match std::fs::symlink_metadata(&old) {
            Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
            _ => return false,
        }
        let Ok(file) = std::fs::File::open(&old) else { return false };
        let mut held = Vec::with_capacity(bytes.len());
        // One byte more than expected is read, to notice a file that grew meanwhile.
        let read = file.take(bytes.len() as u64 + 1).read_to_end(&mut held);
        if read.is_err() || held != bytes {
            return false;
        }
        let linked = std::fs::hard_link(&old, place).is_ok();
        if !linked {
            self.linking.store(false, Ordering::Relaxed);
        }
        linked
    }
}

/// A new file at `place`. A file already there (made earlier in this build, perhaps a
/// link to the previous site's) is unlinked first, never written through: a theme file
/// that replaces a made one must not change the site being replaced.
fn create(place: &Path) -> io::Result<std::fs::File> {
    let new = || std::fs::OpenOptions::new().write(true).create_new(true).open(place);
    match new() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(place)?;
            new()
        }
        made => made,
    }
}

impl Output for Staging {
    /// Written by the thread that made the file. (Handing files to one writer thread, so
    /// that threads would not wait for each other on the folder's lock in the kernel,
    /// cost more in wake-ups than it saved: see the README's Performance section.)
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let place = self.place(path)?;
        if self.reuse(path, &place, &bytes) {
            return Ok(());
        }
        io::Write::write_all(&mut create(&place)?, &bytes)
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        // Few and large (list pages, feeds, events.json): written as they are made.
        let mut file = io::BufWriter::with_capacity(1 << 16, create(&self.place(path)?)?);
        write(&mut file)?;
        io::Write::flush(&mut file)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Refuses an output folder that is, or contains, the project's own files.
pub fn check_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (root, out_abs) = (absolute(root), absolute(out));
    let unsafe_output = |reason| {
        Diagnostic::file(out, Problem::UnsafeOutput { path: out.display().to_string(), reason })
    };
    if root.starts_with(&out_abs) {
        return Err(unsafe_output("it holds the calendar project"));
    }
    for own in ["content", "themes", "calendar.toml", ".git"] {
        let own_path = root.join(own);
        if own_path.starts_with(&out_abs) || out_abs.starts_with(&own_path) {
            return Err(unsafe_output("it would replace the project's own files"));
        }
    }
    Ok(())
}

/// Removes `.` and `..` without touching the disk, so that missing folders can be checked.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
