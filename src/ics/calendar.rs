//! Whole calendars: an event's own file, and the feeds of many events.

use std::ops::Range;

use super::lines::Lines;
use super::text::clean_text;
use super::vevent;
use super::{REFRESH_INTERVAL, busy, description_text, tag_feed_name};
use crate::config::{Config, Tag};
use crate::event::Event;
use crate::history::Revision;

/// The one component of a feed without events: RFC 5545 wants at least one component, and
/// a time zone definition adds nothing to anyone's calendar.
const UTC_VTIMEZONE: [&str; 9] = [
    "BEGIN:VTIMEZONE",
    "TZID:UTC",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0000",
    "TZNAME:UTC",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// What a feed says of itself (RFC 7986 and the `X-WR-` names Apple and Google read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedHead {
    /// `NAME` and `X-WR-CALNAME`.
    pub name: String,
    /// `DESCRIPTION` and `X-WR-CALDESC`.
    pub description: Option<String>,
    /// `URL`: the page that lists the feed's events.
    pub page: String,
    /// `SOURCE`: the feed's own address.
    pub source: String,
    /// `X-APPLE-CALENDAR-COLOR`: a hex colour.
    pub colour: Option<String>,
}

impl FeedHead {
    /// The whole calendar's feed, `calendar.ics`.
    pub fn calendar(config: &Config) -> FeedHead {
        FeedHead {
            name: config.title.clone(),
            description: config.subtitle.clone(),
            page: config.base_url.as_str().to_string(),
            source: config.base_url.absolute("calendar.ics"),
            colour: None,
        }
    }

    /// The calls' feed, `calls.ics`: the deadlines of the events' calls.
    pub fn calls(config: &Config) -> FeedHead {
        FeedHead {
            name: format!("{}: {}", config.title, config.locale.features.calls_feed),
            description: None,
            page: config.base_url.as_str().to_string(),
            source: config.base_url.absolute(super::CALLS_FEED),
            colour: None,
        }
    }

    /// A tag's feed: its page, its description and its colour.
    pub fn tag(config: &Config, tag: &Tag) -> FeedHead {
        FeedHead {
            name: tag_feed_name(config, tag),
            description: tag.description.clone(),
            page: config.base_url.absolute(&tag.page_path()),
            source: config.base_url.absolute(&tag.feed_path()),
            colour: tag.colour.as_deref().map(full_hex),
        }
    }

    /// The feed's own properties, after the calendar's.
    fn write(&self, lines: &mut Lines) {
        let name = clean_text(&self.name);
        lines.text("NAME", &name);
        lines.text("X-WR-CALNAME", &name);
        if let Some(description) = &self.description {
            let description = clean_text(description);
            lines.text("DESCRIPTION", &description);
            lines.text("X-WR-CALDESC", &description);
        }
        lines.value("URL", Some(("VALUE", "URI")), &self.page);
        lines.value("SOURCE", Some(("VALUE", "URI")), &self.source);
        if let Some(colour) = &self.colour {
            lines.text("X-APPLE-CALENDAR-COLOR", colour);
        }
        lines.value("REFRESH-INTERVAL", Some(("VALUE", "DURATION")), REFRESH_INTERVAL);
        lines.text("X-PUBLISHED-TTL", REFRESH_INTERVAL);
    }
}

/// `#abc` as `#aabbcc`: Apple's colour property wants six digits.
fn full_hex(colour: &str) -> String {
    match colour.strip_prefix('#') {
        Some(h) if h.len() == 3 => h.chars().fold(String::from("#"), |mut s, c| {
            s.push(c);
            s.push(c);
            s
        }),
        _ => colour.to_string(),
    }
}

/// An event's `VEVENT` as feeds have it (free time), as content lines: made once for its
/// own file and every feed it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vevent {
    lines: String,
    /// Where its `TRANSP` line is, which its own file changes.
    transp: Range<usize>,
}

impl Vevent {
    /// An event's `VEVENT` at a version.
    pub fn new(config: &Config, event: &Event, revision: Revision) -> Vevent {
        let mut lines = Lines::with_capacity(1024);
        let text = description_text(event);
        let transp = vevent::write(&mut lines, config, event, revision, text.as_deref());
        Vevent { lines: lines.into_string(), transp }
    }

    /// The content lines, as feeds have them.
    pub fn as_str(&self) -> &str {
        &self.lines
    }
}

/// The `VEVENT` of an event's call, for `calls.ics`; none for an event without one.
pub fn call_vevent(config: &Config, event: &Event, revision: Revision) -> Option<String> {
    let call = event.call.as_ref()?;
    let mut lines = Lines::with_capacity(512);
    vevent::write_call(&mut lines, config, event, call, revision);
    Some(lines.into_string())
}

/// An event's own file, around its [`Vevent`]. A month-only event is always in it (as a
/// whole-month event), whatever `month_only` says: the reader chose this event. It
/// carries no calendar name nor refresh interval: it is imported, not subscribed to; and
/// it is [`busy`] time where the event is.
pub fn event_file(config: &Config, event: &Event, vevent: &Vevent) -> String {
    let mut lines = Lines::with_capacity(vevent.lines.len() + 256);
    begin(&mut lines, config);
    if busy(event) {
        lines.written(&vevent.lines[..vevent.transp.start]);
        lines.text("TRANSP", "OPAQUE");
        lines.written(&vevent.lines[vevent.transp.end..]);
    } else {
        lines.written(&vevent.lines);
    }
    lines.end("VCALENDAR");
    lines.into_string()
}

/// A feed from each event's [`Vevent`] already made, and already filtered with
/// [`super::in_feeds`], written piece by piece, so that a feed of many events is never
/// held whole.
pub fn write_feed<'a>(
    config: &Config,
    head: &FeedHead,
    vevents: impl IntoIterator<Item = &'a str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut lines = Lines::with_capacity(1024);
    begin(&mut lines, config);
    head.write(&mut lines);
    out.write_all(lines.into_string().as_bytes())?;
    let mut empty = true;
    for v in vevents {
        out.write_all(v.as_bytes())?;
        empty = false;
    }
    let mut lines = Lines::with_capacity(256);
    if empty {
        for line in UTC_VTIMEZONE {
            lines.line(line);
        }
    }
    lines.end("VCALENDAR");
    out.write_all(lines.into_string().as_bytes())
}

/// A calendar's `BEGIN` and the properties of every calendar. `METHOD:PUBLISH` only with
/// an organizer: libical's checks (RFC 5546) want an `ORGANIZER` in every event of a
/// published calendar.
fn begin(lines: &mut Lines, config: &Config) {
    lines.begin("VCALENDAR");
    lines.text("VERSION", "2.0");
    let product = concat!("-//When & Where//whenwhere ", env!("CARGO_PKG_VERSION"), "//EN");
    lines.text("PRODID", product);
    lines.text("CALSCALE", "GREGORIAN");
    if config.publisher_email.is_some() {
        lines.text("METHOD", "PUBLISH");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_head_escapes_its_texts_once() {
        let head = FeedHead {
            name: "A, B".into(),
            description: Some("c; d\\e".into()),
            page: "https://example.org/".into(),
            source: "https://example.org/calendar.ics".into(),
            colour: None,
        };
        let mut lines = Lines::with_capacity(512);
        head.write(&mut lines);
        let text = lines.into_string();
        for line in [
            "NAME:A\\, B",
            "X-WR-CALNAME:A\\, B",
            "DESCRIPTION:c\\; d\\\\e",
            "X-WR-CALDESC:c\\; d\\\\e",
        ] {
            assert!(text.contains(&format!("{line}\r\n")), "{line} in {text}");
        }
    }
}
