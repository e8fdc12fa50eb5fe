//! One event as a `VEVENT`: the part of its own file and of every feed it is in.

use std::ops::Range;

use chrono::{DateTime, NaiveDate, Utc};

use super::lines::{Lines, escape_text};
use super::text::{clean_text, plain_description};
use super::{Span, span, summary, uid};
use crate::config::Config;
use crate::date;
use crate::event::{Event, Status};
use crate::history::Revision;

/// An event's `VEVENT` at a version, as feeds have it; `text` is its
/// [`super::description_text`]. Where its `TRANSP` line is written comes back, for its own
/// file to change: in feeds every event is free time (`TRANSPARENT`), as they inform.
pub(super) fn write(
    lines: &mut Lines,
    config: &Config,
    event: &Event,
    revision: Revision,
    text: Option<&str>,
) -> Range<usize> {
    let words = &config.locale.features;
    lines.begin("VEVENT");
    // In name order, as the files have always had them: a client that compares files
    // sees no change where there is none.
    if !event.tags.is_empty() {
        // One line: several CATEGORIES lines are valid, but some readers keep only the
        // first or refuse the feed. Each item is escaped, the commas between them not.
        let labels: Vec<String> = event
            .tags
            .iter()
            .map(|id| escape_text(&clean_text(config.tag(id).map_or(id.as_str(), |t| &t.label))))
            .collect();
        lines.value("CATEGORIES", None, &labels.join(","));
    }
    let description = plain_description(words, config, event, text, usize::MAX);
    lines.text("DESCRIPTION", &clean_text(&description));
    let (start, end, parameter) = match span(event) {
        Span::AllDay { start, end } => (day(start), day(end), Some(("VALUE", "DATE"))),
        Span::Timed { start, end } => (utc(start), utc(end), None),
    };
    let stamp = utc(revision.stamp);
    lines.value("DTEND", parameter, &end);
    lines.value("DTSTAMP", None, &stamp);
    lines.value("DTSTART", parameter, &start);
    lines.value("LAST-MODIFIED", None, &stamp);
    if let Some(location) = &event.location {
        lines.text("LOCATION", &clean_text(location));
    }
    if let Some(email) = &config.publisher_email {
        // A parameter value cannot hold a double quote, nor any control character.
        let name = config
            .publisher
            .as_ref()
            .map(|n| n.chars().filter(|c| *c != '"' && !c.is_control()).collect::<String>());
        let address = format!("mailto:{email}");
        lines.value("ORGANIZER", name.as_deref().map(|n| ("CN", n)), &address);
    }
    lines.value("SEQUENCE", None, &revision.sequence.to_string());
    let status = match event.status {
        Status::Cancelled | Status::Postponed => "CANCELLED",
        Status::Scheduled if event.date.tentative => "TENTATIVE",
        Status::Scheduled => "CONFIRMED",
    };
    lines.text("STATUS", status);
    lines.text("SUMMARY", &clean_text(&summary(words, event)));
    let at = lines.len();
    lines.text("TRANSP", "TRANSPARENT");
    let transp = at..lines.len();
    lines.text("UID", &uid(config, event));
    lines.value("URL", None, &config.base_url.absolute(&event.page_path()));
    lines.end("VEVENT");
    transp
}

/// A day as iCalendar's DATE writes it: `20210215`.
fn day(day: NaiveDate) -> String {
    let mut out = String::with_capacity(8);
    date::write_day(&mut out, day, "");
    out
}

/// An instant as iCalendar's DATE-TIME in UTC writes it: `20210215T080000Z`.
fn utc(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(16);
    super::write_utc(&mut out, t);
    out
}
