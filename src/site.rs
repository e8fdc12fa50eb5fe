//! The whole site, made in memory from a loaded project, then written to disk at once:
//! into a fresh folder beside the output folder, swapped in only when complete.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use minijinja::context;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Problem};
use crate::event::Event;
use crate::ics;
use crate::load::Project;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::trace;
use crate::view::{self, Views};

/// What to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include events marked `draft = true`.
    pub drafts: bool,
}

/// Every file of the site, by path relative to the output folder, in path order.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The files.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many events were published.
    pub events: usize,
    /// How many iCalendar feeds (whole calendar and tags) were written.
    pub feeds: usize,
}

impl Site {
    /// The contents of a file of the site.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
    }
}

/// Where the files of a build go: memory, for tests and `serve`, or a folder on disk.
pub trait Output: Sync {
    /// Stores one file of the site; `path` is relative to the site's root.
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// Stores one file that `write` produces piece by piece, for files too large to
    /// hold whole, such as the feed of a large calendar.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Counts of what a build made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// How many events were published.
    pub events: usize,
    /// How many iCalendar feeds (whole calendar and tags) were written.
    pub feeds: usize,
}

/// Renders the site of a project in memory.
pub fn render(project: &Project, options: Options) -> Result<Site, Vec<Diagnostic>> {
    let memory = Memory::default();
    let stats = emit(project, options, &memory)?;
    let mut files = memory.files.into_inner().expect("no writer panicked");
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Site { files, events: stats.events, feeds: stats.feeds })
}

#[derive(Default)]
struct Memory {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Output for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.files.lock().expect("no writer panicked").push((path.to_string(), bytes));
        Ok(())
    }
}

/// Makes every file of the site and hands each to `out` as soon as it is made, so that
/// a large calendar is never held in memory whole. Pages and feeds are made in parallel.
pub fn emit(
    project: &Project,
    options: Options,
    out: &dyn Output,
) -> Result<Stats, Vec<Diagnostic>> {
    let config = &project.config;
    let t = Instant::now();
    let theme = Theme::load(&project.root, &config.theme)?;
    let renderer = Renderer::new(&theme)?;
    let events: Vec<&Event> =
        project.events.iter().filter(|e| options.drafts || !e.draft).collect();
    let t = trace::phase("theme", t);
    let tags = view::tag_views(config);
    let views = Views::new(config, &tags, &events);
    let t = trace::phase("views", t);
    let canonical = |path: &str| config.base_url.absolute(path);
    let put = |path: &str, bytes: Vec<u8>| {
        out.put(path, bytes)
            .map_err(|e| Diagnostic::file(path, Problem::Write { message: e.to_string() }))
    };
    let page = |path: &str, rendered: Result<String, Diagnostic>| put(path, rendered?.into_bytes());

    // Made into a template value once, not once per page.
    let site = Value::from(Serde(&views.site));
    let mut results: Vec<Result<(), Diagnostic>> = Vec::new();
    let index = renderer.render(
        "index.html",
        context! { site => site.clone(), root => "", canonical => canonical(""), months => Serde(views.months(|_| true)) },
    );
    results.push(page("index.html", index));
    let t = trace::phase("index page", t);
    // The 404 page is served at any depth: its links start from the site's path.
    let not_found = renderer.render(
        "404.html",
        context! { site => site.clone(), root => config.base_url.path(), canonical => () },
    );
    results.push(page("404.html", not_found));
    for tag in views.site.tags {
        let months = views.months(|e| e.tags.contains(&tag.id));
        let html = renderer.render(
            "tag.html",
            context! { site => site.clone(), root => "../", canonical => canonical(&tag.page), tag => Serde(tag), months => Serde(months) },
        );
        results.push(page(&tag.page, html));
    }
    let t = trace::phase("tag pages", t);
    // Each event's VEVENT is made once, for its own file and for every feed it is in.
    let made: Vec<(String, Result<(), Diagnostic>)> = views
        .events
        .par_iter()
        .map(|(view, event)| {
            let event_page = view::EventPage::new(config, view, event);
            let html = renderer.render(
                "event.html",
                context! { site => site.clone(), root => "../", canonical => canonical(&view.page), event => Serde(&event_page) },
            );
            let vevent = ics::vevent_lines(config, event);
            let written = page(&view.page, html)
                .and_then(|()| put(&view.ics, ics::event_file_of(&vevent).into_bytes()));
            (vevent, written)
        })
        .collect();
    let (vevents, written): (Vec<String>, Vec<Result<(), Diagnostic>>) = made.into_iter().unzip();
    results.extend(written);
    let t = trace::phase("event pages and files", t);
    let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        // One broken template fails every page alike: say it once.
        errors.dedup();
        return Err(errors);
    }

    let mut feeds: Vec<(String, String, Option<&str>)> =
        vec![("calendar.ics".into(), config.title.clone(), None)];
    for tag in &config.tags {
        feeds.push((tag.feed_path(), ics::tag_feed_name(config, tag), Some(tag.id.as_str())));
    }
    let mut results: Vec<Result<(), Diagnostic>> = feeds
        .par_iter()
        .map(|(path, name, tag)| {
            let members = views.events.iter().zip(&vevents).filter(|((_, e), _)| {
                ics::in_feeds(config, e) && tag.is_none_or(|t| e.tags.iter().any(|id| id == t))
            });
            let mut members = members.map(|(_, v)| v.as_str());
            out.put_with(path, &mut |w| ics::write_feed(config, name, &mut members, w))
                .map_err(|e| Diagnostic::file(path, Problem::Write { message: e.to_string() }))
        })
        .collect();
    let t = trace::phase("feeds", t);
    let json = view::events_json(config, &events);
    let written = out.put_with("events.json", &mut |w| {
        serde_json::to_writer_pretty(w, &json).map_err(io::Error::other)
    });
    results.push(
        written.map_err(|e| {
            Diagnostic::file("events.json", Problem::Write { message: e.to_string() })
        }),
    );
    results.push(put(".nojekyll", Vec::new()));
    if let Some(cname) = &config.cname {
        results.push(put("CNAME", format!("{cname}\n").into_bytes()));
    }
    for (name, bytes) in &theme.assets {
        results.push(put(name, bytes.clone()));
    }
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    trace::phase("events.json and assets", t);
    Ok(Stats { events: events.len(), feeds: feeds.len() })
}

/// Builds the site into `out`: every file into a new folder beside it, then a swap, so
/// that `out` is never half-written and a failed build leaves the previous site in place.
pub fn build(project: &Project, options: Options, out: &Path) -> Result<Stats, Vec<Diagnostic>> {
    let io_error =
        |e: io::Error| vec![Diagnostic::file(out, Problem::Write { message: e.to_string() })];
    let staging = Staging::create(out).map_err(io_error)?;
    let stats = emit(project, options, &staging)?;
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
        Ok(Staging { out: out.to_path_buf(), dir, folders: Mutex::default() })
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
}

impl Output for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        std::fs::write(self.place(path)?, bytes)
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file =
            io::BufWriter::with_capacity(1 << 16, std::fs::File::create(self.place(path)?)?);
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
