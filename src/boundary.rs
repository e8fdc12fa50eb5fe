//! Symbolic links in a project: followed while their target stays inside it, refused when
//! it lies outside. Event files and themes come from many hands by pull request, and a
//! link to `/etc/passwd` or `/proc/self/environ` must not put the build machine's secrets
//! into diagnostics or the published site; so such a target is never opened.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, ReadProblem};

/// The project's folder, fully resolved, that every file read must lie in.
#[derive(Debug, Clone)]
pub struct Boundary {
    root: PathBuf,
    resolved: PathBuf,
}

impl Boundary {
    /// The boundary of the project in `root`.
    pub fn new(root: &Path) -> Boundary {
        let resolved = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Boundary { root: root.to_path_buf(), resolved }
    }

    /// Whether the link at `rel` (relative to the root) may be followed: its target,
    /// with every link on the way resolved, lies inside the project and in no folder whose
    /// name starts with a dot (`.git/config` holds a checkout's token). A target that does
    /// not exist is left to the reader, which says so.
    pub fn link_target_inside(&self, rel: &Path) -> Result<(), Diagnostic> {
        let Ok(target) = std::fs::canonicalize(self.root.join(rel)) else { return Ok(()) };
        let Ok(inside) = target.strip_prefix(&self.resolved) else {
            return Err(Diagnostic::file(rel, ReadProblem::LinkOutside));
        };
        let dot_folder = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .find(|name| name.starts_with('.'));
        match dot_folder {
            Some(folder) => {
                let folder = folder.into_owned();
                Err(Diagnostic::file(rel, ReadProblem::LinkIntoDotFolder { folder }))
            }
            None => Ok(()),
        }
    }

    /// Checks `rel` and each folder on the way to it: any of them that is a link must
    /// stay inside the project. One `lstat` per component: for the few paths that are
    /// not found by a walk that checked its links already.
    pub fn path(&self, rel: &Path) -> Result<(), Diagnostic> {
        let mut prefix = PathBuf::new();
        for component in rel.components() {
            prefix.push(component);
            let is_link = std::fs::symlink_metadata(self.root.join(&prefix))
                .is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                return self.link_target_inside(&prefix);
            }
        }
        Ok(())
    }

    /// Opens, to read, a file whose folders were checked when it was found: a link is
    /// followed only to a target inside the project. The error is a link outside, or the
    /// system's reason the file cannot be opened. Where the system can, the file is opened without
    /// following a link first, so that a file that is no link costs no `lstat` (a tenth
    /// of the system time of reading 10,000 event files); a link fails that, and is
    /// resolved and checked before it is opened.
    pub fn open(&self, rel: &Path) -> Result<std::fs::File, Diagnostic> {
        let path = self.root.join(rel);
        let unreadable = |e| Diagnostic::unreadable(rel, e);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let no_link =
                std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(&path);
            match no_link {
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {}
                opened => return opened.map_err(unreadable),
            }
        }
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            self.link_target_inside(rel)?;
        }
        std::fs::File::open(path).map_err(unreadable)
    }

    /// Every file under the folder `dir` of the project (relative to the root, as are the
    /// paths returned), in name order, following links while they stay inside. A link that
    /// leads out, `dir` itself or any below it, is reported to `problem` and not entered;
    /// so are the walk's own errors (an unreadable folder, a link that loops back).
    pub fn files(
        &self,
        dir: &Path,
        mut problem: impl FnMut(Result<Diagnostic, walkdir::Error>),
    ) -> Vec<PathBuf> {
        let mut files = Vec::new();
        if let Err(outside) = self.path(dir) {
            problem(Ok(outside));
            return files;
        }
        if !self.root.join(dir).is_dir() {
            return files;
        }
        let mut walker = walkdir::WalkDir::new(self.root.join(dir))
            .follow_links(true)
            // Siblings share their folder's path, so comparing whole paths compares names:
            // `sort_by_file_name` parsed each path again for every comparison.
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter();
        // The depth of the folder link the walk is under, if any: a name starting with a
        // dot below it is refused as a link into it would be.
        let mut under_link: Option<usize> = None;
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problem(Err(e));
                    continue;
                }
            };
            if under_link.is_some_and(|depth| entry.depth() <= depth) {
                under_link = None;
            }
            let rel = entry.path().strip_prefix(&self.root).unwrap_or(entry.path()).to_path_buf();
            let name = entry.file_name().to_string_lossy();
            let outside = if entry.path_is_symlink() && entry.depth() > 0 {
                self.link_target_inside(&rel).err()
            } else if under_link.is_some() && name.starts_with('.') {
                let folder = name.into_owned();
                Some(Diagnostic::file(&rel, ReadProblem::LinkIntoDotFolder { folder }))
            } else {
                None
            };
            if outside.is_none()
                && under_link.is_none()
                && entry.path_is_symlink()
                && entry.file_type().is_dir()
            {
                under_link = Some(entry.depth());
            }
            if let Some(outside) = outside {
                problem(Ok(outside));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                files.push(rel);
            }
        }
        files
    }

    /// The project's folder, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The largest file of a project read: an event file, `calendar.toml`, or a file of the
/// theme or its words. Far more than any needs, and small enough that parsing a hostile one
/// stays within a second and a hundred-odd megabytes.
pub const MAX_FILE_BYTES: usize = 2 << 20;

/// Room for a usual event file at once, per thread, zeroed once.
const SCRATCH_BYTES: usize = 8 << 10;

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; SCRATCH_BYTES]);
}

/// A file's bytes, or its size when it is over [`MAX_FILE_BYTES`] (then read no further):
/// the one way a project's files (event files, `calendar.toml`, the theme's) are read. Read
/// through `read` alone: a file's own `read_to_end` asks for its size and position first,
/// two more system calls for each event file, and any other reader's `read_to_end` zeroes
/// its buffer first, as much work as reading a small file.
pub fn read_bounded(mut file: File) -> io::Result<Result<Vec<u8>, u64>> {
    SCRATCH.with_borrow_mut(|scratch| {
        let mut filled = 0;
        while filled < scratch.len() {
            match file.read(&mut scratch[filled..]) {
                Ok(0) => return Ok(Ok(scratch[..filled].to_vec())),
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // A file larger than most: the file's own `read_to_end` for the rest, up to one
        // byte past the bound, so that the scratch buffer stays small for every thread.
        let mut bytes = scratch.clone();
        let rest = (MAX_FILE_BYTES + 1 - bytes.len()) as u64;
        (&mut file).take(rest).read_to_end(&mut bytes)?;
        if bytes.len() > MAX_FILE_BYTES {
            return Ok(Err(file.metadata().map_or(bytes.len() as u64, |m| m.len())));
        }
        Ok(Ok(bytes))
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Files at the scratch buffer's edges are read whole; one past the bound is its size.
    #[test]
    fn files_are_read_whole_up_to_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let sizes = [0, 1, SCRATCH_BYTES - 1, SCRATCH_BYTES, SCRATCH_BYTES + 1, MAX_FILE_BYTES];
        for len in sizes {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let read = read_bounded(File::open(&path).unwrap()).unwrap();
            assert!(read.as_ref() == Ok(&bytes), "{len} bytes read as {:?}", read.map(|r| r.len()));
        }
        std::fs::write(&path, vec![b'x'; 3 * MAX_FILE_BYTES]).unwrap();
        let read = read_bounded(File::open(&path).unwrap()).unwrap();
        assert_eq!(read, Err(3 * MAX_FILE_BYTES as u64));
    }
    use crate::diagnostic::Problem;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_pass_and_links_outside_are_named() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "TOKEN=abc").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/2021")).unwrap();
        std::fs::write(root.join("content/2021/a.toml"), "").unwrap();
        symlink(root.join("content/2021/a.toml"), root.join("content/in.toml")).unwrap();
        symlink(outside.path().join("secret"), root.join("content/out.toml")).unwrap();
        symlink(outside.path(), root.join("content/outdir")).unwrap();
        symlink("2021", root.join("content/relative")).unwrap();
        let b = Boundary::new(root);
        fn named<T>(r: Result<T, Diagnostic>) -> Option<PathBuf> {
            r.err().map(|d| d.path)
        }
        assert_eq!(named(b.open(Path::new("content/in.toml"))), None);
        assert_eq!(named(b.open(Path::new("content/2021/a.toml"))), None);
        assert_eq!(named(b.path(Path::new("content/relative/a.toml"))), None);
        assert_eq!(
            named(b.open(Path::new("content/out.toml"))),
            Some(PathBuf::from("content/out.toml"))
        );
        assert_eq!(
            named(b.path(Path::new("content/outdir/secret"))),
            Some(PathBuf::from("content/outdir"))
        );
        // A missing target is no link outside: the system says what is wrong with it.
        symlink(root.join("nowhere"), root.join("content/dangling.toml")).unwrap();
        let dangling = b.open(Path::new("content/dangling.toml")).unwrap_err();
        assert!(matches!(*dangling.problem, Problem::Read(ReadProblem::Io { .. })));
    }

    /// A link into `.git` (or any dot-folder) is never followed, though it stays inside.
    #[test]
    fn links_into_dot_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("static/.well-known")).unwrap();
        std::fs::write(root.join(".git/config"), "AUTHORIZATION: basic c2VjcmV0").unwrap();
        std::fs::write(root.join("static/.well-known/x"), "").unwrap();
        symlink("../.git/config", root.join("static/robots.txt")).unwrap();
        symlink("../.git", root.join("static/git")).unwrap();
        symlink(".well-known/x", root.join("static/x")).unwrap();
        std::fs::create_dir_all(root.join("vendor/lib/.git")).unwrap();
        std::fs::write(root.join("vendor/lib/.git/config"), "token").unwrap();
        std::fs::write(root.join("vendor/lib/ok.css"), "").unwrap();
        symlink("../vendor/lib", root.join("static/lib")).unwrap();
        let b = Boundary::new(root);
        let folder = |d: Diagnostic| match *d.problem {
            Problem::Read(ReadProblem::LinkIntoDotFolder { folder }) => (d.path, folder),
            other => panic!("{other:?}"),
        };
        let robots = b.open(Path::new("static/robots.txt")).unwrap_err();
        assert_eq!(folder(robots), (PathBuf::from("static/robots.txt"), ".git".into()));
        let through = b.path(Path::new("static/git/config")).unwrap_err();
        assert_eq!(folder(through), (PathBuf::from("static/git"), ".git".into()));
        let well_known = b.open(Path::new("static/x")).unwrap_err();
        assert_eq!(folder(well_known), (PathBuf::from("static/x"), ".well-known".into()));
        let mut found = Vec::new();
        let files = b.files(Path::new("static"), |p| found.push(p.ok().map(|d| d.path)));
        assert_eq!(
            files,
            [PathBuf::from("static/.well-known/x"), PathBuf::from("static/lib/ok.css")],
            "read directly, or through a link but not into a dot-folder"
        );
        found.sort();
        assert_eq!(
            found,
            [
                Some("static/git".into()),
                Some("static/lib/.git".into()),
                Some("static/robots.txt".into()),
                Some("static/x".into())
            ]
        );
    }
}
