//! `whenwhere serve`: the site made in memory and served on 127.0.0.1 while you edit.
//!
//! One thread watches the project and rebuilds; the HTTP server answers each request on a
//! thread of its own from the current [`Preview`], an `Arc` cloned under a lock held for no
//! longer than the clone. Nothing is written to disk. HTML responses (never the built
//! site) get a small script that listens on [`LIVE_PATH`] for Server-Sent Events: `reload`
//! after a good build, `error` with the diagnostics after a failed one.
//!
//! A rebuild re-reads only the files that changed ([`load::Loader`]) and makes no file:
//! each is made when first asked for, then kept for as long as its build is served
//! ([`Pages`]). What a build must make to be known good, as `whenwhere build` would find it,
//! is made all the same, at the latest once the preview is idle (see `Builder`).

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, render_all};
use crate::{load, site};

/// Where open pages listen for rebuilds; outside any site path.
pub const LIVE_PATH: &str = "/__whenwhere/live";
/// A burst of file events ends after this long without a new one.
const QUIET_PERIOD: Duration = Duration::from_millis(50);
/// How long the preview is left alone after a rebuild, for browsers to reload, before the
/// pages that list the changed events are checked.
const IDLE_PERIOD: Duration = Duration::from_millis(250);
/// How often an idle live connection is written to, to notice closed tabs.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// The id of the overlay that shows a failed build's diagnostics.
const OVERLAY_ID: &str = "whenwhere-problems";

/// What to serve and how.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The port on 127.0.0.1; 0 lets the system pick a free one.
    pub port: u16,
    /// Include events marked `draft = true`.
    pub drafts: bool,
    /// Print nothing but errors and the address.
    pub quiet: bool,
}

/// The files a preview serves, by path relative to the site's root.
pub trait Files: Send + Sync + std::fmt::Debug {
    /// Whether there is a file at this path; makes nothing.
    fn has(&self, path: &str) -> bool;

    /// The file at this path, made if it was not yet; a diagnostic if it cannot be made.
    fn get(&self, path: &str) -> Option<Result<Bytes, Diagnostic>>;
}

/// A file's bytes, shared between the responses that send it.
pub type Bytes = Arc<Vec<u8>>;

/// A site made whole, such as [`site::render`] makes.
impl Files for site::Site {
    fn has(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    fn get(&self, path: &str) -> Option<Result<Bytes, Diagnostic>> {
        self.file(path).map(|bytes| Ok(Arc::new(bytes.to_vec())))
    }
}

/// A file made, or why it cannot be.
type Made = Result<Bytes, Diagnostic>;

/// A build served on demand: each file made when first asked for, then kept.
pub struct Pages {
    build: site::Build<'static>,
    /// Files made so far, by path; a file being made is waited for, never made twice.
    made: Mutex<HashMap<String, Arc<OnceLock<Made>>>>,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("build", &self.build).finish_non_exhaustive()
    }
}

impl Pages {
    /// Serves a build; nothing is made yet.
    pub fn new(build: site::Build<'static>) -> Pages {
        Pages { build, made: Mutex::default() }
    }

    /// The build served.
    pub fn build(&self) -> &site::Build<'static> {
        &self.build
    }

    fn made(&self, file: &site::File) -> Made {
        let path = self.build.path(file);
        let cell = {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            made.entry(path).or_default().clone()
        };
        cell.get_or_init(|| self.build.maker().bytes(file).map(Arc::new)).clone()
    }

    /// Makes these files now, in parallel, and keeps them; the diagnostics of those that
    /// cannot be made, each once, in the order of [`site::File`].
    pub fn make(&self, files: &[site::File]) -> Vec<Diagnostic> {
        let mut files = files.to_vec();
        files.sort();
        let made: Vec<Made> = files.par_iter().map(|file| self.made(file)).collect();
        site::distinct(made.into_iter().filter_map(Result::err))
    }
}

impl Files for Pages {
    fn has(&self, path: &str) -> bool {
        self.build.file(path).is_some()
    }

    fn get(&self, path: &str) -> Option<Result<Bytes, Diagnostic>> {
        self.build.file(path).map(|file| self.made(&file))
    }
}

/// One state of the preview: the last good site and, when the latest build failed, why.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// The last site that built; `None` until one does.
    pub site: Option<Arc<dyn Files>>,
    /// The path the site is served under, from `base_url`: `/when-and-where/`, or `/`.
    pub base_path: String,
    /// The diagnostics of the latest build, when it failed.
    pub problems: Option<String>,
    /// Counts the states: each new one wakes the live connections.
    pub generation: u64,
    /// Tells this run's event ids from those of pages served by an earlier run.
    pub instance: String,
}

impl Preview {
    /// The id of this state in the live stream: `instance-generation`.
    pub fn event_id(&self) -> String {
        format!("{}-{}", self.instance, self.generation)
    }
}

/// The preview shared between the builder and the request threads.
struct Shared {
    preview: Mutex<Arc<Preview>>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Arc<Preview>> {
        self.preview.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn current(&self) -> Arc<Preview> {
        self.lock().clone()
    }

    fn publish(&self, preview: Preview) {
        *self.lock() = Arc::new(preview);
        self.changed.notify_all();
    }

    /// The first state after `generation`, or `None` after `timeout`.
    fn wait_past(&self, generation: u64, timeout: Duration) -> Option<Arc<Preview>> {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |p| p.generation <= generation)
            .unwrap_or_else(PoisonError::into_inner);
        (guard.generation > generation).then(|| guard.clone())
    }
}

/// Builds, serves and rebuilds until the process is stopped; returns only on a failure to
/// start.
pub fn run(dir: &Path, options: Options) -> ExitCode {
    if !dir.join("calendar.toml").is_file() {
        // Not a calendar project: say so as `check` does rather than serve nothing.
        if let Err(errors) = load::load_config(dir) {
            eprint!("{}", problems_text(&errors));
            return ExitCode::FAILURE;
        }
    }
    let address = ("127.0.0.1", options.port);
    let server = match tiny_http::Server::http(address) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            eprintln!("  = help: choose another port with --port, or --port 0 for any free one");
            return ExitCode::FAILURE;
        }
    };
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let instance = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let shared = Arc::new(Shared {
        preview: Mutex::new(Arc::new(Preview {
            base_path: "/".into(),
            instance: instance.to_string(),
            ..Preview::default()
        })),
        changed: Condvar::new(),
    });
    let mut builder = Builder {
        loader: load::Loader::new(dir),
        port,
        options,
        shared: shared.clone(),
        last: None,
        checked: None,
        unchecked: Vec::new(),
    };

    // Watch before the first build, so that a change made during it is not missed.
    let (tx, rx) = mpsc::channel();
    let watcher = match notify::recommended_watcher(tx) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch the project for changes ({e}): restart to rebuild");
            None
        }
    };
    builder.rebuild(&Changed::Everything, Instant::now(), true);
    if let Some(watcher) = watcher {
        let watched = Watched::new(dir, watcher);
        std::thread::spawn(move || watched.run(&rx, &mut builder));
    }
    let base_path = shared.current().base_path.clone();
    eprintln!("Serving http://127.0.0.1:{port}{base_path} (Ctrl-C to stop)");

    for request in server.incoming_requests() {
        let shared = shared.clone();
        // A request that finds no thread is dropped, and tiny_http answers it with a 500.
        let _ = std::thread::Builder::new()
            .name("whenwhere-request".into())
            .spawn(move || handle(request, &shared));
    }
    ExitCode::SUCCESS
}

/// What changed since the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Anything may have: read the whole project again.
    Everything,
    /// These paths, relative to the project's root.
    Paths(BTreeSet<PathBuf>),
}

/// Builds the project, with links pointing at the preview, and publishes each result.
///
/// A build is checked against the last build known to make every file: after a change to
/// the settings or the theme, every file is made before the build is served, as `whenwhere
/// build` makes them; after a change to events, their own pages are, and the pages that
/// list them (the index, their tags' pages) once the preview is idle ([`Builder::check_rest`]),
/// so that the page a browser reloads is not kept waiting for pages nobody looks at.
struct Builder {
    loader: load::Loader,
    port: u16,
    options: Options,
    shared: Arc<Shared>,
    /// The last build published as good, and the path it is served under.
    last: Option<Served>,
    /// The last build known to make every file.
    checked: Option<Served>,
    /// The pages of `last` that may differ from `checked`'s and are not made yet.
    unchecked: Vec<site::File>,
}

/// A build and the path it is served under.
type Served = (Arc<Pages>, String);

impl Builder {
    /// The build, and the path it is served under.
    fn build(&mut self, changed: &Changed) -> Result<Served, Vec<Diagnostic>> {
        let mut project = match changed {
            Changed::Everything => self.loader.load(),
            Changed::Paths(paths) => self.loader.reload(&paths.iter().collect::<Vec<_>>()),
        }?;
        let base_path = project.config.base_url.path().to_string();
        project.config.base_url = preview_base_url(self.port, &base_path);
        let options = site::Options { drafts: self.options.drafts };
        Ok((Arc::new(Pages::new(site::Build::owning(project, options)?)), base_path))
    }

    /// How a build differs from an earlier one; everything if there is none.
    fn difference(new: &Served, old: Option<&Served>) -> site::Difference {
        match old {
            Some((old, path)) if *path == new.1 => new.0.build().difference(old.build()),
            _ => site::Difference::Everything,
        }
    }

    /// Makes the files of a build that must make before it is served; returns the pages
    /// left to check once the preview is idle.
    fn check(&self, new: &Served) -> Result<Vec<site::File>, Vec<Diagnostic>> {
        match Builder::difference(new, self.checked.as_ref()) {
            site::Difference::Nothing => Ok(Vec::new()),
            site::Difference::Files(files) => {
                // Pages alone: the other files are made by code, which no content fails.
                let (own, lists): (Vec<site::File>, Vec<site::File>) = files
                    .into_iter()
                    .filter(site::File::is_page)
                    .partition(|f| matches!(f, site::File::EventPage(_)));
                let errors = new.0.make(&own);
                if errors.is_empty() { Ok(lists) } else { Err(errors) }
            }
            // Exactly as `whenwhere build` makes them, keeping none: each is made again
            // when asked for.
            site::Difference::Everything => new.0.build().emit(&site::Discard).map(|_| Vec::new()),
        }
    }

    /// Rebuilds, reports, and publishes the result if it changes what is served.
    fn rebuild(&mut self, changed: &Changed, started: Instant, first: bool) {
        let result = self.build(changed).and_then(|new| {
            let unchecked = self.check(&new)?;
            Ok((new, unchecked))
        });
        let current = self.shared.current();
        let next = match result {
            Ok((new, unchecked)) => {
                let unchanged = current.problems.is_none()
                    && current.site.is_some()
                    && Builder::difference(&new, self.last.as_ref()) == site::Difference::Nothing;
                if !self.options.quiet {
                    let events = new.0.build().len();
                    let s = if events == 1 { "" } else { "s" };
                    eprintln!(
                        "{} {events} event{s} in {:.2} s{}",
                        if first { "Built" } else { "Rebuilt" },
                        started.elapsed().as_secs_f64(),
                        if unchanged { " (nothing changed)" } else { "" }
                    );
                }
                if unchanged {
                    return;
                }
                let preview = Preview {
                    site: Some(new.0.clone()),
                    base_path: new.1.clone(),
                    problems: None,
                    generation: current.generation + 1,
                    instance: current.instance.clone(),
                };
                if unchecked.is_empty() {
                    self.checked = Some(new.clone());
                }
                self.unchecked = unchecked;
                self.last = Some(new);
                preview
            }
            Err(errors) => match self.failed(&errors, &current, None) {
                Some(next) => next,
                None => return,
            },
        };
        self.shared.publish(next);
    }

    /// Whether pages are left to check.
    fn has_unchecked(&self) -> bool {
        !self.unchecked.is_empty()
    }

    /// Makes the pages left to check; if one fails, serves the last build known to make
    /// every file again, with the problems over it.
    fn check_rest(&mut self) {
        let Some(last) = self.last.clone() else { return };
        let unchecked = std::mem::take(&mut self.unchecked);
        let errors = last.0.make(&unchecked);
        if errors.is_empty() {
            self.checked = Some(last);
            return;
        }
        self.last = self.checked.clone();
        let current = self.shared.current();
        let next = if current.problems.is_some() {
            // A later change failed to load and is shown already: its problems stay, over
            // the last site known to make every page.
            eprint!("{}", problems_text(&errors));
            let (pages, base_path) = self.checked.clone().expect("a checked build comes first");
            Some(Preview {
                site: Some(pages),
                base_path,
                generation: current.generation + 1,
                ..(*current).clone()
            })
        } else {
            self.failed(&errors, &current, self.checked.clone())
        };
        if let Some(next) = next {
            self.shared.publish(next);
        }
    }

    /// Reports a failed build; the state to publish, if it changes what is served: the
    /// problems over `instead`, else over the site served now.
    fn failed(
        &self,
        errors: &[Diagnostic],
        current: &Preview,
        instead: Option<Served>,
    ) -> Option<Preview> {
        let text = problems_text(errors);
        eprint!("{text}");
        if current.site.is_some() {
            eprintln!("Still serving the last good site; save a fix to rebuild.");
        } else {
            eprintln!("Nothing to serve until the project builds; save a fix to rebuild.");
        }
        if current.problems.as_deref() == Some(text.as_str()) && instead.is_none() {
            return None;
        }
        let mut next =
            Preview { problems: Some(text), generation: current.generation + 1, ..current.clone() };
        if let Some((pages, base_path)) = instead {
            next.site = Some(pages);
            next.base_path = base_path;
        }
        Some(next)
    }
}

/// `base_url` for the preview: the loopback address and port, with the configured path.
pub fn preview_base_url(port: u16, path: &str) -> BaseUrl {
    let mut url = url::Url::parse(&format!("http://127.0.0.1:{port}/"))
        .expect("a loopback address is a valid URL");
    url.set_path(path);
    BaseUrl::new(url)
}

/// The diagnostics as `check` prints them, then their count.
fn problems_text(errors: &[Diagnostic]) -> String {
    let mut files: Vec<_> = errors.iter().map(|e| &e.path).collect();
    files.dedup();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{}{} error{} in {} file{}\n",
        render_all(errors),
        errors.len(),
        s(errors.len()),
        files.len(),
        s(files.len())
    )
}

/// The watcher and the folders it covers. The project root is watched alone (for
/// `calendar.toml` and for `content/` or `themes/` appearing), and those two folders
/// recursively, so that `target/`, `.git/` or `public/` never cost a watch.
struct Watched {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
}

impl Watched {
    fn new(dir: &Path, watcher: notify::RecommendedWatcher) -> Watched {
        // Events name paths as they were watched: one absolute form for all of them.
        let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut watched = Watched { root, watcher };
        let root = watched.root.clone();
        watched.watch(&root, RecursiveMode::NonRecursive);
        for folder in ["content", "themes"] {
            let path = root.join(folder);
            if path.is_dir() {
                watched.watch(&path, RecursiveMode::Recursive);
            }
        }
        watched
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) {
        if let Err(e) = self.watcher.watch(path, mode) {
            let shown = path.strip_prefix(&self.root).unwrap_or(path);
            eprintln!(
                "warning: cannot watch {} for changes ({e}): restart to rebuild",
                crate::diagnostic::display_path(shown)
            );
        }
    }

    /// Waits for a change, lets its burst of events settle, rebuilds; forever.
    fn run(
        mut self,
        events: &mpsc::Receiver<notify::Result<notify::Event>>,
        builder: &mut Builder,
    ) {
        loop {
            let event = if builder.has_unchecked() {
                match events.recv_timeout(IDLE_PERIOD) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        builder.check_rest();
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                let Ok(event) = events.recv() else { return };
                event
            };
            let mut changed = Changed::Paths(BTreeSet::new());
            if !self.note(event, &mut changed) {
                continue;
            }
            let mut settled_at = Instant::now() + QUIET_PERIOD;
            loop {
                let wait = settled_at.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => {
                        if self.note(event, &mut changed) {
                            settled_at = Instant::now() + QUIET_PERIOD;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            builder.rebuild(&changed, Instant::now(), false);
        }
    }

    /// Adds what an event changed to `changed`; whether it can change the site. Starts
    /// watching `content/` or `themes/` when one appears.
    fn note(&mut self, event: notify::Result<notify::Event>, changed: &mut Changed) -> bool {
        let Ok(event) = event else {
            *changed = Changed::Everything;
            return true;
        };
        if event.need_rescan() {
            *changed = Changed::Everything;
            return true;
        }
        let created = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_));
        match event.kind {
            // Opening and reading, the build's own included, change nothing.
            EventKind::Access(notify::event::AccessKind::Close(
                notify::event::AccessMode::Write,
            )) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        let mut relevant = false;
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else { continue };
            if created && (rel == Path::new("content") || rel == Path::new("themes")) {
                self.watch(path, RecursiveMode::Recursive);
            }
            if affects_site(rel) {
                relevant = true;
                if let Changed::Paths(paths) = changed {
                    paths.insert(rel.to_path_buf());
                }
            }
        }
        relevant
    }
}

/// Whether a change to this path, relative to the project root, can change the site.
pub fn affects_site(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let editor_litter = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"].iter().any(|x| name.ends_with(x));
    if editor_litter {
        return false;
    }
    let mut parts = rel.components().map(|c| c.as_os_str());
    match parts.next().and_then(|c| c.to_str()) {
        Some("calendar.toml") => parts.next().is_none(),
        // Event files, and folders (a path without an extension may be one).
        Some("content") => rel.extension().is_none_or(|x| x == "toml"),
        Some("themes") => true,
        _ => false,
    }
}

/// The answer to one request, decided from the current preview alone.
#[derive(Debug)]
pub enum Reply {
    /// A page or file.
    File {
        /// HTTP status.
        status: u16,
        /// Its `Content-Type`.
        content_type: &'static str,
        /// Its bytes.
        body: Body,
    },
    /// A redirect to another path.
    Redirect(String),
    /// The live-reload event stream.
    Live,
    /// A method other than GET or HEAD.
    MethodNotAllowed,
}

/// A response's bytes: a file of the site as it is, or a page with the live script added.
#[derive(Debug)]
pub enum Body {
    /// A file of the site, shared rather than copied.
    Shared(Bytes),
    /// Bytes made for this response.
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(bytes) => bytes,
            Body::Owned(bytes) => bytes,
        }
    }
}

/// Answers `method target` from the preview.
pub fn route(preview: &Preview, method: &str, target: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::MethodNotAllowed;
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == LIVE_PATH {
        return Reply::Live;
    }
    let Some(site) = &preview.site else {
        let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Nothing to serve yet</title></head><body><h1>Nothing to serve yet</h1><p>The calendar has not built since <code>whenwhere serve</code> started. This page reloads once it does.</p></body></html>";
        return html(503, page, preview);
    };
    let base = preview.base_path.as_str();
    if (path == "/" && base != "/") || base.strip_suffix('/') == Some(path) {
        return Reply::Redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base).and_then(percent_decode) else {
        return not_found(site.as_ref(), preview);
    };
    let file =
        if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest };
    if let Some(made) = site.get(&file) {
        return site_file(&file, made, 200, preview);
    }
    if site.has(&format!("{file}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    }
    not_found(site.as_ref(), preview)
}

fn not_found(site: &dyn Files, preview: &Preview) -> Reply {
    match site.get("404.html") {
        Some(made) => site_file("404.html", made, 404, preview),
        None => Reply::File {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: Body::Owned(b"Not found\n".to_vec()),
        },
    }
}

fn site_file(path: &str, made: Result<Bytes, Diagnostic>, status: u16, preview: &Preview) -> Reply {
    let bytes = match made {
        Ok(bytes) => bytes,
        // Only a template that fails on pages the last change did not touch gets here:
        // the page says why, and reloads once a change fixes it.
        Err(error) => {
            let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>This page cannot be made</title></head><body><h1>This page cannot be made</h1></body></html>";
            let body = inject(page, &preview.event_id(), Some(&problems_text(&[error])));
            return Reply::File {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: Body::Owned(body),
            };
        }
    };
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        return html(status, &bytes, preview);
    }
    Reply::File { status, content_type, body: Body::Shared(bytes) }
}

fn html(status: u16, page: &[u8], preview: &Preview) -> Reply {
    let body = inject(page, &preview.event_id(), preview.problems.as_deref());
    Reply::File { status, content_type: "text/html; charset=utf-8", body: Body::Owned(body) }
}

/// The `Content-Type` of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = Path::new(path).extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        // CNAME, .nojekyll
        None => "text/plain; charset=utf-8",
        Some(_) => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A page with the live-reload script, and the diagnostics overlay when the latest build
/// failed, added before its last `</body>` (or at its end).
pub fn inject(page: &[u8], event_id: &str, problems: Option<&str>) -> Vec<u8> {
    let at =
        page.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(page.len());
    let mut snippet =
        String::from("<!-- added by whenwhere serve, not part of the built site -->\n");
    if let Some(text) = problems {
        snippet.push_str(&overlay(&escape(text)));
        snippet.push('\n');
    }
    // The overlay as a JS string, with `<` escaped so that no `</script>` can end the script.
    let template = serde_json::to_string(&overlay("")).expect("a string").replace('<', "\\u003c");
    snippet.push_str(&LIVE_SCRIPT.replace("TEMPLATE", &template).replace("EVENT_ID", event_id));
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Listens for rebuilds: reloads after a good one, shows the overlay after a failed one.
const LIVE_SCRIPT: &str = r#"<script>
(function () {
  var id = "whenwhere-problems";
  function show(text) {
    var box = document.getElementById(id);
    if (!box) {
      document.body.insertAdjacentHTML("beforeend", TEMPLATE);
      box = document.getElementById(id);
    }
    box.querySelector("pre").textContent = text;
  }
  document.addEventListener("click", function (e) {
    var box = document.getElementById(id);
    if (box && e.target.closest && e.target.closest("[data-whenwhere-dismiss]")) box.remove();
  });
  if (!window.EventSource) return;
  var live = new EventSource("/__whenwhere/live?since=EVENT_ID");
  live.onmessage = function (e) { if (e.data === "reload") location.reload(); };
  live.addEventListener("error", function (e) { if (typeof e.data === "string") show(e.data); });
})();
</script>
"#;

/// The overlay: fixed over the top of the page, light on near-black, its own styles only.
fn overlay(escaped_text: &str) -> String {
    format!(
        concat!(
            r#"<div id="{id}" role="alert" style="all:initial;display:block;position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:80vh;overflow:auto;box-sizing:border-box;padding:16px 20px;background:#111;color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-bottom:4px solid #ff6b6b;box-shadow:0 4px 24px rgba(0,0,0,.5)">"#,
            r#"<div style="display:flex;justify-content:space-between;align-items:baseline;gap:1em">"#,
            r#"<strong style="color:#ff9b9b;font:inherit;font-weight:bold">The calendar has errors: this page shows the last good build.</strong>"#,
            r#"<button type="button" data-whenwhere-dismiss style="font:inherit;color:#111;background:#fff;border:0;border-radius:3px;padding:4px 12px;cursor:pointer">Dismiss</button>"#,
            r#"</div><pre style="all:initial;display:block;margin:12px 0 0;white-space:pre-wrap;color:#fff;font:inherit">{text}</pre></div>"#,
        ),
        id = OVERLAY_ID,
        text = escaped_text
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One message of the live stream for a state.
pub fn live_event(preview: &Preview) -> String {
    let id = preview.event_id();
    match &preview.problems {
        None => format!("id: {id}\ndata: reload\n\n"),
        Some(text) => {
            let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
            format!("id: {id}\nevent: error\n{data}\n")
        }
    }
}

fn handle(request: tiny_http::Request, shared: &Shared) {
    let preview = shared.current();
    let reply = route(&preview, request.method().as_str(), request.url());
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).ok();
    let (status, headers, body) = match reply {
        Reply::Live => return live(request, shared, &preview),
        Reply::File { status, content_type, body } => {
            (status, vec![header("Content-Type", content_type)], body)
        }
        Reply::Redirect(to) => (
            302,
            vec![header("Location", &to), header("Content-Type", "text/plain; charset=utf-8")],
            Body::Owned(format!("See {to}\n").into_bytes()),
        ),
        Reply::MethodNotAllowed => (
            405,
            vec![header("Allow", "GET, HEAD"), header("Content-Type", "text/plain; charset=utf-8")],
            Body::Owned(b"Only GET and HEAD\n".to_vec()),
        ),
    };
    let mut headers: Vec<tiny_http::Header> = headers.into_iter().flatten().collect();
    headers.extend(header("Cache-Control", "no-store"));
    headers.extend(header("X-Content-Type-Options", "nosniff"));
    let length = body.as_ref().len();
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(status),
        headers,
        Cursor::new(body),
        Some(length),
        None,
    )
    // Always a Content-Length: the bodies are in memory.
    .with_chunked_threshold(usize::MAX);
    // A client that went away needs no answer.
    let _ = request.respond(response);
}

/// Streams Server-Sent Events until the client goes away: each new state after the one the
/// page was served from, and a comment now and then to notice a closed tab.
fn live(request: tiny_http::Request, shared: &Shared, preview: &Preview) {
    let last_event_id = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Last-Event-ID"))
        .map(|h| h.value.as_str().to_string());
    let query_since = request
        .url()
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
        .map(str::to_string);
    let since = last_event_id.or(query_since);
    // A page from an earlier run of `serve` is stale whatever happened since: reload it.
    let (mut seen, stale) = match since.as_deref().and_then(|s| s.rsplit_once('-')) {
        Some((instance, generation)) if instance == preview.instance => {
            (generation.parse().unwrap_or(preview.generation), false)
        }
        Some(_) => (preview.generation, true),
        None => (preview.generation, false),
    };
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_ok();
    if !send(head) {
        return;
    }
    if stale && !send(&format!("id: {}\ndata: reload\n\n", preview.event_id())) {
        return;
    }
    loop {
        let sent = match shared.wait_past(seen, HEARTBEAT) {
            Some(next) => {
                seen = next.generation;
                send(&live_event(&next))
            }
            None => send(": still here\n\n"),
        };
        if !sent {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview(base: &str, problems: Option<&str>) -> Preview {
        let page = |text: &str| format!("<html><body><p>{text}</p></body></html>").into_bytes();
        let files = vec![
            ("404.html".to_string(), page("not here")),
            ("calendar.ics".to_string(), b"BEGIN:VCALENDAR".to_vec()),
            ("events/a.html".to_string(), page("event a")),
            ("index.html".to_string(), page("the index")),
            ("tags/index.html".to_string(), page("tags")),
        ];
        Preview {
            site: Some(Arc::new(site::Site { files, stats: site::Stats { events: 1, feeds: 1 } })),
            base_path: base.into(),
            problems: problems.map(str::to_string),
            generation: 3,
            instance: "77".into(),
        }
    }

    fn body(reply: &Reply) -> (u16, &'static str, String) {
        match reply {
            Reply::File { status, content_type, body } => {
                (*status, content_type, String::from_utf8_lossy(body.as_ref()).into_owned())
            }
            other => panic!("not a file: {other:?}"),
        }
    }

    fn redirect(reply: Reply) -> String {
        match reply {
            Reply::Redirect(to) => to,
            other => panic!("not a redirect: {other:?}"),
        }
    }

    #[test]
    fn the_site_is_served_under_its_path() {
        let p = preview("/when-and-where/", None);
        let (status, kind, text) = body(&route(&p, "GET", "/when-and-where/"));
        assert_eq!((status, kind), (200, "text/html; charset=utf-8"));
        assert!(text.contains("the index") && text.contains("since=77-3"));
        let (_, _, text) = body(&route(&p, "GET", "/when-and-where/events/a.html?x=1#top"));
        assert!(text.contains("event a"));
        let (status, kind, text) = body(&route(&p, "HEAD", "/when-and-where/calendar.ics"));
        assert_eq!(
            (status, kind, text.as_str()),
            (200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR")
        );
        assert_eq!(redirect(route(&p, "GET", "/")), "/when-and-where/");
        assert_eq!(redirect(route(&p, "GET", "/when-and-where")), "/when-and-where/");
        assert_eq!(redirect(route(&p, "GET", "/when-and-where/tags")), "/when-and-where/tags/");
        let (_, _, text) = body(&route(&p, "GET", "/when-and-where/tags/"));
        assert!(text.contains("tags"));
        for missing in [
            "/when-and-where/nope.html",
            "/elsewhere/index.html",
            "/index.html",
            "/when-and-where/%zz",
        ] {
            let (status, kind, text) = body(&route(&p, "GET", missing));
            assert_eq!((status, kind), (404, "text/html; charset=utf-8"), "{missing}");
            assert!(text.contains("not here") && text.contains("EventSource"), "{missing}");
        }
        assert!(matches!(route(&p, "GET", "/__whenwhere/live?since=77-3"), Reply::Live));
        assert!(matches!(route(&p, "POST", "/when-and-where/"), Reply::MethodNotAllowed));
    }

    #[test]
    fn a_root_site_is_served_at_the_root() {
        let p = preview("/", None);
        let (status, _, text) = body(&route(&p, "GET", "/"));
        assert_eq!(status, 200);
        assert!(text.contains("the index"));
        let (_, _, text) = body(&route(&p, "GET", "/events/a.html"));
        assert!(text.contains("event a"));
    }

    #[test]
    fn before_any_good_build_every_page_shows_the_problems() {
        let p = Preview { site: None, ..preview("/", Some("content/x.toml:2:8: error: bad")) };
        let (status, _, text) = body(&route(&p, "GET", "/anything"));
        assert_eq!(status, 503);
        assert!(text.contains("content/x.toml:2:8: error: bad"));
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_and_the_overlay_only_on_errors() {
        let page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let ok = String::from_utf8(inject(page, "1-2", None)).unwrap();
        assert!(ok.starts_with("<html><body><p>&lt;/body&gt;</p><!-- added by whenwhere serve"));
        assert!(ok.ends_with("</script>\n</BODY></html>"));
        assert!(ok.contains("new EventSource(\"/__whenwhere/live?since=1-2\")"));
        assert!(!ok.contains("role=\"alert\""), "the overlay is only in the script's template");
        assert!(!ok.contains("</pre>"), "no `</` in the script's template");

        let broken = inject(page, "1-2", Some("a.toml:1:1: error: <b> & \"c\""));
        let broken = String::from_utf8(broken).unwrap();
        assert!(broken.contains("role=\"alert\""));
        assert!(broken.contains(">a.toml:1:1: error: &lt;b&gt; &amp; \"c\"</pre>"));

        let no_body = String::from_utf8(inject(b"plain", "1-2", None)).unwrap();
        assert!(no_body.starts_with("plain<!--") && no_body.ends_with("</script>\n"));
    }

    #[test]
    fn live_events_carry_their_id_and_every_line_of_the_problems() {
        let ok = preview("/", None);
        assert_eq!(live_event(&ok), "id: 77-3\ndata: reload\n\n");
        let broken = preview("/", Some("first line\n  |\nlast\n"));
        assert_eq!(
            live_event(&broken),
            "id: 77-3\nevent: error\ndata: first line\ndata:   |\ndata: last\n\n"
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("events/a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("events.json"), "application/json");
        assert_eq!(content_type("img/Logo.PNG"), "image/png");
        assert_eq!(content_type("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(content_type(".nojekyll"), "text/plain; charset=utf-8");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
    }

    #[test]
    fn percent_escapes_are_decoded_strictly() {
        assert_eq!(percent_decode("a%20b%C3%A9").as_deref(), Some("a bé"));
        assert_eq!(percent_decode("plain/path.html").as_deref(), Some("plain/path.html"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%+1x"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn only_project_files_trigger_a_rebuild() {
        for yes in
            ["calendar.toml", "content/2021/a.toml", "content/2021", "themes/default/static/x.png"]
        {
            assert!(affects_site(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "README.md",
            "content/2021/.a.toml.swp",
            "content/2021/a.toml~",
            "content/notes.md",
            "themes/default/templates/.#base.html",
            "calendar.toml/x",
        ] {
            assert!(!affects_site(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn pages_are_made_once_on_demand_and_kept() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
        let project = load::load(&root).unwrap();
        let pages = Pages::new(site::Build::owning(project, site::Options::default()).unwrap());
        assert!(pages.made.lock().unwrap().is_empty(), "nothing is made up front");
        assert!(pages.has("events/retreat.html") && !pages.has("events/nope.html"));
        assert!(pages.made.lock().unwrap().is_empty(), "asking whether a file is there makes none");
        let first = pages.get("events/retreat.html").unwrap().unwrap();
        let again = pages.get("events/retreat.html").unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(pages.get("events/nope.html").is_none());
        assert_eq!(pages.make(&[site::File::Index, site::File::TagPage(0)]), []);
        let made: BTreeSet<String> = pages.made.lock().unwrap().keys().cloned().collect();
        assert_eq!(
            made.iter().map(String::as_str).collect::<Vec<_>>(),
            ["events/retreat.html", "index.html", "tags/diplomacy.html"]
        );
    }

    #[test]
    fn the_preview_keeps_the_configured_path() {
        assert_eq!(
            preview_base_url(8000, "/when-and-where/").as_str(),
            "http://127.0.0.1:8000/when-and-where/"
        );
        assert_eq!(preview_base_url(4321, "/").as_str(), "http://127.0.0.1:4321/");
    }
}
