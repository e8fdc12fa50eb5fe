//! One event as a `VEVENT`: the part of its own file and of every feed it is in.

use std::ops::Range;

use chrono::{DateTime, NaiveDate, Utc};

use super::lines::{Lines, escape_text};
use super::text::{clean_text, plain_description};
use super::{Span, span, summary, uid};
use crate::config::Config;
use crate::date;
use crate::event::{Call, Event, Status};
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

/// An event's call as a `VEVENT` of `calls.ics`: an all-day event on its deadline, free
/// time, with a `UID` of its own (`call-` and the event's), so that it never replaces the
/// event in a calendar that subscribes to both feeds. Its stamps are the event's: the call
/// is written in the event's file.
pub(super) fn write_call(
    lines: &mut Lines,
    config: &Config,
    event: &Event,
    call: &Call,
    revision: Revision,
) {
    let words = &config.locale.features;
    let page = config.base_url.absolute(&event.page_path());
    let label = call.label.as_deref().unwrap_or(words.call_label);
    lines.begin("VEVENT");
    let mut description = format!("{} ({page})", event.title);
    if let Some(url) = &call.url {
        description = format!("{label} ({url})\n{description}");
    }
    lines.text("DESCRIPTION", &clean_text(&description));
    let stamp = utc(revision.stamp);
    lines.value("DTEND", Some(("VALUE", "DATE")), &day(super::next_day(call.until)));
    lines.value("DTSTAMP", None, &stamp);
    lines.value("DTSTART", Some(("VALUE", "DATE")), &day(call.until));
    lines.value("LAST-MODIFIED", None, &stamp);
    if let Some(email) = &config.publisher_email {
        let name = config
            .publisher
            .as_ref()
            .map(|n| n.chars().filter(|c| *c != '"' && !c.is_control()).collect::<String>());
        lines.value("ORGANIZER", name.as_deref().map(|n| ("CN", n)), &format!("mailto:{email}"));
    }
    lines.value("SEQUENCE", None, &revision.sequence.to_string());
    // A call of an event that will not take place is called off with it.
    let status = match event.status {
        Status::Cancelled | Status::Postponed => "CANCELLED",
        Status::Scheduled if call.tentative => "TENTATIVE",
        Status::Scheduled => "CONFIRMED",
    };
    lines.text("STATUS", status);
    let summary = words.call_summary.replace("{label}", label).replace("{title}", &event.title);
    let summary = if call.tentative && !event.status.is_off() {
        format!("{} {summary}", words.tbc_marker)
    } else {
        summary
    };
    lines.text("SUMMARY", &clean_text(&summary));
    lines.text("TRANSP", "TRANSPARENT");
    lines.text("UID", &format!("call-{}", uid(config, event)));
    lines.value("URL", None, call.url.as_deref().unwrap_or(&page));
    lines.end("VEVENT");
}
