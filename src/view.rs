//! What templates and `events.json` see: plain, serialisable views of the calendar,
//! computed once per build. Templates never parse or format dates themselves.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Contacts, Tag};
use crate::date::Listing;
use crate::event::{Attendance, Event, Status};
use crate::feature_words::FeatureWords;
use crate::links::{self, SubscribeLink};
use crate::locale::{Locale, fill};
use crate::order::{self, Month};
use crate::translatable::Translatable;

mod json;
mod list;
mod schema;

pub use json::{JsonCall, JsonDays, JsonDocument, JsonEvent, JsonTime, events_json};
pub use list::{
    CallView, EventView, attendance_word, call_view, event_value, event_view, tag_values,
};
pub use schema::event_json_ld;

/// Marker symbols, one per tag in order, so that tags differ in shape and not by colour alone.
const SYMBOLS: [&str; 6] = ["●", "◆", "▲", "■", "★", "✚"];

/// The calendar as a whole. Fields, as [`EventView`]'s, are in the order pages read them most.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// The calendar's name.
    pub title: &'a str,
    /// From this language's root up to the site's, where the theme's files are: `../`
    /// under a language's code, else empty.
    pub up: &'static str,
    /// `2021`, or `2021–2022` for a calendar over several years.
    pub year_label: String,
    /// The words of the subscribe and status features.
    pub words: &'static FeatureWords,
    /// The pages' language.
    pub language: &'a str,
    /// The CSS rules that colour the tags' markers (`.marker-0{color:#1f6feb}`) and set
    /// the colour of what a tag tints (`.tag-0{--tag:#1f6feb}`: the grid's bars), made with
    /// the view rather than by a loop in every page's head.
    pub tag_css: String,
    /// The edition line.
    pub edition: Option<&'a str>,
    /// Who publishes it.
    pub publisher: Option<&'a str>,
    /// `webcal://` address of the whole-calendar feed.
    pub webcal: String,
    /// The language of the edition line when it is not the page's.
    pub edition_lang: Option<&'a str>,
    /// The line under the title.
    pub subtitle: Option<&'a str>,
    /// The language of the title when it is not the page's, for want of a translation.
    pub title_lang: Option<&'a str>,
    /// The language of the subtitle when it is not the page's.
    pub subtitle_lang: Option<&'a str>,
    /// The closing line.
    pub footer: Option<&'a str>,
    /// The language of the closing line when it is not the page's.
    pub footer_lang: Option<&'a str>,
    /// The site's address.
    pub base_url: &'a str,
    /// Every tag, with its marker.
    pub tags: &'a [TagView],
    /// Every way to subscribe to the whole-calendar feed.
    pub subscribe: Vec<SubscribeLink>,
    /// The contacts block.
    pub contacts: &'a Contacts,
    /// Each of the calendar's languages, for the links between a page's translations;
    /// none for a calendar in one language.
    pub languages: Vec<crate::translate::LanguageLink>,
    /// GitHub's form for proposing an event, when `calendar.toml` names the repository.
    pub propose: Option<String>,
    /// The kinds of attendance the published events have, for the filters.
    pub attendance: Vec<AttendanceView>,
    /// The calls' feed, when a published event has a call.
    pub calls: Option<CallsFeedView>,
}

/// A kind of attendance, as the filters offer it.
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceView {
    /// `in-person`, `online` or `hybrid`: `data-attendance`'s value.
    pub id: &'static str,
    /// Its word in the page's language.
    pub word: &'static str,
}

/// The calls' feed, `calls.ics`, as the subscribe section links it.
#[derive(Debug, Clone, Serialize)]
pub struct CallsFeedView {
    /// Its path, relative to the site root.
    pub feed: &'static str,
    /// Its `webcal://` address.
    pub webcal: String,
}

/// What the site's pages say of the published events as a whole: the kinds of attendance
/// they have (for the filters), and whether any has a call (for the calls' feed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsAtLarge {
    /// The kinds of attendance, in [`Attendance::ALL`]'s order.
    pub attendance: Vec<Attendance>,
    /// Whether an event has a call.
    pub calls: bool,
}

impl EventsAtLarge {
    /// What the published `events` have.
    pub fn of(events: &[&Event]) -> EventsAtLarge {
        let attendance = Attendance::ALL
            .into_iter()
            .filter(|a| events.iter().any(|e| e.attendance == Some(*a)))
            .collect();
        EventsAtLarge { attendance, calls: events.iter().any(|e| e.call.is_some()) }
    }
}

/// A tag, with its marker and pages; fields in the order list rows read them most.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// Its position among the tags, which picks its marker class.
    pub index: usize,
    /// Its page, relative to the site root.
    pub page: String,
    /// Its marker's shape.
    pub symbol: &'static str,
    /// The legend's text.
    pub label: String,
    /// The language of the label when it is not the page's, for want of a translation.
    pub label_lang: Option<String>,
    /// The id used in event files.
    pub id: String,
    /// A sentence about the tag.
    pub description: Option<String>,
    /// The language of the description when it is not the page's.
    pub description_lang: Option<String>,
    /// Its marker's colour, a validated hex colour.
    pub colour: Option<String>,
    /// Its feed, relative to the site root.
    pub feed: String,
    /// Its Atom feed, relative to the site root.
    pub atom: String,
    /// `webcal://` address of its feed.
    pub webcal: String,
    /// Every way to subscribe to its feed.
    pub subscribe: Vec<SubscribeLink>,
    /// How many published events carry it.
    pub uses: usize,
    /// One of the [`LEGEND_FIRST`] most used tags, which the index's legend shows first
    /// (every tag, when there are no more than that).
    pub first: bool,
}

/// How many tags the index's legend shows before the others, folded away: a calendar
/// may have hundreds.
pub const LEGEND_FIRST: usize = 12;

/// One event as its own page shows it: every field of its list view, then `description`
/// (safe HTML), `google`, `outlook` and `outlook_office` ("add to calendar" links, absent
/// for a cancelled or postponed event), `edit` (GitHub's editor for its file, when
/// `calendar.toml` names the repository) and `schema` (its schema.org data, JSON-LD). A
/// template object that
/// looks keys up in the view, rather than a map of all the fields, which minijinja would
/// build anew for every page.
#[derive(Debug)]
pub struct EventDetails {
    view: Value,
    description: Value,
    google: Value,
    outlook: Value,
    outlook_office: Value,
    edit: Value,
    schema: Value,
}

/// What an event's page adds to its list view.
const PAGE_KEYS: [&str; 6] =
    ["description", "google", "outlook", "outlook_office", "edit", "schema"];

impl EventDetails {
    /// The page of an event, as templates see it.
    /// `description` is the description's HTML and plain text
    /// ([`crate::markdown::to_html_and_text`]).
    pub fn value(
        config: &Config,
        view: &Value,
        event: &Event,
        description: Option<(String, String)>,
    ) -> Value {
        let (html, text) = description.unzip();
        let words = &config.locale.features;
        let links = links::page_add_links(words, config, event, text.as_deref());
        let (google, outlook, outlook_office) = match links {
            Some(l) => (l.google, l.outlook_live, l.outlook_office),
            None => (Value::from(()), Value::from(()), Value::from(())),
        };
        Value::from_object(EventDetails {
            view: view.clone(),
            description: Value::from(html),
            google,
            outlook,
            outlook_office,
            edit: Value::from(config.repository.as_ref().map(|r| r.edit_url(&event.source))),
            schema: Value::from(schema::event_json_ld(config, event)),
        })
    }
}

impl Object for EventDetails {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "description" => Some(self.description.clone()),
            "google" => Some(self.google.clone()),
            "outlook" => Some(self.outlook.clone()),
            "outlook_office" => Some(self.outlook_office.clone()),
            "edit" => Some(self.edit.clone()),
            "schema" => Some(self.schema.clone()),
            _ => self.view.get_attr(key).ok().filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let view_keys = self.view.try_iter().into_iter().flatten();
        Enumerator::Values(view_keys.chain(PAGE_KEYS.map(Value::from)).collect())
    }
}

/// A month heading and its events.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// `2021-02`; `2021-tbc` for the year's dates to be confirmed.
    pub anchor: String,
    /// `February`, or `February 2021` when the calendar spans years; "Dates to be
    /// confirmed" after the last month.
    pub heading: String,
    /// `Feb`, for the month navigation; `TBC`.
    pub short: &'static str,
    /// The month's events' views, in index order.
    pub events: Vec<Value>,
}

/// Every tag's view, with its marker and how many of the published `events` carry it.
pub fn tag_views(config: &Config, events: &[&Event]) -> Vec<TagView> {
    let mut views: Vec<TagView> =
        config.tags.iter().enumerate().map(|(i, t)| tag_view(config, i, t)).collect();
    let index: std::collections::HashMap<&str, usize> =
        config.tags.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    for id in events.iter().flat_map(|e| &e.tags) {
        if let Some(&i) = index.get(id.as_str()) {
            views[i].uses += 1;
        }
    }
    // The most used first; among equals, the calendar's order.
    let mut by_use: Vec<usize> = (0..views.len()).collect();
    by_use.sort_by_key(|&i| std::cmp::Reverse(views[i].uses));
    for &i in by_use.iter().take(LEGEND_FIRST) {
        views[i].first = true;
    }
    views
}

/// The views of one build's events.
#[derive(Debug, Clone)]
pub struct Views<'a> {
    /// The words and date formats of the calendar's language.
    pub locale: &'static Locale,
    /// Each published event's view as a template value, in date order, with the event
    /// itself. Made once, for its page and every list it is in: converting views into
    /// template values is most of what a list page costs.
    pub events: Vec<(Value, &'a Event)>,
}

impl<'a> SiteView<'a> {
    /// The calendar's view; `year_label` from [`year_label`].
    pub fn new(config: &'a Config, tags: &'a [TagView], year_label: String) -> SiteView<'a> {
        SiteView {
            title: &config.title,
            title_lang: config.lang_of.get(&Translatable::Title).map(String::as_str),
            subtitle_lang: config.lang_of.get(&Translatable::Subtitle).map(String::as_str),
            edition_lang: config.lang_of.get(&Translatable::Edition).map(String::as_str),
            footer_lang: config.lang_of.get(&Translatable::Footer).map(String::as_str),
            year_label,
            subtitle: config.subtitle.as_deref(),
            edition: config.edition.as_deref(),
            footer: config.footer.as_deref(),
            publisher: config.publisher.as_deref(),
            language: &config.language,
            base_url: config.base_url.as_str(),
            webcal: links::webcal_url(config, "calendar.ics"),
            subscribe: links::subscribe_links(
                &config.locale.features,
                config,
                "calendar.ics",
                &config.title,
            ),
            words: &config.locale.features,
            tag_css: tags
                .iter()
                .filter_map(|t| {
                    let (i, colour) = (t.index, t.colour.as_ref()?);
                    Some(format!(".marker-{i}{{color:{colour}}}.tag-{i}{{--tag:{colour}}}"))
                })
                .collect(),
            tags,
            contacts: &config.contacts,
            languages: Vec::new(),
            up: "",
            propose: config.repository.as_ref().map(crate::config::Repository::propose_url),
            attendance: Vec::new(),
            calls: None,
        }
    }

    /// What it says of the published events as a whole, for the filters and the feeds.
    pub fn events_at_large(&mut self, config: &Config, events: &EventsAtLarge) {
        self.attendance = events
            .attendance
            .iter()
            .map(|&a| AttendanceView { id: a.as_str(), word: attendance_word(config.locale, a) })
            .collect();
        self.calls = events.calls.then(|| CallsFeedView {
            feed: crate::ics::CALLS_FEED,
            webcal: links::webcal_url(config, crate::ics::CALLS_FEED),
        });
    }

    /// The view as templates see it: `site`.
    pub fn value(&self) -> Value {
        Value::from(minijinja::value::Serde(self))
    }

    /// Links to every language's root, for the pages of `config`'s language.
    pub fn translations(&mut self, config: &Config) {
        if config.languages.len() > 1 {
            self.languages = crate::translate::links(config);
            self.up = config.up();
        }
    }
}

impl<'a> SiteView<'a> {
    /// The view of an edition's index: its own label and, from `[[editions]]`, its own
    /// texts where it gives them.
    pub fn for_edition(mut self, config: &'a Config, year: i32) -> Self {
        self.year_label = crate::edition::label(config, year);
        if let Some(texts) = config.editions.iter().find(|e| e.year == year) {
            // An edition's own text replaces the calendar's, with its own language.
            let lang = |key| texts.lang_of.get(&key).map(String::as_str);
            if let Some(subtitle) = &texts.subtitle {
                (self.subtitle, self.subtitle_lang) =
                    (Some(subtitle.as_str()), lang(Translatable::Subtitle));
            }
            if let Some(edition) = &texts.edition {
                (self.edition, self.edition_lang) =
                    (Some(edition.as_str()), lang(Translatable::Edition));
            }
            if let Some(footer) = &texts.footer {
                (self.footer, self.footer_lang) =
                    (Some(footer.as_str()), lang(Translatable::Footer));
            }
            self.contacts = texts.contacts.as_ref().unwrap_or(self.contacts);
        }
        self
    }
}

impl<'a> Views<'a> {
    /// Every published event's view, made in parallel; `tags` are the calendar's.
    pub fn new(locale: &'static Locale, tags: &[TagView], events: &[&'a Event]) -> Views<'a> {
        let tag_values = tag_values(tags);
        let events =
            events.par_iter().map(|e| (event_value(locale, tags, &tag_values, e), *e)).collect();
        Views { locale, events }
    }

    /// The months of a set of events, in index order, headings with years when needed.
    pub fn months(&self, keep: impl Fn(&Event) -> bool) -> Vec<MonthView> {
        let kept = self.events.iter().filter(|(_, e)| keep(e));
        let months: Vec<Month<'_, (Value, &Event)>> = order::by_month_of(kept, |(_, e)| e);
        let with_year = order::spans_years(&months);
        let words = &self.locale.words;
        months
            .iter()
            .map(|m| {
                let (heading, short) = match m.month {
                    Listing::Month(ym) => {
                        let heading = if with_year {
                            self.locale.month_heading(ym.month, ym.year)
                        } else {
                            Locale::heading(self.locale.month(ym.month))
                        };
                        (heading, self.locale.month_short(ym.month))
                    }
                    Listing::Undated(y) => {
                        let heading = if with_year {
                            fill(words.undated_in_year, &[("y", &y.to_string())])
                        } else {
                            words.undated.to_string()
                        };
                        let heading = Locale::heading(&heading);
                        (heading, words.undated_short)
                    }
                };
                MonthView {
                    anchor: anchor(m.month),
                    heading,
                    short,
                    events: m.events.iter().map(|(view, _)| view.clone()).collect(),
                }
            })
            .collect()
    }
}

/// The id of a heading on the index: `2021-02`, or `2021-tbc` for a year's unknown dates.
fn anchor(listing: Listing) -> String {
    match listing {
        Listing::Month(m) => format!("{}-{:02}", m.year, m.month),
        Listing::Undated(y) => format!("{y}-tbc"),
    }
}

fn tag_view(config: &Config, index: usize, tag: &Tag) -> TagView {
    TagView {
        id: tag.id.clone(),
        label: tag.label.clone(),
        description: tag.description.clone(),
        label_lang: tag.lang_of.get(&Translatable::Label).cloned(),
        description_lang: tag.lang_of.get(&Translatable::Description).cloned(),
        index,
        symbol: SYMBOLS[index % SYMBOLS.len()],
        colour: tag.colour.clone(),
        page: tag.page_path(),
        feed: tag.feed_path(),
        atom: tag.atom_path(),
        webcal: links::webcal_url(config, &tag.feed_path()),
        subscribe: links::subscribe_links(
            &config.locale.features,
            config,
            &tag.feed_path(),
            &crate::ics::tag_feed_name(config, tag),
        ),
        uses: 0,
        first: false,
    }
}

/// `2021`: the calendar's year, else the years its published events start in.
pub fn year_label(config: &Config, events: &[&Event]) -> String {
    let years = events.iter().map(|e| e.date.when.month().year);
    let label = match (config.year, years.clone().min(), years.max()) {
        (Some(year), ..) => year.to_string(),
        (None, Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (None, Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    crate::edition::without_repeat(&config.title, label)
}

/// An event's status as `events.json` and templates name it: `confirmed`, `tentative`,
/// `cancelled` or `postponed`.
pub fn status(e: &Event) -> &'static str {
    match e.status {
        Status::Cancelled => "cancelled",
        Status::Postponed => "postponed",
        Status::Scheduled if e.date.tentative => "tentative",
        Status::Scheduled => "confirmed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    #[test]
    fn a_year_the_title_ends_with_is_not_repeated() {
        let cases = [
            ("When & Where", "2021"),
            ("When & Where 2021", ""),
            ("When & Where – 2021", ""),
            ("Calendar-2021", ""),
            ("Agenda 12021", "2021"),
            ("2021", ""),
        ];
        for (title, label) in cases {
            let text = format!("title = \"{title}\"\nbase_url = \"https://x.org/\"\nyear = 2021\n");
            let config = Config::parse(&Source::new("calendar.toml", text)).unwrap();
            assert_eq!(year_label(&config, &[]), label, "{title}");
        }
    }
}
