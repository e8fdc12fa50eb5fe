//! iCalendar (RFC 5545) output: a file per event, feeds for the whole calendar and for each
//! tag, and "add to calendar" links for Google Calendar and Outlook.
//!
//! The `icalendar` crate builds the calendars; [`content_lines`] then rewrites its output
//! into the final content lines, because the crate's own folding can cut an escape
//! sequence such as `\,` in two (Google Calendar drops such events). The decisions (month-only
//! events, tentative dates, `DTSTAMP`, `UID`) are explained in `docs/ics.md`.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use icalendar::{self as ical, Component, EventLike, EventStatus, Property};
use std::borrow::Cow;
use std::sync::LazyLock;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::{Config, MonthOnly, Tag};
use crate::date::When;
use crate::event::Event;
use crate::markdown;

/// How often subscribers' clients should fetch a feed again (`REFRESH-INTERVAL`).
pub const REFRESH_INTERVAL: &str = "PT12H";

/// The longest event text put in a Google Calendar or Outlook link, in characters.
const LINK_TEXT_LIMIT: usize = 1000;

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

/// Where and how long an event sits in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Whole days: `DTSTART;VALUE=DATE` and the day after the last one as `DTEND`.
    AllDay {
        /// The first day.
        start: NaiveDate,
        /// The day after the last day (iCalendar's `DTEND` is exclusive).
        end: NaiveDate,
    },
    /// Instants, in UTC.
    Timed {
        /// When it starts.
        start: DateTime<Utc>,
        /// When it ends; `None` when only a start time is known.
        end: Option<DateTime<Utc>>,
    },
}

/// The days or instants of an event. A month-only event spans its whole month.
pub fn span(event: &Event) -> Span {
    let when = event.date.when;
    match (event.time, when) {
        (Some(t), When::Day(day)) => Span::Timed {
            start: instant(day, t.start, t.zone),
            end: t.end.map(|end| instant(day, end, t.zone)),
        },
        _ => Span::AllDay { start: when.first_day(), end: next_day(when.last_day()) },
    }
}

/// A local time of a zone as a UTC instant, the way RFC 5545 (3.3.5) reads local times:
/// a time that occurs twice (when clocks go back) is the first one, and a time that
/// does not exist (when clocks go forward) is read with the offset in force before the gap.
pub fn instant(day: NaiveDate, time: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        chrono::LocalResult::None => {
            let before = zone.offset_from_utc_datetime(&(local - chrono::Duration::days(1))).fix();
            (local - chrono::Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt().expect("event dates are far from the end of chrono's calendar")
}

/// Whether an event goes into the feeds: a month-only event does unless
/// `calendar.toml` says `[feeds] month_only = "omit"`. Every event has its own file.
pub fn in_feeds(config: &Config, event: &Event) -> bool {
    !matches!(event.date.when, When::Month(_)) || config.feeds.month_only == MonthOnly::AllMonth
}

/// The name of a tag's feed, such as "When & Where: Urban diplomacy events".
pub fn tag_feed_name(config: &Config, tag: &Tag) -> String {
    format!("{}: {}", config.title, tag.label)
}

/// An event's stable identifier: its slug at the site's host, with the site's sub-path
/// (if any) in front of the host, as in `uclg-retreat@when-and-where.example.github.io`.
/// Neither the title nor the date is part of it, so editing them updates the event in
/// subscribers' calendars instead of duplicating it.
pub fn uid(config: &Config, event: &Event) -> String {
    let mut domain = String::new();
    for segment in config.base_url.path().split('/').filter(|s| !s.is_empty()).rev() {
        domain.extend(segment.chars().map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' | '.' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        }));
        domain.push('.');
    }
    format!("{}@{}{}", event.slug, domain, config.base_url.host())
}

/// `DTSTAMP` and `LAST-MODIFIED` of an event: its `updated` date, else the calendar's
/// `updated` (edition) date, else `SOURCE_DATE_EPOCH`, else 1970-01-01; never the clock.
pub fn stamp(config: &Config, event: &Event) -> DateTime<Utc> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    stamp_from(event.updated, config.updated, epoch.as_deref())
}

fn stamp_from(
    event: Option<NaiveDate>,
    calendar: Option<NaiveDate>,
    source_date_epoch: Option<&str>,
) -> DateTime<Utc> {
    event
        .or(calendar)
        .map(|day| day.and_time(NaiveTime::MIN).and_utc())
        .or_else(|| {
            let seconds = source_date_epoch?.trim().parse::<i64>().ok()?;
            DateTime::from_timestamp(seconds, 0)
        })
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// One event's own `.ics` file, for "add to calendar". A month-only event is always in it
/// (as a whole-month event), whatever `month_only` says: the reader chose this event.
/// It carries no calendar name nor refresh interval: it is imported, not subscribed to.
pub fn event_file(config: &Config, event: &Event) -> String {
    event_file_of(&vevent_lines(config, event))
}

/// [`event_file`] around an event's [`vevent_lines`], made once for all its files.
pub fn event_file_of(vevent: &str) -> String {
    // The head is the same in every event's file: made once.
    static HEAD: LazyLock<String> = LazyLock::new(|| head_lines(&calendar_head()));
    let mut out = String::with_capacity(HEAD.len() + vevent.len() + END.len());
    out.push_str(&HEAD);
    out.push_str(vevent);
    out.push_str(END);
    out
}

/// A subscribable feed named `name` (`NAME` and `X-WR-CALNAME`) with the given events in
/// the given order, less month-only ones when `month_only = "omit"`. Drafts are not
/// filtered here: the caller passes the events it publishes.
pub fn feed(config: &Config, name: &str, events: &[&Event]) -> String {
    let vevents: Vec<String> =
        events.iter().filter(|e| in_feeds(config, e)).map(|e| vevent_lines(config, e)).collect();
    feed_of(config, name, vevents.iter().map(String::as_str))
}

/// [`feed`] from [`vevent_lines`] already made, and already filtered with [`in_feeds`].
pub fn feed_of<'a>(
    config: &Config,
    name: &str,
    vevents: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut out = Vec::new();
    write_feed(config, name, vevents, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("content lines are UTF-8")
}

/// [`feed_of`], written piece by piece, so that a feed of many events is never held whole.
pub fn write_feed<'a>(
    config: &Config,
    name: &str,
    vevents: impl IntoIterator<Item = &'a str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut calendar = calendar_head();
    calendar.append_property(Property::new("NAME", escape_text(&clean_text(name))));
    calendar.append_property(Property::new("X-WR-CALNAME", clean_text(name)));
    if let Some(subtitle) = &config.subtitle {
        calendar.append_property(Property::new("X-WR-CALDESC", clean_text(subtitle)));
    }
    calendar.append_property(Property::new("URL", config.base_url.as_str()));
    let refresh = Property::new("REFRESH-INTERVAL", REFRESH_INTERVAL)
        .add_parameter("VALUE", "DURATION")
        .done();
    calendar.append_property(refresh);
    calendar.append_property(Property::new("X-PUBLISHED-TTL", REFRESH_INTERVAL));
    wrap_into(&calendar, vevents, out)
}

/// One event's `VEVENT`, as final content lines: the part shared by its own file and
/// every feed it is in, so that a build makes it once.
pub fn vevent_lines(config: &Config, event: &Event) -> String {
    vevent_lines_with(config, event, description_text(event).as_deref())
}

/// [`vevent_lines`] with the plain text of the event's description already made
/// ([`description_text`]), as its page makes it too.
pub fn vevent_lines_with(config: &Config, event: &Event, text: Option<&str>) -> String {
    content_lines(&ical::Component::to_string(&vevent(config, event, text)))
}

/// The plain text of an event's description, for its `DESCRIPTION` and links.
pub fn description_text(event: &Event) -> Option<String> {
    event.description.as_deref().map(markdown::to_text)
}

/// The last line of every calendar.
const END: &str = "END:VCALENDAR\r\n";

/// A calendar's content lines without its end, for events to follow.
fn head_lines(head: &ical::Calendar) -> String {
    let mut lines = content_lines(&head.to_string());
    lines.truncate(lines.strip_suffix(END).unwrap_or(&lines).len());
    lines
}

/// A calendar's properties, then the events, then its end; a calendar without events
/// gets [`UTC_VTIMEZONE`], since RFC 5545 wants at least one component.
fn wrap_into<'a>(
    head: &ical::Calendar,
    vevents: impl IntoIterator<Item = &'a str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(head_lines(head).as_bytes())?;
    let mut empty = true;
    for v in vevents {
        out.write_all(v.as_bytes())?;
        empty = false;
    }
    if empty {
        let mut zone = String::new();
        for tz_line in UTC_VTIMEZONE {
            fold(tz_line, &mut zone);
        }
        out.write_all(zone.as_bytes())?;
    }
    out.write_all(END.as_bytes())
}

fn calendar_head() -> ical::Calendar {
    let mut calendar = ical::Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new(
        "PRODID",
        concat!("-//When & Where//whenwhere ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    calendar.append_property(Property::new("METHOD", "PUBLISH"));
    calendar
}

fn vevent(config: &Config, event: &Event, text: Option<&str>) -> ical::Event {
    let stamp = stamp(config, event);
    let mut v = ical::Event::new();
    v.uid(&uid(config, event)).timestamp(stamp).last_modified(stamp);
    v.summary(&clean_text(&event.title));
    match span(event) {
        Span::AllDay { start, end } => {
            v.starts(start).ends(end);
        }
        Span::Timed { start, end } => {
            v.starts(start);
            if let Some(end) = end {
                v.ends(end);
            }
        }
    }
    v.status(if event.date.tentative { EventStatus::Tentative } else { EventStatus::Confirmed });
    let uncertain = event.date.tentative || matches!(event.date.when, When::Month(_));
    v.add_property("TRANSP", if uncertain { "TRANSPARENT" } else { "OPAQUE" });
    if let Some(location) = &event.location {
        v.location(&clean_text(location));
    }
    v.url(&config.base_url.absolute(&event.page_path()));
    v.description(&clean_text(&plain_description(config, event, text, usize::MAX)));
    for id in &event.tags {
        let label = config.tags.iter().find(|t| &t.id == id).map_or(id.as_str(), |t| &t.label);
        // The crate writes CATEGORIES values as they are (they are lists): escape here.
        v.append_multi_property(Property::new("CATEGORIES", escape_text(&clean_text(label))));
    }
    v.done()
}

/// The plain text of an event for a `DESCRIPTION` or a link: what is uncertain about its
/// date first, its time as written, its description (`text`, its [`description_text`],
/// cut to `limit` characters), who organises it, its website, and its page.
pub fn plain_description(
    config: &Config,
    event: &Event,
    text: Option<&str>,
    limit: usize,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let tbc = event.date.tentative;
    match event.date.when {
        When::Month(m) => parts.push(format!(
            "Date: {}some time in {} {} (the day is not known yet).",
            if tbc { "to be confirmed, " } else { "" },
            m.long_name(),
            m.year
        )),
        _ if tbc => parts.push("Date: to be confirmed.".into()),
        _ => {}
    }
    if let Some(t) = event.time {
        let hours = match t.end {
            Some(end) => format!("{}–{}", t.start.format("%H:%M"), end.format("%H:%M")),
            None => t.start.format("%H:%M").to_string(),
        };
        parts.push(format!("Time: {hours} ({}).", t.zone.name()));
    }
    if let Some(plain) = text {
        if plain.chars().count() > limit {
            let cut: String = plain.chars().take(limit).collect();
            parts.push(format!("{}…", cut.trim_end()));
        } else if !plain.is_empty() {
            parts.push(plain.to_string());
        }
    }
    let mut links = Vec::new();
    if !event.organizers.is_empty() {
        links.push(format!("Organised by: {}", event.organizers.join(", ")));
    }
    if let Some(url) = &event.url {
        links.push(format!("Website: {url}"));
    }
    links.push(format!("More: {}", config.base_url.absolute(&event.page_path())));
    parts.push(links.join("\n"));
    parts.join("\n\n")
}

/// The `webcal://` address of a feed of the site, for one-click subscription.
pub fn webcal_url(config: &Config, path: &str) -> String {
    let absolute = config.base_url.absolute(path);
    match absolute.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => absolute,
    }
}

/// A link that opens Google Calendar's "new event" form filled in with the event.
pub fn google_calendar_url(config: &Config, event: &Event) -> String {
    google_link(event, &LinkText::new(config, event, description_text(event).as_deref()))
}

/// Both "add to calendar" links of an event, [`google_calendar_url`] and [`outlook_url`],
/// with the text they share made and encoded once; `text` is its [`description_text`].
pub fn calendar_links(config: &Config, event: &Event, text: Option<&str>) -> (String, String) {
    let text = LinkText::new(config, event, text);
    (google_link(event, &text), outlook_link(event, &text))
}

/// What both links carry, each part plain, clean and percent-encoded for a query.
struct LinkText {
    title: String,
    /// The description, cut to [`LINK_TEXT_LIMIT`] characters.
    details: String,
    location: Option<String>,
}

impl LinkText {
    fn new(config: &Config, event: &Event, text: Option<&str>) -> LinkText {
        let encode = |s: &str| encode(&clean_text(s));
        LinkText {
            title: encode(&event.title),
            details: encode(&plain_description(config, event, text, LINK_TEXT_LIMIT)),
            location: event.location.as_deref().map(encode),
        }
    }
}

fn google_link(event: &Event, text: &LinkText) -> String {
    let dates = match span(event) {
        Span::AllDay { start, end } => format!("{}/{}", compact_date(start), compact_date(end)),
        Span::Timed { start, end } => {
            format!("{}/{}", compact_utc(start), compact_utc(end.unwrap_or(start)))
        }
    };
    let dates = encode(&dates);
    let mut pairs = vec![
        ("action", "TEMPLATE"),
        ("text", &text.title),
        ("dates", &dates),
        ("details", &text.details),
    ];
    if let Some(location) = &text.location {
        pairs.push(("location", location));
    }
    query("https://calendar.google.com/calendar/render", &pairs)
}

/// A link that opens Outlook on the web's "new event" form filled in with the event.
/// All-day events give `enddt` as the day after the last, as iCalendar does.
pub fn outlook_url(config: &Config, event: &Event) -> String {
    outlook_link(event, &LinkText::new(config, event, description_text(event).as_deref()))
}

fn outlook_link(event: &Event, text: &LinkText) -> String {
    let (startdt, enddt, allday) = match span(event) {
        Span::AllDay { start, end } => (iso_date(start), iso_date(end), "true"),
        Span::Timed { start, end } => (iso_utc(start), iso_utc(end.unwrap_or(start)), "false"),
    };
    let (startdt, enddt) = (encode(&startdt), encode(&enddt));
    let mut pairs = vec![
        ("subject", &*text.title),
        ("startdt", &startdt),
        ("enddt", &enddt),
        ("allday", allday),
        ("body", &text.details),
    ];
    if let Some(location) = &text.location {
        pairs.push(("location", location));
    }
    query("https://outlook.live.com/calendar/0/action/compose", &pairs)
}

/// What a query value keeps as it is: the characters `application/x-www-form-urlencoded`
/// leaves alone; everything else is percent-encoded.
const QUERY_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// A query value, percent-encoded with [`QUERY_VALUE`].
fn encode(value: &str) -> String {
    // Collected rather than formatted: the encoder yields many short pieces.
    let mut out = String::with_capacity(value.len() * 3 / 2);
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
    out
}

/// A query from keys (plain ASCII words) and values already encoded with [`QUERY_VALUE`],
/// which writes spaces as `%20`: `+` is read as a space by most but not all readers of a
/// query, while `%20` is read as one by all. (A `+` of the text is `%2B`.)
fn query(base: &str, pairs: &[(&str, &str)]) -> String {
    let length: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(base.len() + length);
    out.push_str(base);
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn iso_date(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

fn iso_utc(t: DateTime<Utc>) -> String {
    let (day, time) = (t.date_naive(), t.time());
    format!("{}T{:02}:{:02}:{:02}Z", iso_date(day), time.hour(), time.minute(), time.second())
}

fn compact_date(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

fn compact_utc(t: DateTime<Utc>) -> String {
    let (day, time) = (t.date_naive(), t.time());
    let (h, m, s) = (time.hour(), time.minute(), time.second());
    format!("{}T{h:02}{m:02}{s:02}Z", compact_date(day))
}

/// Text as iCalendar can carry it: line breaks as `\n` only, and no other control
/// character (RFC 5545 3.3.11 allows none but tab).
fn clean_text(s: &str) -> Cow<'_, str> {
    // Most text has no control character: C0 and DEL are single bytes, and every C1
    // character starts with 0xC2 (as do a few others, which take the slow way).
    if !s.bytes().any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2) {
        return Cow::Borrowed(s);
    }
    let cleaned = s
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    Cow::Owned(cleaned)
}

/// TEXT escaping (RFC 5545 3.3.11), for the values the crate writes as they are.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The final form of the crate's output: its lines unfolded, then folded again by
/// [`fold`], each ending in CRLF.
fn content_lines(serialized: &str) -> String {
    let mut out = String::with_capacity(serialized.len() + serialized.len() / 32);
    let mut line = String::new();
    // Values carry line breaks escaped, so every `\n` ends a physical line.
    for physical in serialized.split_terminator('\n') {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match physical.strip_prefix([' ', '\t']) {
            Some(continued) => line.push_str(continued),
            None => {
                if !line.is_empty() {
                    fold(&line, &mut out);
                }
                line.clear();
                line.push_str(physical);
            }
        }
    }
    if !line.is_empty() {
        fold(&line, &mut out);
    }
    out
}

/// Appends one content line, folded (RFC 5545 3.1): physical lines of at most 75 octets
/// with CRLF after each, continuation lines starting with one space. A fold never falls
/// inside a UTF-8 character nor inside an escape such as `\,`, and, where it can be
/// avoided, never right before white space (some readers drop it when unfolding).
fn fold(line: &str, out: &mut String) {
    const LIMIT: usize = 75;
    debug_assert!(!line.contains(['\r', '\n']), "an unescaped line break in {line:?}");
    let bytes = line.as_bytes();
    // Whether a fold may fall at `at`, after `from`: on a character boundary, and not
    // inside an escape, that is, not after an odd run of backslashes. (A run pairs up from
    // its start; `from` is never inside an escape, so the backslashes between `from` and
    // `at` pair up the same way.)
    let allowed = |from: usize, at: usize| {
        line.is_char_boundary(at)
            && bytes[from..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    };
    let spaced = |at: usize| matches!(bytes[at], b' ' | b'\t');
    let (mut start, mut limit) = (0, LIMIT);
    while line.len() - start > limit {
        // The furthest cut that fits; then, if white space follows it, the furthest one
        // that white space does not follow, if there is one.
        let mut fits = start + limit;
        while !allowed(start, fits) {
            fits -= 1;
        }
        let mut to = fits;
        while to > start + 1 && (spaced(to) || !allowed(start, to)) {
            to -= 1;
        }
        if spaced(to) || !allowed(start, to) {
            to = fits;
        }
        out.push_str(&line[start..to]);
        out.push_str("\r\n ");
        (start, limit) = (to, LIMIT - 1);
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    /// [`fold`] the slow and obvious way, from the list of every allowed cut, to check it
    /// against: the furthest cut that fits, or the furthest that white space does not
    /// follow.
    fn reference_fold(line: &str) -> String {
        let mut cuts = Vec::new();
        let mut chars = line.char_indices();
        while let Some((i, c)) = chars.next() {
            cuts.push(i);
            if c == '\\' {
                chars.next();
            }
        }
        cuts.push(line.len());
        let spaced = |at: usize| line[at..].starts_with([' ', '\t']);
        let (mut out, mut start, mut limit) = (String::new(), 0, 75);
        while line.len() - start > limit {
            let fitting: Vec<usize> =
                cuts.iter().copied().filter(|&c| c > start && c - start <= limit).collect();
            let fits = *fitting.last().unwrap();
            let to = fitting.iter().rev().copied().find(|&c| !spaced(c)).unwrap_or(fits);
            out.push_str(&line[start..to]);
            out.push_str("\r\n ");
            (start, limit) = (to, 74);
        }
        out.push_str(&line[start..]);
        out.push_str("\r\n");
        out
    }

    proptest::proptest! {
        /// Any line of characters and escapes folds into physical lines of at most 75
        /// octets, cut only between units, that unfold to the line again.
        #[test]
        fn folds_fit_and_fall_between_units(units in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[a-z ]").unwrap(),
                proptest::string::string_regex("[é€😀\t]").unwrap(),
                proptest::string::string_regex(r"\\[\\;,n]").unwrap(),
            ],
            0..120,
        )) {
            let line: String = units.concat();
            let out = folded(&line);
            proptest::prop_assert_eq!(&out, &reference_fold(&line));
            proptest::prop_assert!(out.ends_with("\r\n"));
            proptest::prop_assert_eq!(unfold(&out), format!("{line}\r\n"));
            let mut boundaries = vec![0];
            for unit in &units {
                boundaries.push(boundaries.last().unwrap() + unit.len());
            }
            let mut at = 0;
            for (i, physical) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
                proptest::prop_assert!(physical.len() <= 75, "{physical:?}");
                let text = if i == 0 { physical } else { &physical[1..] };
                at += text.len();
                proptest::prop_assert!(boundaries.contains(&at), "a cut inside a unit at {at}");
            }
        }
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("SUMMARY:x"), "SUMMARY:x\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(67));
        assert_eq!(exact.len(), 75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_space_after_each_crlf() {
        let line = format!("DESCRIPTION:{}", "abcdefghij".repeat(20));
        let out = folded(&line);
        let physical: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert_eq!(physical.iter().map(|l| l.len()).collect::<Vec<_>>(), [75, 75, 64]);
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folds_fall_between_utf8_characters() {
        // 8 + 66 = 74 octets, then a 3-octet character that cannot fit in 75.
        let line = format!("SUMMARY:{}€€", "a".repeat(66));
        let out = folded(&line);
        assert_eq!(out, format!("SUMMARY:{}\r\n €€\r\n", "a".repeat(66)));
        // Every possible position of a multi-byte character against the limit.
        for pad in 0..8 {
            let line = format!("SUMMARY:{}{}", "a".repeat(pad), "é🎉ü".repeat(30));
            let out = folded(&line);
            for physical in out.split("\r\n") {
                assert!(physical.len() <= 75, "{physical:?}");
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn folds_never_split_an_escape_sequence() {
        // The backslash of `\,` would be the 75th octet: the fold goes before it.
        let line = format!("SUMMARY:{}\\,b", "a".repeat(66));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n \\,b\r\n", "a".repeat(66)));
        let line = format!("SUMMARY:{}\\\\\\;\\n", "a".repeat(66));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n \\\\\\;\\n\r\n", "a".repeat(66)));
        // Every alignment: no physical line ends inside an escape pair.
        for pad in 0..4 {
            let line = format!("DESCRIPTION:{}{}", "a".repeat(pad), "\\,\\;\\\\x\\n".repeat(40));
            let out = folded(&line);
            for physical in out.strip_suffix("\r\n").unwrap().split("\r\n") {
                let body = physical.strip_prefix(' ').unwrap_or(physical);
                let ends_in_escape = body.chars().rev().take_while(|&c| c == '\\').count() % 2;
                assert_eq!(ends_in_escape, 0, "{physical:?}");
                assert!(physical.len() <= 75);
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn continuation_lines_do_not_start_with_white_space() {
        let line = format!("SUMMARY:{} bcd", "a".repeat(67));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n a bcd\r\n", "a".repeat(66)));
    }

    #[test]
    fn stamps_come_from_dates_then_source_date_epoch_then_1970() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let cases = [
            (d(2021, 1, 30), d(2021, 2, 1), Some("1700000000"), "2021-01-30T00:00:00Z"),
            (None, d(2021, 2, 1), Some("1700000000"), "2021-02-01T00:00:00Z"),
            (None, None, Some("1700000000"), "2023-11-14T22:13:20Z"),
            (None, None, Some("soon"), "1970-01-01T00:00:00Z"),
            (None, None, None, "1970-01-01T00:00:00Z"),
        ];
        for (event, calendar, epoch, expected) in cases {
            assert_eq!(stamp_from(event, calendar, epoch), utc(expected), "{event:?} {calendar:?}");
        }
    }

    #[test]
    fn instants_follow_rfc_5545_at_daylight_saving_changes() {
        let madrid = chrono_tz::Europe::Madrid;
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let t = |h, min| NaiveTime::from_hms_opt(h, min, 0).unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // 02:30 on 28 March does not exist in Madrid: read with the offset before (+01:00).
        assert_eq!(instant(d(3, 28), t(2, 30), madrid), at("2021-03-28T01:30:00Z"));
        // 02:30 on 31 October happens twice: the first one (+02:00).
        assert_eq!(instant(d(10, 31), t(2, 30), madrid), at("2021-10-31T00:30:00Z"));
    }

    #[test]
    fn text_is_cleaned_and_escaped() {
        assert_eq!(clean_text("a\r\nb\rc\u{0}d\te\u{7f}"), "a\nb\ncd\te");
        assert_eq!(escape_text("a;b,c\\d\ne:f"), "a\\;b\\,c\\\\d\\ne:f");
    }
}
