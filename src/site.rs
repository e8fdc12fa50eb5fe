//! The whole site, made in memory from a loaded project, then written to disk at once:
//! into a fresh folder beside the output folder, swapped in only when complete.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use minijinja::context;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Problem};
use crate::event::Event;
use crate::history::{History, Revision};
use crate::load::Project;
use crate::render::{Limits, Renderer};
use crate::theme::Theme;
use crate::trace;
use crate::view::{self, SiteView, TagView, Views};
use crate::{ics, markdown};

/// What to build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include events marked `draft = true`.
    pub drafts: bool,
}

/// Every file of the site, by path relative to the output folder, in path order.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The files.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many events and feeds it has.
    pub stats: Stats,
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
    Ok(Site { files, stats })
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

/// An output that keeps nothing: a build into it only checks that every file can be made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Output for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> io::Result<()> {
        Ok(())
    }

    fn put_with(
        &self,
        _: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        write(&mut io::sink())
    }
}

/// The diagnostics, each once, in their first order: one broken template fails every
/// page alike, and is said once.
pub fn distinct(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diagnostics.into_iter().filter(|d| seen.insert(d.to_string())).collect()
}

/// Makes every file of the site and hands each to `out` as soon as it is made, so that
/// a large calendar is never held in memory whole. Pages and feeds are made in parallel.
pub fn emit(
    project: &Project,
    options: Options,
    out: &dyn Output,
) -> Result<Stats, Vec<Diagnostic>> {
    Build::new(project, options)?.emit(out)
}

/// One file of the site, by what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum File {
    /// `index.html`: every event, by month.
    Index,
    /// `404.html`.
    NotFound,
    /// `tags/<id>.html`, by the tag's place in the calendar's tags.
    TagPage(usize),
    /// `events/<slug>.html`, by the event's place among the published events.
    EventPage(usize),
    /// `events/<slug>.ics`, by the event's place among the published events.
    EventFile(usize),
    /// `calendar.ics`: the whole calendar's feed.
    Feed,
    /// `tags/<id>.ics`, by the tag's place in the calendar's tags.
    TagFeed(usize),
    /// `events.json`.
    EventsJson,
    /// `.nojekyll`.
    NoJekyll,
    /// `CNAME`, when `calendar.toml` sets `cname`.
    Cname,
    /// A file of the theme's `static/` folder, by its path there.
    Asset(String),
}

impl File {
    /// Whether a template makes it, so that a broken theme can fail it.
    pub fn is_page(&self) -> bool {
        matches!(self, File::Index | File::NotFound | File::TagPage(_) | File::EventPage(_))
    }

    /// Whether it is made piece by piece, being as large as the calendar.
    fn is_streamed(&self) -> bool {
        matches!(
            self,
            File::Index | File::TagPage(_) | File::Feed | File::TagFeed(_) | File::EventsJson
        )
    }
}

/// How a build's files differ from an earlier build's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Every file is as it was.
    Nothing,
    /// These files of the new build may differ (or are new); the others are as they were.
    Files(Vec<File>),
    /// Settings, theme or something every page shows changed: any file may differ.
    Everything,
}

/// What every file of one build is made from: the project, its theme and templates, and
/// which events are published. Any one file can be made from it alone ([`Build::maker`]),
/// and [`Build::emit`] makes them all with the same code.
pub struct Build<'p> {
    project: Cow<'p, Project>,
    options: Options,
    theme: Theme,
    renderer: Renderer,
    tags: Vec<TagView>,
    year_label: String,
    /// The published events, as indexes into the project's events, in date order.
    published: Vec<usize>,
    /// Each published event's place among them, by slug.
    by_slug: HashMap<String, usize>,
    /// Each published event's `VEVENT`, made once for its own file and every feed.
    vevents: Vec<OnceLock<String>>,
    /// When each event file changed, from git: one `git log` per build.
    history: History,
}

impl std::fmt::Debug for Build<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Build")
            .field("root", &self.project.root)
            .field("events", &self.published.len())
            .finish_non_exhaustive()
    }
}

impl<'p> Build<'p> {
    /// A build of a project: its theme read and its templates compiled.
    pub fn new(project: &'p Project, options: Options) -> Result<Build<'p>, Vec<Diagnostic>> {
        Build::of(Cow::Borrowed(project), options)
    }

    /// [`Build::new`], keeping the project, so that the build can outlive the caller.
    pub fn owning(project: Project, options: Options) -> Result<Build<'static>, Vec<Diagnostic>> {
        Build::of(Cow::Owned(project), options)
    }

    fn of(project: Cow<'p, Project>, options: Options) -> Result<Build<'p>, Vec<Diagnostic>> {
        let t = Instant::now();
        let config = &project.config;
        let theme = Theme::load(&project.root, &config.theme)?;
        let published: Vec<usize> = (0..project.events.len())
            .filter(|&i| options.drafts || !project.events[i].draft)
            .collect();
        let renderer = Renderer::new(&theme, config.locale, Limits::for_events(published.len()))?;
        let events: Vec<&Event> = published.iter().map(|&i| &project.events[i]).collect();
        let tags = view::tag_views(config);
        let year_label = view::year_label(config, &events);
        let by_slug = events.iter().enumerate().map(|(i, e)| (e.slug.clone(), i)).collect();
        let vevents = events.iter().map(|_| OnceLock::new()).collect();
        let t = trace::phase("theme", t);
        let history = History::read(&project.root);
        trace::phase("git history", t);
        Ok(Build {
            theme,
            renderer,
            tags,
            year_label,
            published,
            by_slug,
            vevents,
            history,
            options,
            project,
        })
    }

    /// The project built.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// How many events are published.
    pub fn len(&self) -> usize {
        self.published.len()
    }

    /// Whether no event is published.
    pub fn is_empty(&self) -> bool {
        self.published.is_empty()
    }

    /// The `i`-th published event, in date order.
    pub fn event(&self, i: usize) -> &Event {
        &self.project.events[self.published[i]]
    }

    /// The published events, in date order.
    pub fn events(&self) -> Vec<&Event> {
        self.published.iter().map(|&i| &self.project.events[i]).collect()
    }

    /// Every file of the site, the theme's own files last, as [`Build::emit`] writes them.
    pub fn files(&self) -> Vec<File> {
        let mut files = vec![File::Index, File::NotFound];
        files.extend((0..self.tags.len()).map(File::TagPage));
        for i in 0..self.len() {
            files.push(File::EventPage(i));
            if ics::has_file(self.event(i)) {
                files.push(File::EventFile(i));
            }
        }
        files.push(File::Feed);
        files.extend((0..self.tags.len()).map(File::TagFeed));
        files.extend([File::EventsJson, File::NoJekyll]);
        if self.project.config.cname.is_some() {
            files.push(File::Cname);
        }
        files.extend(self.theme.assets.keys().cloned().map(File::Asset));
        files
    }

    /// A file's path, relative to the site's root.
    pub fn path(&self, file: &File) -> String {
        match file {
            File::Index => "index.html".into(),
            File::NotFound => "404.html".into(),
            File::TagPage(i) => self.tags[*i].page.clone(),
            File::EventPage(i) => self.event(*i).page_path(),
            File::EventFile(i) => self.event(*i).ics_path(),
            File::Feed => "calendar.ics".into(),
            File::TagFeed(i) => self.tags[*i].feed.clone(),
            File::EventsJson => "events.json".into(),
            File::NoJekyll => ".nojekyll".into(),
            File::Cname => "CNAME".into(),
            File::Asset(name) => name.clone(),
        }
    }

    /// The file at a path of the site, if there is one. A file of the theme's `static/`
    /// folder wins over a made file of the same path, since a build writes it last.
    pub fn file(&self, path: &str) -> Option<File> {
        if self.theme.assets.contains_key(path) {
            return Some(File::Asset(path.to_string()));
        }
        let tag = |id: &str| self.tags.iter().position(|t| t.id == id);
        let file = match path {
            "index.html" => File::Index,
            "404.html" => File::NotFound,
            "calendar.ics" => File::Feed,
            "events.json" => File::EventsJson,
            ".nojekyll" => File::NoJekyll,
            "CNAME" if self.project.config.cname.is_some() => File::Cname,
            _ => {
                let (folder, name) = path.split_once('/')?;
                let (stem, html) = match (name.strip_suffix(".html"), name.strip_suffix(".ics")) {
                    (Some(stem), _) => (stem, true),
                    (None, Some(stem)) => (stem, false),
                    (None, None) => return None,
                };
                match (folder, html) {
                    ("events", true) => File::EventPage(*self.by_slug.get(stem)?),
                    ("events", false) => {
                        let i = *self.by_slug.get(stem)?;
                        ics::has_file(self.event(i)).then_some(File::EventFile(i))?
                    }
                    ("tags", true) => File::TagPage(tag(stem)?),
                    ("tags", false) => File::TagFeed(tag(stem)?),
                    _ => return None,
                }
            }
        };
        Some(file)
    }

    /// The `i`-th published event's version: its stamps and `SEQUENCE`.
    pub fn revision(&self, i: usize) -> Revision {
        self.history.revision(&self.project.config, self.event(i))
    }

    /// The `i`-th published event's `VEVENT`, made on first use.
    fn vevent(&self, i: usize) -> &str {
        let config = &self.project.config;
        self.vevents[i].get_or_init(|| ics::vevent_lines(config, self.event(i), self.revision(i)))
    }

    /// [`Build::vevent`], made with the plain text of the event's description (its
    /// [`ics::description_text`]) if it is not made yet.
    fn vevent_with(&self, i: usize, text: Option<&str>) -> &str {
        let config = &self.project.config;
        self.vevents[i]
            .get_or_init(|| ics::vevent_lines_with(config, self.event(i), self.revision(i), text))
    }

    /// Something that makes this build's files, one at a time or all.
    pub fn maker(&self) -> Maker<'_> {
        let site = SiteView::new(&self.project.config, &self.tags, self.year_label.clone());
        Maker { build: self, site: Value::from(Serde(&site)), views: OnceLock::new() }
    }

    /// Makes every file of the site and hands each to `out` as soon as it is made, so that
    /// a large calendar is never held in memory whole. Pages and feeds are made in parallel.
    pub fn emit(&self, out: &dyn Output) -> Result<Stats, Vec<Diagnostic>> {
        let t = Instant::now();
        let maker = self.maker();
        maker.views();
        let t = trace::phase("views", t);
        let put = |file: &File| maker.put(file, out);
        // The files of [`Build::files`] in three groups: those that hold one event or none;
        // the feeds, which need every event's VEVENT; the theme's, written last, so that
        // one with the path of a made file replaces it. Event pages and files go by index.
        let (mut singles, mut feeds, mut assets) = (Vec::new(), Vec::new(), Vec::new());
        for file in self.files() {
            match file {
                File::EventPage(_) | File::EventFile(_) => {}
                File::Feed | File::TagFeed(_) => feeds.push(file),
                File::Asset(_) => assets.push(file),
                single => singles.push(single),
            }
        }
        // One pass over the singles and the events' files, on all cores: the list pages and
        // events.json first, since each is large, while the other cores make event pages.
        let n = singles.len();
        // Each event's VEVENT is made with its page, once, for its file and every feed.
        let results: Vec<Result<(), Diagnostic>> = (0..n + self.len())
            .into_par_iter()
            .map(|k| match singles.get(k) {
                Some(file) => put(file),
                None => put(&File::EventPage(k - n)).and_then(|()| {
                    // An event whose month is not known has no file ([`ics::has_file`]).
                    let i = k - n;
                    if ics::has_file(self.event(i)) { put(&File::EventFile(i)) } else { Ok(()) }
                }),
            })
            .collect();
        let t = trace::phase("pages, events.json and event files", t);
        let errors = distinct(results.into_iter().filter_map(Result::err));
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut results: Vec<Result<(), Diagnostic>> = feeds.par_iter().map(put).collect();
        results.extend(assets.iter().map(put));
        let errors = distinct(results.into_iter().filter_map(Result::err));
        if !errors.is_empty() {
            return Err(errors);
        }
        trace::phase("feeds and theme files", t);
        Ok(Stats { events: self.len(), feeds: feeds.len() })
    }

    /// Which files may differ from those of an earlier build. An event's own files depend
    /// on it alone (given the same settings, theme and year label); lists and feeds on
    /// every event they hold.
    pub fn difference(&self, old: &Build<'_>) -> Difference {
        if self.options != old.options
            || self.year_label != old.year_label
            || self.project.config != old.project.config
            || self.theme != old.theme
        {
            return Difference::Everything;
        }
        let mut files = Vec::new();
        let mut tags: BTreeSet<&str> = BTreeSet::new();
        let mut kept = 0;
        for (i, event) in self.events().into_iter().enumerate() {
            let before = old.by_slug.get(&event.slug).map(|&j| (old.event(j), old.revision(j)));
            match before {
                Some((was, revision)) if was == event && revision == self.revision(i) => kept += 1,
                was => {
                    let was = was.map(|(was, _)| was);
                    files.push(File::EventPage(i));
                    if ics::has_file(event) {
                        files.push(File::EventFile(i));
                    }
                    tags.extend(event.tags.iter().map(String::as_str));
                    if let Some(was) = was {
                        kept += 1;
                        tags.extend(was.tags.iter().map(String::as_str));
                    }
                }
            }
        }
        if files.is_empty() && kept == old.len() {
            return Difference::Nothing;
        }
        if kept < old.len() {
            // Events went: they leave the lists of their tags.
            for was in old.events() {
                if !self.by_slug.contains_key(&was.slug) {
                    tags.extend(was.tags.iter().map(String::as_str));
                }
            }
        }
        files.extend([File::Index, File::Feed, File::EventsJson]);
        for (i, tag) in self.tags.iter().enumerate() {
            if tags.contains(tag.id.as_str()) {
                files.extend([File::TagPage(i), File::TagFeed(i)]);
            }
        }
        files.sort();
        Difference::Files(files)
    }
}

/// Makes the files of one build. What several files share (the calendar's template value,
/// the list view of every event) is made once, on first use.
pub struct Maker<'b> {
    build: &'b Build<'b>,
    site: Value,
    views: OnceLock<Views<'b>>,
}

impl<'b> Maker<'b> {
    /// The list view of every published event, made on first use.
    pub fn views(&self) -> &Views<'b> {
        self.views.get_or_init(|| {
            Views::new(self.build.project.config.locale, &self.build.tags, &self.build.events())
        })
    }

    /// One file's bytes.
    pub fn bytes(&self, file: &File) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = Vec::new();
        self.write(file, &mut bytes)?;
        Ok(bytes)
    }

    /// Makes one file into `out`: the one piece of code for each file of the site.
    pub fn write(&self, file: &File, out: &mut dyn io::Write) -> Result<(), Diagnostic> {
        let build = self.build;
        let config = &build.project.config;
        let canonical = |path: &str| config.base_url.absolute(path);
        let site = || self.site.clone();
        let page = match file {
            File::Index => {
                return build.renderer.render_to(
                    "index.html",
                    context! { site => site(), root => "", canonical => canonical(""), months => Serde(self.views().months(|_| true)) },
                    out,
                    |e| self.write_error(file, e),
                );
            }
            // The 404 page is served at any depth: its links start from the site's path.
            File::NotFound => build.renderer.render(
                "404.html",
                context! { site => site(), root => config.base_url.path(), canonical => () },
            ),
            File::TagPage(i) => {
                let tag = &build.tags[*i];
                let months = self.views().months(|e| e.tags.contains(&tag.id));
                return build.renderer.render_to(
                    "tag.html",
                    context! { site => site(), root => "../", canonical => canonical(&tag.page), tag => Serde(tag), months => Serde(months) },
                    out,
                    |e| self.write_error(file, e),
                );
            }
            File::EventPage(i) => {
                let event = build.event(*i);
                let view = match self.views.get() {
                    Some(views) => views.events[*i].0.clone(),
                    // A page made alone needs its event's view alone.
                    None => view::event_value(
                        config.locale,
                        &build.tags,
                        &view::tag_values(&build.tags),
                        event,
                    ),
                };
                // The description's plain text serves the page's links and the event's
                // VEVENT, which is made here for its own file and the feeds.
                let description = event.description.as_deref().map(markdown::to_html_and_text);
                build.vevent_with(*i, description.as_ref().map(|(_, text)| text.as_str()));
                let event_page = view::EventPage::value(config, &view, event, description);
                build.renderer.render(
                    "event.html",
                    context! { site => site(), root => "../", canonical => canonical(&event.page_path()), event => event_page },
                )
            }
            File::EventFile(i) => Ok(ics::event_file_of(config, build.event(*i), build.vevent(*i))),
            File::Feed | File::TagFeed(_) => {
                let (head, tag) = match file {
                    File::TagFeed(i) => {
                        let tag = &config.tags[*i];
                        (ics::FeedHead::tag(config, tag), Some(tag.id.as_str()))
                    }
                    _ => (ics::FeedHead::calendar(config), None),
                };
                // Every VEVENT first, on all cores, if no other file made them yet.
                (0..build.len()).into_par_iter().for_each(|i| {
                    build.vevent(i);
                });
                let mut members = (0..build.len())
                    .filter(|&i| {
                        let e = build.event(i);
                        ics::in_feeds(config, e)
                            && tag.is_none_or(|t| e.tags.iter().any(|id| id == t))
                    })
                    .map(|i| build.vevent(i));
                let written = ics::write_feed(config, &head, &mut members, out);
                return written.map_err(|e| self.write_error(file, &e));
            }
            File::EventsJson => {
                let json = view::events_json(config, &build.events());
                let written = serde_json::to_writer_pretty(&mut *out, &json);
                return written.map_err(|e| self.write_error(file, &io::Error::other(e)));
            }
            File::NoJekyll => Ok(String::new()),
            File::Cname => Ok(format!("{}\n", config.cname.as_deref().unwrap_or_default())),
            File::Asset(name) => {
                let bytes = build.theme.assets.get(name).map_or(&[][..], Vec::as_slice);
                return out.write_all(bytes).map_err(|e| self.write_error(file, &e));
            }
        };
        out.write_all(page?.as_bytes()).map_err(|e| self.write_error(file, &e))
    }

    fn write_error(&self, file: &File, e: &io::Error) -> Diagnostic {
        Diagnostic::file(self.build.path(file), Problem::Write { message: e.to_string() })
    }

    /// Makes one file and hands it to `out`: whole, or piece by piece for large ones.
    fn put(&self, file: &File, out: &dyn Output) -> Result<(), Diagnostic> {
        let path = self.build.path(file);
        if !file.is_streamed() {
            let bytes = self.bytes(file)?;
            return out.put(&path, bytes).map_err(|e| self.write_error(file, &e));
        }
        let mut made = Ok(());
        let written = out.put_with(&path, &mut |w| {
            made = self.write(file, w);
            // The diagnostic is kept in `made`; this only stops the output.
            made.as_ref().map_err(|_| io::Error::other("not made"))?;
            Ok(())
        });
        made.and(written.map_err(|e| self.write_error(file, &e)))
    }
}
