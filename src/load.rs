//! Reads a calendar project from disk: `calendar.toml` and every `*.toml` under
//! `content/`, into checked events, or every problem of every file.
//!
//! A [`Loader`] keeps what it read, file by file, so that after a change it re-reads only
//! the files that changed ([`Loader::reload`]); what it reports is always what a full
//! [`load`] of the same files would report.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use std::time::Instant;

use rayon::prelude::*;

use crate::boundary::{Boundary, MAX_FILE_BYTES, read_bounded};
use crate::config::Config;
use crate::diagnostic::{ContentProblem, Diagnostic, ReadProblem, Source, display_path};
use crate::event::{Context, Event};
use crate::history::{History, Reading};
use crate::order;
use crate::trace;

/// A calendar project as read from disk: its settings and its events in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The folder holding `calendar.toml`.
    pub root: PathBuf,
    /// The settings.
    pub config: Config,
    /// Every event, drafts included, in [`order::date_order`].
    pub events: Vec<Event>,
    /// What was pointed out without stopping the build, sorted by file and position.
    pub warnings: Vec<Diagnostic>,
    /// When each event file changed, from git: read while the files are, and the pages
    /// that need no stamp made.
    pub history: Reading,
}

impl Project {
    /// How many events are drafts.
    pub fn drafts(&self) -> usize {
        self.events.iter().filter(|e| e.draft).count()
    }
}

/// Loads the project in `root`; on any problem, all of them, sorted by file and position.
/// Its warnings include what its git history cannot see (as `check` and `build` load it;
/// `serve`, whose editor is in the middle of changes, does not ask).
pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
    let history = History::start(root);
    // `git status` too runs while the files are read.
    let checkout = std::thread::spawn({
        let root = root.to_path_buf();
        move || crate::history::checkout_warnings(&root)
    });
    let mut loader = Loader::new(root);
    loader.read_all()?;
    let mut project = loader.into_project(history)?;
    project.warnings.extend(checkout.join().unwrap_or_default());
    Ok(project)
}

/// Reads and checks the project's `calendar.toml` alone.
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    read_config(root).map_err(|(errors, _)| errors)
}

/// `calendar.toml` checked, or its problems sorted and, when the file could be read, what
/// can be read of it, to check the events against.
fn read_config(root: &Path) -> Result<Config, (Vec<Diagnostic>, Option<Box<Config>>)> {
    let src = read_source(&Boundary::new(root), Path::new("calendar.toml"))
        .map_err(|d| (vec![d], None))?;
    let mut config = Config::parse(&src).map_err(|mut errors| {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        (errors, Some(Box::new(Config::best_effort(&src))))
    })?;
    if let Some(repository) = &mut config.repository {
        repository.folder = folder_in_repository(root);
    }
    Ok(config)
}

/// The project's folder inside its git work tree, `/`-separated with a final `/`: the way
/// down from the nearest folder that has a `.git` (a folder, or a file in a linked work
/// tree or a submodule) to the project. Nothing in `.git` is read. Empty when the project
/// is at the top of one, or in none (a copy without its history): then the project is
/// taken to be at the repository's root.
fn folder_in_repository(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else { return String::new() };
    let Some(top) = root.ancestors().find(|a| a.join(".git").symlink_metadata().is_ok()) else {
        return String::new();
    };
    let inside = root.strip_prefix(top).unwrap_or(Path::new(""));
    inside.components().map(|c| format!("{}/", c.as_os_str().to_string_lossy())).collect()
}

/// Every slug and title that the event files under `content/` use, with the first file
/// using it: their `slug` key, else their file name. Files with problems count too, so that
/// `new` never adds a second event with one slug.
pub fn in_use(root: &Path) -> InUse {
    let boundary = Boundary::new(root);
    let (files, _) = discover(&boundary);
    let mut in_use = InUse::default();
    for rel in files {
        let Ok(src) = read_source(&boundary, &rel) else { continue };
        let doc = crate::fields::parse_document_leniently(&src);
        let text = |key| match doc.get_ref().get(key).map(|v| v.get_ref()) {
            Some(toml::de::DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        };
        let slug = text("slug").unwrap_or_else(|| {
            rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        });
        if let Some(title) = text("title") {
            in_use.titles.entry(title.trim().to_lowercase()).or_insert_with(|| rel.clone());
        }
        in_use.slugs.entry(slug).or_insert(rel);
    }
    in_use
}

/// What the project's event files already use, for `new`: each slug's file, and each
/// title's (compared ignoring case), whatever else is wrong with the files.
#[derive(Debug, Clone, Default)]
pub struct InUse {
    /// The file of each slug.
    pub slugs: HashMap<String, PathBuf>,
    /// The file of each title, lowercased.
    pub titles: HashMap<String, PathBuf>,
}

/// A project kept as read, file by file, so that a change re-reads only what changed.
#[derive(Debug, Clone)]
pub struct Loader {
    root: PathBuf,
    /// The settings, or their problems; `Err` with none before the first load.
    config: Result<Config, Vec<Diagnostic>>,
    /// What could be read of settings with problems, that the events were checked with.
    best_effort: Option<Box<Config>>,
    /// Every event file under `content/`, by path relative to the root. Paths compare
    /// component by component, which is the order of the walk: the order a full load
    /// reads files in, which decides which of two files keeps a slug.
    files: BTreeMap<PathBuf, Read>,
    /// Problems met while walking `content/`: unreadable folders, links that loop or lead
    /// out, and (as warnings) files named almost like event files.
    walk_errors: Vec<Diagnostic>,
}

/// One event file as last read.
#[derive(Debug, Clone)]
struct Read {
    /// The checked event, or the file's problems.
    event: Result<Event, Vec<Diagnostic>>,
    /// `path:line:col` of its slug (the path alone for a slug from the file name), named
    /// to a later file that uses the same slug.
    slug_at: String,
    /// The error this file gets when an earlier file has its slug; `first` is filled in then.
    taken: Option<Diagnostic>,
    /// Warnings about a good event, such as one far from the calendar's year, or a date
    /// that could be read two ways.
    warnings: Vec<Diagnostic>,
}

impl Loader {
    /// A loader for the project in `root` that has read nothing yet.
    pub fn new(root: &Path) -> Loader {
        Loader {
            root: root.to_path_buf(),
            config: Err(Vec::new()),
            best_effort: None,
            files: BTreeMap::new(),
            walk_errors: Vec::new(),
        }
    }

    /// Reads `calendar.toml` and every event file again, then checks them together.
    pub fn load(&mut self) -> Result<Project, Vec<Diagnostic>> {
        let history = History::start(&self.root);
        self.read_all()?;
        self.project(history)
    }

    /// Re-reads what changed at these paths (relative to the root, as file watchers report
    /// them: files, or folders whose files all count as changed), then checks the whole
    /// project again, as [`load`] would. A change to `calendar.toml`, or a loader whose
    /// `calendar.toml` did not read, reads everything again.
    pub fn reload<P: AsRef<Path>>(&mut self, changed: &[P]) -> Result<Project, Vec<Diagnostic>> {
        let changed: Vec<&Path> = changed.iter().map(AsRef::as_ref).collect();
        if self.config.is_err() || changed.iter().any(|p| *p == Path::new("calendar.toml")) {
            return self.load();
        }
        let history = History::start(&self.root);
        let t = Instant::now();
        let boundary = Boundary::new(&self.root);
        let content: Vec<&Path> =
            changed.into_iter().filter(|p| p.starts_with("content")).collect();
        // A file that was there and is still a file, or is gone, is read (or dropped) alone;
        // anything else (a folder, a new file, an unknown path) needs the walk again.
        let mut to_read: Vec<PathBuf> = Vec::new();
        let mut walk = false;
        for path in &content {
            let known = self.files.contains_key(*path);
            match std::fs::metadata(self.root.join(path)) {
                Ok(meta) if meta.is_file() && known => to_read.push(path.to_path_buf()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && known => {
                    self.files.remove(*path);
                }
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && path.extension().is_some_and(|x| x == "toml")
                        && !self.files.keys().any(|k| k.starts_with(path)) =>
                {
                    // Made and removed again, such as an editor's temporary file.
                }
                _ => walk = true,
            }
        }
        if walk {
            let (files, errors) = discover(&boundary);
            self.walk_errors = errors;
            let found: std::collections::HashSet<&PathBuf> = files.iter().collect();
            self.files.retain(|path, _| found.contains(path));
            to_read = files
                .into_iter()
                .filter(|f| !self.files.contains_key(f) || content.iter().any(|p| f.starts_with(p)))
                .collect();
        }
        let Ok(config) = &self.config else { unreachable!("a loader without settings loads all") };
        let read: Vec<(PathBuf, Read)> = to_read
            .into_par_iter()
            .map(|rel| (rel.clone(), read_event(&boundary, &rel, config)))
            .collect();
        self.files.extend(read);
        trace::phase("reload changed files", t);
        self.project(history)
    }

    /// Reads `calendar.toml` and every event file, forgetting what was read before.
    fn read_all(&mut self) -> Result<(), Vec<Diagnostic>> {
        self.files.clear();
        self.walk_errors.clear();
        let t = Instant::now();
        let (config, best_effort) = match read_config(&self.root) {
            Ok(config) => (Ok(config), None),
            Err((errors, best_effort)) => (Err(errors), best_effort),
        };
        self.config = config;
        self.best_effort = best_effort;
        let config = match (&self.config, self.best_effort.as_deref()) {
            (Ok(config), _) | (Err(_), Some(config)) => config,
            (Err(errors), None) => return Err(errors.clone()),
        };
        let boundary = Boundary::new(&self.root);
        let (files, errors) = discover(&boundary);
        let t = trace::phase("discover", t);
        // Read in parallel into a list, then made a map at once: rayon would insert each
        // file into the map on its own, and comparing paths component by component in those
        // inserts cost a quarter as much as parsing the files.
        let read: Vec<_> = files
            .into_par_iter()
            .map(|rel| {
                let read = read_event(&boundary, &rel, config);
                (rel, read)
            })
            .collect();
        self.files = read.into_iter().collect();
        trace::phase("read and parse", t);
        self.walk_errors = errors;
        Ok(())
    }

    /// Checks the files read together: every problem (warnings among them), or the files
    /// whose events are published, as indexes in path order, with the warnings. Of two
    /// files with one slug, the first in path order keeps it and the other is an error.
    fn check(&self) -> Result<(Vec<usize>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut errors = self.walk_errors.clone();
        let mut kept = Vec::with_capacity(self.files.len());
        let mut first_use: HashMap<&str, &str> = HashMap::with_capacity(self.files.len());
        let mut years = std::collections::BTreeSet::new();
        for (i, read) in self.files.values().enumerate() {
            match &read.event {
                Ok(event) => {
                    if let Some(first) = first_use.get(event.slug.as_str()) {
                        let mut taken = read.taken.clone().expect("made for every event");
                        *taken.problem = ContentProblem::DuplicateSlug {
                            slug: event.slug.clone(),
                            first: (*first).to_string(),
                        }
                        .into();
                        errors.push(taken);
                    } else {
                        first_use.insert(&event.slug, &read.slug_at);
                        kept.push(i);
                        if !event.draft {
                            years.insert(event.date.when.month().year);
                        }
                        errors.extend(read.warnings.iter().cloned());
                    }
                }
                Err(d) => errors.extend(d.iter().cloned()),
            }
        }
        if let (true, Some(&first), Some(&last)) =
            (years.len() > MAX_EDITIONS, years.first(), years.last())
        {
            let count = years.len();
            let problem = ContentProblem::TooManyEditions { count, first, last, max: MAX_EDITIONS };
            errors.push(Diagnostic::file("content", problem));
        }
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        if errors.iter().any(Diagnostic::is_error) { Err(errors) } else { Ok((kept, errors)) }
    }

    /// The problems of `calendar.toml`, then those of the events checked against what
    /// could be read of it.
    fn with_event_errors(&self, mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
        match self.check() {
            Err(events) | Ok((_, events)) => errors.extend(events),
        }
        errors
    }

    /// The project as read: every event in date order, or every problem.
    fn project(&self, history: Reading) -> Result<Project, Vec<Diagnostic>> {
        let t = Instant::now();
        let config = self.config.clone().map_err(|e| self.with_event_errors(e))?;
        let (kept, warnings) = self.check()?;
        let reads: Vec<&Read> = self.files.values().collect();
        let events = kept.into_iter().map(|i| good(&reads[i].event).clone()).collect();
        Ok(project(&self.root, config, events, warnings, history, t))
    }

    /// [`Loader::project`], moving the events out rather than copying them.
    fn into_project(self, history: Reading) -> Result<Project, Vec<Diagnostic>> {
        let t = Instant::now();
        let config = self.config.clone().map_err(|e| self.with_event_errors(e))?;
        let (kept, warnings) = self.check()?;
        let mut reads: Vec<Option<Read>> = self.files.into_values().map(Some).collect();
        let events = kept
            .into_iter()
            .map(|i| reads[i].take().and_then(|r| r.event.ok()).expect("kept events are good"))
            .collect();
        Ok(project(&self.root, config, events, warnings, history, t))
    }
}

/// The most years a project's events may be in: each year is an edition, a site of its own
/// (its index, grid and feeds), so that a thousand one-line events over a thousand years
/// cannot make a build write hundreds of megabytes.
pub const MAX_EDITIONS: usize = 100;

fn good(event: &Result<Event, Vec<Diagnostic>>) -> &Event {
    event.as_ref().expect("kept events are good")
}

fn project(
    root: &Path,
    config: Config,
    mut events: Vec<Event>,
    warnings: Vec<Diagnostic>,
    history: Reading,
    t: Instant,
) -> Project {
    // Slugs are unique by now, so the order is total and any sort gives the same result.
    events.par_sort_unstable_by(order::date_order);
    trace::phase("slugs and order", t);
    Project { root: root.to_path_buf(), config, events, warnings, history }
}

/// Reads and checks one event file.
fn read_event(boundary: &Boundary, rel: &Path, config: &Config) -> Read {
    match read_source(boundary, rel) {
        Ok(src) => {
            let ctx = Context {
                year: folder_year(rel).or(config.year),
                tags: &config.tags,
                timezone: config.timezone,
                languages: &config.languages,
            };
            let (event, mut warnings) = match Event::read(&src, &ctx) {
                Ok((event, warnings)) => (Ok(event), warnings),
                Err(problems) => (Err(problems), Vec::new()),
            };
            let (slug_at, taken) = match &event {
                Ok(event) => {
                    let at = src.location(event.slug_span.as_ref().map(|s| s.start));
                    let problem = ContentProblem::DuplicateSlug {
                        slug: event.slug.clone(),
                        first: String::new(),
                    };
                    let taken = match &event.slug_span {
                        Some(span) => src.error(span.clone(), problem),
                        None => Diagnostic::file(src.path.clone(), problem),
                    };
                    (at, Some(taken))
                }
                Err(_) => (String::new(), None),
            };
            warnings.extend(event.as_ref().ok().and_then(|e| far_from_year(config, e, &src)));
            Read { event, slug_at, taken, warnings }
        }
        Err(d) => {
            Read { event: Err(vec![d]), slug_at: String::new(), taken: None, warnings: Vec::new() }
        }
    }
}

/// A warning for an event outside the years [`Config::expected_years`] allows, pointing
/// at its date (`date`, else `start`).
fn far_from_year(config: &Config, event: &Event, src: &Source) -> Option<Diagnostic> {
    let year = chrono::Datelike::year(&event.date.when.first_day());
    let expected = config.expected_years()?;
    let calendar = config.year?;
    // An earlier edition is no mistake: its year named in `[[editions]]` or its folder.
    let in_its_folder =
        event.source.components().any(|c| c.as_os_str() == year.to_string().as_str());
    if expected.contains(&year) || config.names_edition(year) || in_its_folder {
        return None;
    }
    let problem = ContentProblem::FarFromYear { year, calendar };
    // Rare: the file is parsed again only to find the date's place.
    let doc = crate::fields::parse_document_leniently(src);
    let span = ["date", "start"].iter().find_map(|k| doc.get_ref().get(*k).map(|v| v.span()));
    Some(
        match span {
            Some(span) => src.error(span, problem),
            None => Diagnostic::file(event.source.clone(), problem),
        }
        .warning(),
    )
}

/// A warning for a file under `content/` named almost like an event file (`x.toml.txt`,
/// `x.TOML`, `x.tml`, `x.toml.bak`), which would otherwise be skipped without a word.
/// Editors' hidden temporary files (`.#x.toml`, `.x.toml.swp`, `x.toml~`) are left alone.
fn near_miss(rel: &Path) -> Option<Diagnostic> {
    let name = rel.file_name()?.to_str()?;
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".toml") {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let stem = if let Some(at) = lower.find(".toml") {
        &name[..at]
    } else {
        name.strip_suffix(".tml").or_else(|| name.strip_suffix(".TML"))?
    };
    let suggestion = format!("{stem}.toml");
    Some(Diagnostic::file(rel, ReadProblem::NotAnEventFile { suggestion }).warning())
}

/// Every `*.toml` below `content/`, relative to the root, in a stable order. Links are
/// followed only while they stay inside the project; one that leads out is an error and
/// is not entered.
fn discover(boundary: &Boundary) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let root = boundary.root();
    let mut errors = Vec::new();
    let found = boundary.files(Path::new("content"), |problem| {
        errors.push(problem.unwrap_or_else(|e| {
            let path = e.path().map_or_else(|| PathBuf::from("content"), |p| relative(root, p));
            let message = match e.loop_ancestor() {
                Some(a) => format!("a link loops back to {}", display_path(&relative(root, a))),
                None => e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()),
            };
            Diagnostic::unreadable(path, message)
        }))
    });
    let (files, others): (Vec<PathBuf>, Vec<PathBuf>) =
        found.into_iter().partition(|f| f.extension().is_some_and(|x| x == "toml"));
    errors.extend(others.iter().filter_map(|f| near_miss(f)));
    (files, errors)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a project file as UTF-8 text; never a link's target outside the project.
fn read_source(boundary: &Boundary, rel: &Path) -> Result<Source, Diagnostic> {
    // Event files were found by a walk that checked their folders; `calendar.toml` was not.
    let unreadable = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound && rel == Path::new("calendar.toml") {
            Diagnostic::file(rel, ReadProblem::NoConfig)
        } else {
            Diagnostic::unreadable(rel, e)
        }
    };
    let file = if rel.parent() == Some(Path::new("")) {
        boundary.path(rel)?;
        std::fs::File::open(boundary.root().join(rel)).map_err(unreadable)?
    } else {
        boundary.open(rel)?
    };
    let bytes = match read_bounded(file) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            let (size, max) = (usize::try_from(size).unwrap_or(usize::MAX), MAX_FILE_BYTES);
            return Err(Diagnostic::file(rel, ReadProblem::FileTooLarge { size, max }));
        }
        Err(e) => return Err(unreadable(e)),
    };
    let text = String::from_utf8(bytes).map_err(|_| Diagnostic::file(rel, ReadProblem::NotUtf8))?;
    Ok(Source::new(rel, text))
}

/// The year of the nearest enclosing folder named like `2021`.
fn folder_year(rel: &Path) -> Option<i32> {
    rel.parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|name| name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|name| name.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_year_folder_wins() {
        assert_eq!(folder_year(Path::new("content/2021/x.toml")), Some(2021));
        assert_eq!(folder_year(Path::new("content/2021/2022/x.toml")), Some(2022));
        assert_eq!(folder_year(Path::new("content/2021/webinars/x.toml")), Some(2021));
        assert_eq!(folder_year(Path::new("content/x.toml")), None);
        assert_eq!(folder_year(Path::new("content/12345/x.toml")), None);
    }
}
