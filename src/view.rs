//! What templates and `events.json` see: plain, serialisable views of the calendar,
//! computed once per build. Templates never parse or format dates themselves.

use serde::Serialize;

use crate::calendar::{self, Month};
use crate::config::{Config, Contacts, Tag};
use crate::date::When;
use crate::event::Event;
use crate::{ics, markdown};

/// Marker symbols, one per tag in order, so that tags differ in shape and not by colour alone.
const SYMBOLS: [&str; 6] = ["●", "◆", "▲", "■", "★", "✚"];

/// The calendar as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The calendar's name.
    pub title: String,
    /// `2021`, or `2021–2022` for a calendar over several years.
    pub year_label: String,
    /// The line under the title.
    pub subtitle: Option<String>,
    /// The edition line.
    pub edition: Option<String>,
    /// The closing line.
    pub footer: Option<String>,
    /// Who publishes it.
    pub publisher: Option<String>,
    /// The pages' language.
    pub language: String,
    /// The site's address.
    pub base_url: String,
    /// `webcal://` address of the whole-calendar feed.
    pub webcal: String,
    /// Every tag, with its marker.
    pub tags: Vec<TagView>,
    /// The contacts block.
    pub contacts: Contacts,
}

/// A tag, with its marker and pages.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// The id used in event files.
    pub id: String,
    /// The legend's text.
    pub label: String,
    /// A sentence about the tag.
    pub description: Option<String>,
    /// Its position among the tags, which picks its marker class.
    pub index: usize,
    /// Its marker's shape.
    pub symbol: &'static str,
    /// Its marker's colour, a validated hex colour.
    pub colour: Option<String>,
    /// Its page, relative to the site root.
    pub page: String,
    /// Its feed, relative to the site root.
    pub feed: String,
    /// `webcal://` address of its feed.
    pub webcal: String,
}

/// One event, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// The page's id.
    pub slug: String,
    /// Plain-text title.
    pub title: String,
    /// The brochure's form: `15-22 Feb`, `(tbc) Apr`.
    pub date: String,
    /// The page's form: `15–22 February 2021`.
    pub date_long: String,
    /// Machine-readable start for `<time datetime>`: `2021-02-15`, or `2021-04` for a month.
    pub datetime: String,
    /// Hours and zone of a timed event: `09:00–10:30 (Europe/Madrid)`.
    pub time: Option<String>,
    /// Marked to be confirmed.
    pub tentative: bool,
    /// Where it is.
    pub location: Option<String>,
    /// Official site.
    pub url: Option<String>,
    /// The description as safe HTML.
    pub description: Option<String>,
    /// Who organises it.
    pub organizers: Vec<String>,
    /// Its tags, in the calendar's order.
    pub tags: Vec<TagView>,
    /// Its page, relative to the site root.
    pub page: String,
    /// Its `.ics` file, relative to the site root.
    pub ics: String,
    /// "Add to Google Calendar" link.
    pub google: Option<String>,
    /// "Add to Outlook" link.
    pub outlook: Option<String>,
    /// The anchor of its month on the index.
    pub month_anchor: String,
    /// The month's name, for "All events of …".
    pub month_name: String,
}

/// A month heading and its events.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// `2021-02`.
    pub anchor: String,
    /// `February`, or `February 2021` when the calendar spans years.
    pub heading: String,
    /// `Feb`, for the month navigation.
    pub short: String,
    /// The month's events, in index order.
    pub events: Vec<EventView>,
}

/// The views of one build.
#[derive(Debug, Clone)]
pub struct Views {
    /// The calendar.
    pub site: SiteView,
    /// Each published event's view, in date order, with the event itself.
    pub events: Vec<(EventView, Event)>,
}

impl Views {
    /// Builds every view from the published events.
    pub fn new(config: &Config, events: &[Event]) -> Views {
        let tags: Vec<TagView> =
            config.tags.iter().enumerate().map(|(i, t)| tag_view(config, i, t)).collect();
        let site = SiteView {
            title: config.title.clone(),
            year_label: year_label(config, events),
            subtitle: config.subtitle.clone(),
            edition: config.edition.clone(),
            footer: config.footer.clone(),
            publisher: config.publisher.clone(),
            language: config.language.clone(),
            base_url: config.base_url.as_str().to_string(),
            webcal: ics::webcal_url(config, "calendar.ics"),
            tags,
            contacts: config.contacts.clone(),
        };
        let events =
            events.iter().map(|e| (event_view(config, &site.tags, e), e.clone())).collect();
        Views { site, events }
    }

    /// The months of a set of events, in index order, headings with years when needed.
    pub fn months(&self, keep: impl Fn(&Event) -> bool) -> Vec<MonthView> {
        let kept = self.events.iter().filter(|(_, e)| keep(e));
        let months: Vec<Month<'_, (EventView, Event)>> = calendar::by_month_of(kept, |(_, e)| e);
        let with_year = calendar::spans_years(&months);
        months
            .iter()
            .map(|m| MonthView {
                anchor: format!("{}-{:02}", m.month.year, m.month.month),
                heading: if with_year {
                    format!("{} {}", m.month.long_name(), m.month.year)
                } else {
                    m.month.long_name().to_string()
                },
                short: m.month.short_name().to_string(),
                events: m.events.iter().map(|(view, _)| view.clone()).collect(),
            })
            .collect()
    }
}

fn tag_view(config: &Config, index: usize, tag: &Tag) -> TagView {
    TagView {
        id: tag.id.clone(),
        label: tag.label.clone(),
        description: tag.description.clone(),
        index,
        symbol: SYMBOLS[index % SYMBOLS.len()],
        colour: tag.colour.clone(),
        page: tag.page_path(),
        feed: tag.feed_path(),
        webcal: ics::webcal_url(config, &tag.feed_path()),
    }
}

fn year_label(config: &Config, events: &[Event]) -> String {
    if let Some(year) = config.year {
        return year.to_string();
    }
    let years = events.iter().map(|e| e.date.when.month().year);
    match (years.clone().min(), years.max()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn event_view(config: &Config, tags: &[TagView], e: &Event) -> EventView {
    let month = e.date.when.month();
    EventView {
        slug: e.slug.clone(),
        title: e.title.clone(),
        date: e.date.to_string(),
        date_long: e.date.when.long(),
        datetime: match e.date.when {
            When::Month(m) => format!("{}-{:02}", m.year, m.month),
            other => other.first_day().format("%Y-%m-%d").to_string(),
        },
        time: e.time.map(|t| match t.end {
            Some(end) => {
                format!("{}–{} ({})", t.start.format("%H:%M"), end.format("%H:%M"), t.zone.name())
            }
            None => format!("{} ({})", t.start.format("%H:%M"), t.zone.name()),
        }),
        tentative: e.date.tentative,
        location: e.location.clone(),
        url: e.url.clone(),
        description: e.description.as_deref().map(markdown::to_html),
        organizers: e.organizers.clone(),
        tags: tags.iter().filter(|t| e.tags.contains(&t.id)).cloned().collect(),
        page: e.page_path(),
        ics: e.ics_path(),
        google: Some(ics::google_calendar_url(config, e)),
        outlook: Some(ics::outlook_url(config, e)),
        month_anchor: format!("{}-{:02}", month.year, month.month),
        month_name: month.long_name().to_string(),
    }
}

/// `events.json`: every published event, in date order.
#[derive(Debug, Serialize)]
pub struct EventsJson<'a> {
    /// The calendar's name.
    pub title: &'a str,
    /// The site's address.
    pub base_url: &'a str,
    /// The events.
    pub events: Vec<JsonEvent<'a>>,
}

/// One event of `events.json`.
#[derive(Debug, Serialize)]
pub struct JsonEvent<'a> {
    /// Page id.
    pub slug: &'a str,
    /// Plain-text title.
    pub title: &'a str,
    /// First day, ISO; the first of the month for a month-only event.
    pub start: String,
    /// Last day, inclusive, ISO; the last of the month for a month-only event.
    pub end: String,
    /// `day`, `range` or `month`.
    pub precision: &'static str,
    /// Marked to be confirmed.
    pub tentative: bool,
    /// Tag ids.
    pub tags: &'a [String],
    /// Where.
    pub location: Option<&'a str>,
    /// Official site.
    pub url: Option<&'a str>,
    /// Absolute address of its page.
    pub page: String,
    /// Absolute address of its `.ics` file.
    pub ics: String,
    /// Hours of a timed event.
    pub time: Option<JsonTime>,
}

/// The hours of a timed event in `events.json`.
#[derive(Debug, Serialize)]
pub struct JsonTime {
    /// `09:00`.
    pub start: String,
    /// `10:30`, if given.
    pub end: Option<String>,
    /// IANA zone name.
    pub timezone: &'static str,
}

/// The `events.json` document of a list of published events (already in date order).
pub fn events_json<'a>(config: &'a Config, events: &'a [Event]) -> EventsJson<'a> {
    EventsJson {
        title: &config.title,
        base_url: config.base_url.as_str(),
        events: events
            .iter()
            .map(|e| JsonEvent {
                slug: &e.slug,
                title: &e.title,
                start: e.date.when.first_day().to_string(),
                end: e.date.when.last_day().to_string(),
                precision: e.date.when.precision().as_str(),
                tentative: e.date.tentative,
                tags: &e.tags,
                location: e.location.as_deref(),
                url: e.url.as_deref(),
                page: config.base_url.absolute(&e.page_path()),
                ics: config.base_url.absolute(&e.ics_path()),
                time: e.time.map(|t| JsonTime {
                    start: t.start.format("%H:%M").to_string(),
                    end: t.end.map(|end| end.format("%H:%M").to_string()),
                    timezone: t.zone.name(),
                }),
            })
            .collect(),
    }
}
