//! Every kind of file a site has, each in one place: its path, its content type, what it
//! depends on and how it is made. A kind is one line of the `kinds!` list below and a
//! module here with a `const` [`About`] and an implementation of [`Output`]; forgetting
//! the module, or any of a kind's facts, does not compile.
//! `docs/architecture.md` walks through adding one.

use std::collections::HashMap;
use std::io;

use crate::diagnostic::Diagnostic;
use crate::edition;
use crate::locale::fill;
use crate::plan::{Maker, Plan};
use crate::view::MonthView;

mod asset;
mod atom;
mod brochure;
mod calls_feed;
mod edition_feed;
mod edition_index;
mod embed;
mod event_file;
mod event_page;
mod events_json;
mod feed;
mod github;
mod index;
mod month_grid;
mod not_found;
mod tag_atom;
mod tag_feed;
mod tag_page;

pub use asset::by_extension;

/// Declares the kinds of file in one list: each line a [`Kind`] variant, in the order
/// of [`KINDS`], and the [`Output`] that makes its files. A kind is one line here and a
/// module; [`Kind::output`] is generated from the same line, so the two cannot drift.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $kind:ident => $output:expr,)*) => {
        /// A kind of file of the site. The order is the order of [`all`] and of [`KINDS`],
        /// and of files compared or sorted.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[doc = $doc])* $kind,)*
        }

        /// Every kind, in order.
        pub const KINDS: &[Kind] = &[$(Kind::$kind,)*];

        impl Kind {
            /// How files of this kind are made.
            pub fn output(self) -> &'static dyn Output {
                match self {
                    $(Kind::$kind => &$output,)*
                }
            }
        }
    };
}

kinds! {
    /// `index.html`: every event, by month.
    Index => index::Index,
    /// `calendar.html`: the edition's events on a grid of twelve months.
    MonthGrid => month_grid::MonthGrid,
    /// `<year>/calendar.html`: one edition's grid, at an address that stays.
    EditionGrid => month_grid::EditionGrid,
    /// `embed.html`: the current edition's next events without the site's frame, for an `<iframe>`.
    Embed => embed::Embed,
    /// `<year>/index.html`: one edition's events, by month.
    EditionIndex => edition_index::EditionIndex,
    /// `404.html`.
    NotFound => not_found::NotFound,
    /// `tags/<id>.html`: a tag's events, by month.
    TagPage => tag_page::TagPage,
    /// `events/<slug>.html`: an event's page.
    EventPage => event_page::EventPage,
    /// `events/<slug>.ics`: an event's iCalendar file.
    EventFile => event_file::EventFile,
    /// `calendar.ics`: the calendar's feed, the current edition and later ones.
    Feed => feed::Feed,
    /// `<year>/calendar.ics`: one edition's feed.
    EditionFeed => edition_feed::EditionFeed,
    /// `tags/<id>.ics`: a tag's feed, the current edition and later ones.
    TagFeed => tag_feed::TagFeed,
    /// `calls.ics`: the deadlines of the events' calls.
    CallsFeed => calls_feed::CallsFeed,
    /// `events.json`.
    EventsJson => events_json::EventsJson,
    /// `events.atom`: the 100 most recently updated events as an Atom feed, newest first.
    Atom => atom::Atom,
    /// `tags/<id>.atom`: a tag's Atom feed.
    TagAtom => tag_atom::TagAtom,
    /// `brochure.pdf`, `<year>/brochure.pdf`: an edition as the printed brochure.
    Brochure => brochure::Brochure,
    /// `.nojekyll`, for GitHub Pages.
    NoJekyll => github::NoJekyll,
    /// `CNAME`, when `calendar.toml` sets `cname`.
    Cname => github::Cname,
    /// A file of the theme's `static/` folder; last, so that it replaces a made file.
    Asset => asset::Asset,
}

impl Kind {
    /// What files of this kind are.
    pub fn about(self) -> &'static About {
        self.output().about()
    }

    /// Whether each of the calendar's languages has its own files of this kind, under
    /// its code: every kind but the theme's files and GitHub's, which are the site's.
    pub fn per_language(self) -> bool {
        !matches!(self, Kind::Asset | Kind::NoJekyll | Kind::Cname)
    }

    /// How many languages have files of this kind.
    pub fn languages(self, build: &Plan<'_>) -> usize {
        if self.per_language() { build.languages() } else { 1 }
    }
}

/// One file of the site: its kind, and which one of that kind (the tag's or published
/// event's place, the theme file's place among the theme's static files; 0 for a kind
/// with one file), in which of the calendar's languages (0, the default, for most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct File {
    /// Its kind.
    pub kind: Kind,
    /// Its language's place in `languages`.
    pub lang: usize,
    /// Which one of its kind.
    pub index: usize,
}

impl File {
    /// The `index`-th file of a kind.
    pub fn new(kind: Kind, index: usize) -> File {
        File { kind, lang: 0, index }
    }

    /// The file of a kind that has one.
    pub fn one(kind: Kind) -> File {
        File::new(kind, 0)
    }

    /// The same file in the `lang`-th language.
    pub fn in_language(self, lang: usize) -> File {
        File { lang, ..self }
    }

    /// What it is.
    pub fn about(&self) -> &'static About {
        self.kind.about()
    }

    /// Its path, relative to the site's root: under its language's code but for the
    /// default language.
    pub fn path(&self, build: &Plan<'_>) -> String {
        let build = build.in_language(self.lang);
        let path = self.kind.output().path(build, self.index);
        if build.prefix().is_empty() { path } else { format!("{}{path}", build.prefix()) }
    }

    /// Its `Content-Type`.
    pub fn content_type(&self, build: &Plan<'_>) -> &'static str {
        match self.about().content_type {
            ContentType::Fixed(fixed) => fixed,
            ContentType::ByExtension => by_extension(&self.path(build)),
        }
    }
}

/// The facts of a kind of file, beside its path and its making.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    /// Its `Content-Type`, as `serve` sends it.
    pub content_type: ContentType,
    /// Whether a template makes it, so that a broken theme or content can fail it.
    pub templated: bool,
    /// Whether it is made piece by piece, being as large as the calendar.
    pub streamed: bool,
    /// What a change must touch for it to be made again.
    pub depends: Depends,
    /// When a whole build makes it.
    pub stage: Stage,
}

/// A kind's `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    /// The same for every file of the kind.
    Fixed(&'static str),
    /// By the file's extension ([`by_extension`]): theme files, which may be anything.
    ByExtension,
}

/// What a file is made from, beside the settings, the theme and the calendar's years, a
/// change to any of which makes every file again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depends {
    /// Nothing else.
    Settings,
    /// Its own event.
    OwnEvent,
    /// Every published event.
    Events,
    /// The published events of its tag.
    TagEvents,
}

/// When a whole build makes a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// In the first pass, on all cores; files of an event ([`Depends::OwnEvent`]) one
    /// after the other.
    Main,
    /// The feeds, after the first pass, once every event's `VEVENT` is made; a build's
    /// summary counts them.
    Feeds,
    /// Last, one at a time: the theme's own files, which replace a made file of the same
    /// path.
    Theme,
}

/// A kind of file: how many a build has, where each goes, and how each is made.
pub trait Output: Sync {
    /// The kind's facts.
    fn about(&self) -> &'static About;

    /// How many files of this kind a build has.
    fn count(&self, build: &Plan<'_>) -> usize;

    /// Whether the `index`-th is made: each of the [`Output::count`] is, unless the kind
    /// says otherwise (an event whose month is not known has no `.ics` file).
    fn exists(&self, _build: &Plan<'_>, _index: usize) -> bool {
        true
    }

    /// The path of the `index`-th, relative to the site's root.
    fn path(&self, build: &Plan<'_>, index: usize) -> String;

    /// Makes the `index`-th into `out`.
    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic>;
}

/// Where a file is being made: its bytes go to `bytes`; a failure to write them is said
/// with the file's path.
pub struct Out<'w> {
    /// The bytes' destination.
    pub bytes: &'w mut dyn io::Write,
    /// Says why the file could not be written.
    pub failed: Failed<'w>,
}

/// Says why a file could not be written, with its path.
#[derive(Clone, Copy)]
pub struct Failed<'w> {
    build: &'w Plan<'w>,
    file: File,
}

impl Failed<'_> {
    /// The diagnostic for a failure to write the file.
    pub fn because(&self, e: &io::Error) -> Diagnostic {
        failed(self.build, self.file, e)
    }
}

impl Out<'_> {
    /// Writes all of `bytes`.
    pub fn all(&mut self, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.bytes.write_all(bytes).map_err(|e| self.failed.because(&e))
    }
}

/// The diagnostic for a failure to write a file of a build.
pub fn failed(build: &Plan<'_>, file: File, e: &io::Error) -> Diagnostic {
    Diagnostic::unwritable(file.path(build), e)
}

/// Every file of a build, kind by kind in [`KINDS`] order, each kind language by
/// language: the theme's files last.
pub fn all(build: &Plan<'_>) -> Vec<File> {
    KINDS.iter().flat_map(|&kind| of_kind(build, kind)).collect()
}

/// Every file of one kind, language by language.
pub fn of_kind<'a>(build: &'a Plan<'a>, kind: Kind) -> impl Iterator<Item = File> + 'a {
    let output = kind.output();
    (0..kind.languages(build)).flat_map(move |lang| {
        let language = build.in_language(lang);
        (0..output.count(language))
            .filter(move |&i| output.exists(language, i))
            .map(move |i| File::new(kind, i).in_language(lang))
    })
}

/// Makes one file into `bytes`: the one piece of code for each file of the site.
pub fn write(maker: &Maker<'_>, file: File, bytes: &mut dyn io::Write) -> Result<(), Diagnostic> {
    let mut out = Out { bytes, failed: Failed { build: maker.plan(), file } };
    file.kind.output().write(maker.in_language(file.lang), file.index, &mut out)
}

/// One file's bytes.
pub fn bytes(maker: &Maker<'_>, file: File) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    write(maker, file, &mut bytes)?;
    Ok(bytes)
}

/// The files of a build by path. A theme file wins over a made file of the same path,
/// since a build writes it last.
#[derive(Debug, Default)]
pub struct Paths(HashMap<String, File>);

impl Paths {
    /// Every file of a build, by path.
    pub fn of(build: &Plan<'_>) -> Paths {
        Paths(all(build).into_iter().map(|file| (file.path(build), file)).collect())
    }

    /// The file at a path of the site, if there is one.
    pub fn get(&self, path: &str) -> Option<File> {
        self.0.get(path).copied()
    }
}

/// An edition's months as its index and its brochure list them (every event's, for a
/// calendar without editions), the months of the previous edition whose events run into
/// it marked as such.
fn edition_months(maker: &Maker<'_>, year: Option<i32>) -> Vec<MonthView> {
    let Some(year) = year else { return maker.views().months(|_| true) };
    let mut months = maker.views().months(|e| edition::lists(e, year));
    let own = format!("{year}-");
    let previous = (year - 1).to_string();
    let words = &maker.plan().config().locale.words;
    for month in months.iter_mut().filter(|m| !m.anchor.starts_with(&own)) {
        month.heading = fill(words.carried_over, &[("heading", &month.heading), ("y", &previous)]);
    }
    months
}
