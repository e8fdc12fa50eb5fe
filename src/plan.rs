//! A site's plan: what every file of one build is made from: the project, its theme and compiled
//! templates, which events are published, and what several files share (each event's
//! `VEVENT`, the list view of every event), made once, on first use. Which files there
//! are, and how each is made, is [`crate::outputs`]'s business.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use minijinja::value::Value;
use rayon::prelude::*;

use crate::brochure::Typeset;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::edition::Editions;
use crate::event::Event;
use crate::history::{History, Revision};
use crate::ics;
use crate::load::Project;
use crate::render::{Limits, Renderer};
use crate::theme::Theme;
use crate::trace;
use crate::translate::{self, LanguageLink};
use crate::view::{self, SiteView, TagView, Views};

/// What to build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Include events marked `draft = true`.
    pub drafts: bool,
}

/// The inputs of every file of one build. Any one file can be made from it alone, and a
/// whole build makes them all with the same code ([`crate::site::emit`]).
pub struct Plan<'p> {
    project: Cow<'p, Project>,
    options: PlanOptions,
    theme: Theme,
    renderer: Renderer,
    tags: Vec<TagView>,
    year_label: String,
    /// What the pages say of the published events as a whole (filters, the calls' feed).
    at_large: view::EventsAtLarge,
    editions: Editions,
    /// The calendar as each edition's pages show it, in `editions.years()` order: made on
    /// first use, once, not for each page of an earlier edition's events.
    edition_sites: Vec<OnceLock<Value>>,
    /// The published events, as indexes into the project's events, in date order.
    published: Vec<usize>,
    /// Each published event's place among them, by slug.
    by_slug: HashMap<String, usize>,
    /// Each published event's `VEVENT`, made once for its own file and every feed.
    vevents: Vec<OnceLock<ics::Vevent>>,
    /// Where this language's files go: empty for the default language, `fr/` for another.
    prefix: String,
    /// The builds of the calendar's other languages, in `languages` order.
    others: Vec<Plan<'static>>,
}

impl std::fmt::Debug for Plan<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("root", &self.project.root)
            .field("events", &self.published.len())
            .finish_non_exhaustive()
    }
}

impl<'p> Plan<'p> {
    /// A build of a project: its theme read and its templates compiled.
    pub fn new(project: &'p Project, options: PlanOptions) -> Result<Plan<'p>, Vec<Diagnostic>> {
        Plan::of(Cow::Borrowed(project), options)
    }

    /// [`Plan::new`], keeping the project, so that the build can outlive the caller.
    pub fn owning(
        project: Project,
        options: PlanOptions,
    ) -> Result<Plan<'static>, Vec<Diagnostic>> {
        Plan::of(Cow::Owned(project), options)
    }

    fn of(project: Cow<'p, Project>, options: PlanOptions) -> Result<Plan<'p>, Vec<Diagnostic>> {
        let t = Instant::now();
        let theme = Theme::load(&project.root, &project.config.theme)?;
        trace::phase("theme", t);
        let others: Vec<Result<Plan<'static>, Vec<Diagnostic>>> = project.config.languages
            [1.min(project.config.languages.len())..]
            .par_iter()
            .map(|code| {
                let project = translate::in_language(&project, code);
                Plan::language(Cow::Owned(project), options, theme.clone())
            })
            .collect();
        let mut build = Plan::language(project, options, theme)?;
        let (others, errors): (Vec<_>, Vec<_>) = others.into_iter().partition(Result::is_ok);
        let errors: Vec<Diagnostic> =
            errors.into_iter().filter_map(Result::err).flatten().collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        build.others = others.into_iter().filter_map(Result::ok).collect();
        Ok(build)
    }

    /// The build of one language, with the theme read once for all.
    fn language(
        project: Cow<'p, Project>,
        options: PlanOptions,
        theme: Theme,
    ) -> Result<Plan<'p>, Vec<Diagnostic>> {
        let config = &project.config;
        let prefix = config.folder(&config.language);
        let published: Vec<usize> = (0..project.events.len())
            .filter(|&i| options.drafts || !project.events[i].draft)
            .collect();
        let renderer =
            Renderer::new(&theme, &config.language, Limits::for_events(published.len()))?;
        let events: Vec<&Event> = published.iter().map(|&i| &project.events[i]).collect();
        let tags = view::tag_views(config, &events);
        let year_label = view::year_label(config, &events);
        let at_large = view::EventsAtLarge::of(&events);
        let editions = Editions::new(config, &events);
        let by_slug = events.iter().enumerate().map(|(i, e)| (e.slug.clone(), i)).collect();
        let vevents = events.iter().map(|_| OnceLock::new()).collect();
        let edition_sites = editions.years().iter().map(|_| OnceLock::new()).collect();
        Ok(Plan {
            theme,
            renderer,
            tags,
            year_label,
            at_large,
            editions,
            edition_sites,
            published,
            by_slug,
            vevents,
            options,
            project,
            prefix,
            others: Vec::new(),
        })
    }

    /// How many languages the calendar is published in.
    pub fn languages(&self) -> usize {
        1 + self.others.len()
    }

    /// The build of the `k`-th language of `languages`; the default one is this build.
    pub fn in_language(&self, k: usize) -> &Plan<'_> {
        match k.checked_sub(1) {
            Some(other) => &self.others[other],
            None => self,
        }
    }

    /// Where this language's files go, relative to the site's root: `` or `fr/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The project built.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project's settings.
    pub fn config(&self) -> &Config {
        &self.project.config
    }

    /// What was asked for.
    pub fn options(&self) -> PlanOptions {
        self.options
    }

    /// The theme's files.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The compiled templates.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The calendar's tags, as templates see them, in the calendar's order.
    pub fn tags(&self) -> &[TagView] {
        &self.tags
    }

    /// The editions: the years with events, and the current one.
    pub fn editions(&self) -> &Editions {
        &self.editions
    }

    /// The calendar as an edition's index shows it.
    pub fn edition_site(&self, year: i32) -> Value {
        let make = || {
            let config = &self.project.config;
            let mut site = SiteView::new(config, &self.tags, self.year_label.clone());
            site.translations(config);
            site.events_at_large(config, &self.at_large);
            site.for_edition(config, year).value()
        };
        match self.editions.years().iter().position(|&y| y == year) {
            Some(i) => self.edition_sites[i].get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The years the calendar covers, as its pages show them.
    pub fn year_label(&self) -> &str {
        &self.year_label
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

    /// The published event with this slug: its place among them.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The published events, in date order.
    pub fn events(&self) -> Vec<&Event> {
        self.published.iter().map(|&i| &self.project.events[i]).collect()
    }

    /// The `i`-th published event's version: its stamps and `SEQUENCE`.
    pub fn revision(&self, i: usize) -> Revision {
        self.project.history.get().revision(&self.project.config, self.event(i))
    }

    /// The day this build counts as today ([`crate::history::reference_day`]).
    pub fn reference_day(&self) -> chrono::NaiveDate {
        let newest = (0..self.len()).map(|i| self.revision(i).stamp).max();
        crate::history::reference_day(&self.project.config, newest)
    }

    /// The stamp of a file no event dates ([`History::calendar_stamp`]).
    pub fn fallback_stamp(&self) -> chrono::DateTime<chrono::Utc> {
        History::calendar_stamp(&self.project.config)
    }

    /// The `i`-th published event's `VEVENT`, made on first use.
    pub fn vevent(&self, i: usize) -> &ics::Vevent {
        let config = &self.project.config;
        self.vevents[i].get_or_init(|| ics::Vevent::new(config, self.event(i), self.revision(i)))
    }

    /// Something that makes this build's files, one at a time or all, in every language.
    pub fn maker(&self) -> Maker<'_> {
        let mut maker = self.maker_alone();
        maker.others = self.others.iter().map(Plan::maker_alone).collect();
        maker
    }

    /// The maker of this language's files alone.
    fn maker_alone(&self) -> Maker<'_> {
        let mut site = SiteView::new(&self.project.config, &self.tags, self.year_label.clone());
        site.translations(&self.project.config);
        site.events_at_large(&self.project.config, &self.at_large);
        let languages = site.languages.clone();
        let site = site.value();
        let brochures = (0..=self.editions.years().len()).map(|_| OnceLock::new()).collect();
        Maker {
            build: self,
            site,
            languages,
            views: OnceLock::new(),
            brochures,
            others: Vec::new(),
        }
    }
}

/// Makes the files of one build. What several files share (the calendar's template value,
/// the list view of every event) is made once, on first use.
pub struct Maker<'b> {
    build: &'b Plan<'b>,
    site: Value,
    /// The roots of the calendar's languages, as this language's pages link them.
    languages: Vec<LanguageLink>,
    views: OnceLock<Views<'b>>,
    /// Each brochure, typeset on first use for its file and its index's link; one place
    /// for each year with events and one for the root's.
    brochures: Vec<OnceLock<Result<Typeset, Diagnostic>>>,
    /// The makers of the other languages' files.
    others: Vec<Maker<'b>>,
}

impl<'b> Maker<'b> {
    /// The maker of the `k`-th language's files; the default one is this maker.
    pub fn in_language(&self, k: usize) -> &Maker<'b> {
        match k.checked_sub(1) {
            Some(other) => &self.others[other],
            None => self,
        }
    }

    /// The build whose files this makes.
    pub fn plan(&self) -> &'b Plan<'b> {
        self.build
    }

    /// The calendar as templates see it (`site`).
    pub fn site(&self) -> Value {
        self.site.clone()
    }

    /// A page's links to its translations (`translations`, [`translate::page_links`]).
    pub fn translations(&self, root: &str, here: &str, path: &str) -> Value {
        Value::from(minijinja::value::Serde(translate::page_links(
            &self.languages,
            root,
            here,
            path,
        )))
    }

    /// The list view of every published event, made on first use.
    pub fn views(&self) -> &Views<'b> {
        self.views.get_or_init(|| {
            Views::new(self.build.config().locale, &self.build.tags, &self.build.events())
        })
    }

    /// The `slot`-th brochure, made by `make` on first use.
    pub fn brochure(
        &self,
        slot: usize,
        make: impl FnOnce() -> Result<Typeset, Diagnostic>,
    ) -> &Result<Typeset, Diagnostic> {
        self.brochures[slot].get_or_init(make)
    }

    /// The list view of every published event, if it is made already.
    pub fn views_made(&self) -> Option<&Views<'b>> {
        self.views.get()
    }
}
