//! Writing a built site to disk: into a new folder beside the output folder, swapped in
//! only when complete, so that a failed or killed build never leaves a half-written site;
//! and refusing, before anything is touched, an output folder that is not certainly an
//! earlier build of this project.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use crate::diagnostic::{Diagnostic, OutputProblem};
use crate::plan::Plan;
use crate::site::{self, Sink, Stats};
use crate::trace;

/// The file every site this writes holds, which tells an earlier build of a project from
/// a folder of anything else. Its name starts with a dot, so that no page links to it and
/// static hosts list nothing of it; GitHub Pages publishes it, as it holds nothing private.
pub const MARKER: &str = ".whenwhere";

/// An output folder, checked: absent, empty, or an earlier build of this project.
#[derive(Debug, Clone)]
pub struct Target {
    out: PathBuf,
    marker: String,
}

impl Target {
    /// Checks `out` as the output folder of the project at `root`, touching nothing: it
    /// may not be, or contain, the project's own files, nor be a file; if it is a folder
    /// with anything in it, that must be a site this project built (its [`MARKER`] says
    /// so), or one built by another project and since moved into this one with it.
    pub fn check(root: &Path, out: &Path) -> Result<Target, Diagnostic> {
        let refuse = |reason| {
            Diagnostic::file(
                out,
                OutputProblem::UnsafeOutput { path: out.display().to_string(), reason },
            )
        };
        check_output(root, out)?;
        let marker = marker_text(root);
        let target = Target { out: out.to_path_buf(), marker };
        let meta = match std::fs::symlink_metadata(out) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(target),
            Err(e) => {
                return Err(Diagnostic::unwritable(out, e));
            }
        };
        if !meta.is_dir() {
            return Err(refuse(if meta.is_symlink() {
                "it is a symbolic link, which a build would replace with a folder"
            } else {
                "it is a file, not a folder"
            }));
        }
        let mut entries = std::fs::read_dir(out).map_err(|e| Diagnostic::unwritable(out, e))?;
        if entries.next().is_none() {
            return Ok(target);
        }
        match std::fs::read_to_string(out.join(MARKER)) {
            Ok(text) if text == target.marker => Ok(target),
            Ok(text) if text.starts_with(MARKER_START) => {
                // A project moved or copied with its site inside it: the site is its own.
                let inside = absolute(out).starts_with(absolute(root));
                if inside {
                    Ok(target)
                } else {
                    Err(refuse("it holds the site of another calendar project"))
                }
            }
            _ => Err(Diagnostic::file(
                out,
                OutputProblem::UnmarkedOutput { path: out.display().to_string() },
            )),
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.out
    }
}

/// How every marker starts.
const MARKER_START: &str = "This folder is a site built by whenwhere";

/// The marker of a project: the project is named by a hash of its folder's absolute path,
/// which tells projects apart without publishing where the project was built.
fn marker_text(root: &Path) -> String {
    use std::hash::Hasher;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    let mut hash = fnv::FnvHasher::default();
    hash.write(root.as_os_str().as_encoded_bytes());
    format!(
        "{MARKER_START} from the calendar project {:016x}.\n`whenwhere build` replaces it whole: keep nothing else in it.\n",
        hash.finish()
    )
}

/// Writes the site of a build into a checked output folder: every file into a new folder
/// beside it, then a swap, so that it is never half-written and a failed build leaves the
/// previous site in place.
pub fn write(build: &Plan<'_>, target: &Target) -> Result<Stats, Vec<Diagnostic>> {
    let out = target.out.as_path();
    let io_error = |e: io::Error| vec![Diagnostic::unwritable(out, e)];
    let staging = Staging::create(out).map_err(io_error)?;
    let stats = site::emit(build, &staging)?;
    staging.put(MARKER, target.marker.clone().into_bytes()).map_err(io_error)?;
    let t = Instant::now();
    staging.swap_in().map_err(io_error)?;
    trace::phase("swap in", t);
    Ok(stats)
}

/// A new folder beside the output folder, filled by a build, then swapped in; removed
/// if the build fails. A lock file beside it, held for as long as the build runs, tells
/// the next build whether its owner is still running, on any system.
struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// `dir`'s lock file, locked while this build runs; removed after `dir`.
    lock: (PathBuf, std::fs::File),
    /// Folders made so far, so that each is made once.
    folders: Mutex<fnv::FnvHashSet<String>>,
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
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        // Locked before the folder exists and unlocked after it is gone, so that a
        // staging folder whose lock is free is certainly left by a build that died.
        let lock_path = lock_of(&dir);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        lock.lock()?;
        recover(&parent, &name, out)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        let previous = out.is_dir().then(|| out.to_path_buf());
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            lock: (lock_path, lock),
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

/// The lock file of a staging folder: `.public.new-42` has `.public.new-42.lock`.
fn lock_of(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    dir.with_file_name(name)
}

/// Cleans up after a build that was killed: its staging folder goes (half-written, or
/// holding the old site after the swap); if it died between the two renames of the
/// fallback, the previous site, set aside, is put back. Only what a build certainly dead
/// left is touched: its lock file must be there and free to lock.
fn recover(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&new).or_else(|| file_name.strip_prefix(&old))
        else {
            continue;
        };
        if pid.ends_with(".lock") {
            continue;
        }
        // The lock of the build that made it, under its `.new-` name in either case.
        let lock_path = parent.join(format!("{new}{pid}.lock"));
        let Ok(lock) = std::fs::OpenOptions::new().write(true).open(&lock_path) else {
            // No lock (a build of an earlier version, or not one of ours): left alone.
            continue;
        };
        if lock.try_lock().is_err() {
            // Its build is still running.
            continue;
        }
        if file_name.starts_with(&old) && !out.exists() {
            std::fs::rename(entry.path(), out)?;
        } else {
            std::fs::remove_dir_all(entry.path())?;
        }
        if !parent.join(format!("{new}{pid}")).exists()
            && !parent.join(format!("{old}{pid}")).exists()
        {
            std::fs::remove_file(&lock_path)?;
        }
    }
    // Lock files whose folders are gone, left by a build killed at its very start or end.
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(dir) = file_name.strip_prefix(&new).and_then(|p| p.strip_suffix(".lock")) else {
            continue;
        };
        let owned =
            [&new, &old].iter().any(|prefix| parent.join(format!("{prefix}{dir}")).exists());
        let free = std::fs::OpenOptions::new()
            .write(true)
            .open(entry.path())
            .is_ok_and(|lock| lock.try_lock().is_ok());
        if !owned && free {
            std::fs::remove_file(entry.path())?;
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
        // Folders are known by their site path (`events`), not as paths of the disk, whose
        // hashing parses them component by component.
        if let Some((folder, _)) = path.rsplit_once('/') {
            // Made before it is recorded, so that no writer sees a folder that is not there
            // yet; two writers may both make it, which is harmless.
            if !self.folders.lock().expect("no writer panicked").contains(folder) {
                std::fs::create_dir_all(self.dir.join(folder))?;
                self.folders.lock().expect("no writer panicked").insert(folder.to_string());
            }
        }
        Ok(self.dir.join(path))
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

impl Sink for Staging {
    /// Written by the thread that made the file. (Handing files to one writer thread, so
    /// that threads would not wait for each other on the folder's lock in the kernel,
    /// cost more in wake-ups than it saved: see docs/performance.md.)
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
        if !self.dir.exists() {
            let _ = std::fs::remove_file(&self.lock.0);
        }
    }
}

/// Refuses an output folder that is, or contains, the project's own files.
fn check_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let (root, out_abs) = (absolute(root), absolute(out));
    let unsafe_output = |reason| {
        Diagnostic::file(
            out,
            OutputProblem::UnsafeOutput { path: out.display().to_string(), reason },
        )
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

/// A path made absolute, without `.` and `..`, without touching the disk.
fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    normalize(&p)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Only what a build certainly dead left is removed: a staging folder whose lock file
    /// is there and free. A running build's folder, and a folder without a lock file,
    /// stay, whatever their process ids.
    #[test]
    fn recovery_removes_only_what_a_dead_build_left() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path();
        let out = parent.join("public");
        for dir in [".public.new-1", ".public.new-2", ".public.new-3"] {
            std::fs::create_dir(parent.join(dir)).unwrap();
            std::fs::write(parent.join(dir).join("index.html"), "x").unwrap();
        }
        // 1 is running: its lock is held. 2 died: its lock is free. 3 has no lock.
        let running = std::fs::File::create(parent.join(".public.new-1.lock")).unwrap();
        running.lock().unwrap();
        std::fs::File::create(parent.join(".public.new-2.lock")).unwrap();
        // A lock file whose build died before making its folder.
        std::fs::File::create(parent.join(".public.new-4.lock")).unwrap();
        recover(parent, "public", &out).unwrap();
        assert_eq!(names(parent), [".public.new-1", ".public.new-1.lock", ".public.new-3"]);

        // A build that died between the two renames of the fallback: its set-aside site
        // comes back.
        drop(running);
        std::fs::rename(parent.join(".public.new-1"), parent.join(".public.old-1")).unwrap();
        recover(parent, "public", &out).unwrap();
        assert_eq!(names(parent), [".public.new-3", "public"]);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "x");
    }
}
