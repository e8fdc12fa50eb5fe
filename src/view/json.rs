//! `events.json`: every published event, as scripts and other sites read them.

use serde::Serialize;

use super::status;
use crate::config::Config;
use crate::date;
use crate::event::{Attendance, Event};
use crate::locale;

/// `events.json`: every published event, in date order.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
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
    /// `day`, `range`, `month` or `year`.
    pub precision: &'static str,
    /// Marked to be confirmed.
    pub tentative: bool,
    /// `confirmed`, `tentative`, `cancelled` or `postponed`.
    pub status: &'static str,
    /// The days it was moved from, when it was postponed to its date.
    pub postponed_from: Option<JsonDays>,
    /// Tag ids.
    pub tags: &'a [String],
    /// Where.
    pub location: Option<&'a str>,
    /// Official site.
    pub url: Option<&'a str>,
    /// Absolute address of its page.
    pub page: String,
    /// Absolute address of its `.ics` file; none for a year's date to be confirmed.
    pub ics: Option<String>,
    /// Hours of a timed event.
    pub time: Option<JsonTime>,
    /// `in-person`, `online` or `hybrid`, when its file says.
    pub attendance: Option<&'static str>,
    /// Its call for proposals, applications or nominations.
    pub call: Option<JsonCall<'a>>,
}

/// An event's call in `events.json`.
#[derive(Debug, Serialize)]
pub struct JsonCall<'a> {
    /// The deadline, ISO: the last day to answer.
    pub until: String,
    /// Whether the deadline is to be confirmed.
    pub tentative: bool,
    /// Where to answer it.
    pub url: Option<&'a str>,
    /// Its name, in the file's language: "Call for proposals" unless it gives another.
    pub label: &'a str,
}

/// Days in `events.json`: first and last, inclusive, ISO.
#[derive(Debug, Serialize)]
pub struct JsonDays {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
}

/// The hours of a timed event in `events.json`.
#[derive(Debug, Serialize)]
pub struct JsonTime {
    /// `09:00`.
    pub start: String,
    /// `10:30`, if given.
    pub end: Option<String>,
    /// IANA zone name, or a fixed offset as RFC 3339 writes it (`-03:00`).
    pub timezone: std::borrow::Cow<'static, str>,
}

/// The `events.json` document of a list of published events (already in date order).
pub fn events_json<'a>(config: &'a Config, events: &[&'a Event]) -> JsonDocument<'a> {
    JsonDocument {
        title: &config.title,
        base_url: config.base_url.as_str(),
        events: events
            .iter()
            .map(|e| JsonEvent {
                slug: &e.slug,
                title: &e.title,
                start: date::iso_day(e.date.when.first_day()),
                end: date::iso_day(e.date.when.last_day()),
                precision: e.date.when.precision().as_str(),
                tentative: e.date.tentative,
                status: status(e),
                postponed_from: e.postponed_from.map(|d| JsonDays {
                    start: date::iso_day(d.when.first_day()),
                    end: date::iso_day(d.when.last_day()),
                }),
                tags: &e.tags,
                location: e.location.as_deref(),
                url: e.url.as_deref(),
                page: config.base_url.absolute(&e.page_path()),
                ics: e.date.when.has_days().then(|| config.base_url.absolute(&e.ics_path())),
                time: e.time.map(|t| JsonTime {
                    start: locale::clock(t.start),
                    end: t.end.map(locale::clock),
                    timezone: t.zone.name(),
                }),
                attendance: e.attendance.map(Attendance::as_str),
                call: e.call.as_ref().map(|c| JsonCall {
                    until: date::iso_day(c.until),
                    tentative: c.tentative,
                    url: c.url.as_deref(),
                    label: c.label.as_deref().unwrap_or(config.locale.features.call_label),
                }),
            })
            .collect(),
    }
}
