//! iCalendar (RFC 5545) output: a file per event and feeds for the whole calendar and for
//! each tag. The "add" and "subscribe" links that open other apps are in [`crate::links`].
//!
//! The `icalendar` crate builds the calendars; [`Lines`] writes the crate's properties out
//! as the final content lines, folded by [`fold`], because the crate's own folding can cut
//! an escape sequence such as `\,` in two (Google Calendar drops such events), and took a
//! sixth of a build's instructions. The decisions (month-only
//! events, tentative dates, stamps, `UID`, transparency) are explained in `docs/ics.md`.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{self as ical, Component, EventLike, EventStatus, Property, ValueType};
use std::borrow::Cow;
use std::sync::LazyLock;

use crate::config::{Config, MonthOnly, Tag};
use crate::date::When;
use crate::event::{Event, Status};
use crate::history::Revision;
use crate::locale::{self, fill};
use crate::markdown;
use crate::words::Words;

/// How often subscribers' clients should fetch a feed again (`REFRESH-INTERVAL`).
pub const REFRESH_INTERVAL: &str = "PT12H";

/// How long a timed event with a start and no end lasts in calendars: an event of no
/// length shows as a line, or not at all, in most apps.
pub const DEFAULT_DURATION: chrono::TimeDelta = chrono::TimeDelta::hours(1);

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
        /// When it ends: as written, or [`DEFAULT_DURATION`] after a start given alone.
        end: DateTime<Utc>,
    },
}

/// The days or instants of an event. A month-only event spans its whole month.
pub fn span(event: &Event) -> Span {
    let when = event.date.when;
    match (event.time, when) {
        (Some(t), When::Day(day)) => {
            let start = instant(day, t.start, t.zone);
            let end = match t.end {
                // A time of the hour that is repeated when clocks go back is the first of
                // the two; the event then lasts as long as its editor wrote, not an hour
                // more or less.
                Some(end) if repeated(day, t.start, t.zone) || repeated(day, end, t.zone) => {
                    start + (end - t.start)
                }
                Some(end) => instant(day, end, t.zone),
                None => start + DEFAULT_DURATION,
            };
            Span::Timed { start, end }
        }
        _ => Span::AllDay { start: when.first_day(), end: next_day(when.last_day()) },
    }
}

fn repeated(day: NaiveDate, time: NaiveTime, zone: Tz) -> bool {
    matches!(zone.from_local_datetime(&day.and_time(time)), chrono::LocalResult::Ambiguous(..))
}

/// A local time of a zone as a UTC instant, the way RFC 5545 (3.3.5) reads local times:
/// a time that occurs twice (when clocks go back) is the first one. A time that does not
/// exist (when clocks go forward) is refused when the event is read; here it is read with
/// the offset in force before the gap, as RFC 5545 says.
pub fn instant(day: NaiveDate, time: NaiveTime, zone: Tz) -> DateTime<Utc> {
    use chrono::Offset;
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
/// `calendar.toml` says `[feeds] month_only = "omit"`; an event whose month is not known
/// never does. Every event with a day or a month has its own file ([`has_file`]).
pub fn in_feeds(config: &Config, event: &Event) -> bool {
    match event.date.when {
        When::Month(_) => config.feeds.month_only == MonthOnly::AllMonth,
        other => other.has_days(),
    }
}

/// Whether an event has its own `.ics` file: not when only its year is known, since there
/// is no day to put in a calendar.
pub fn has_file(event: &Event) -> bool {
    event.date.when.has_days()
}

/// The name of a tag's feed, such as "When & Where: Urban diplomacy events".
pub fn tag_feed_name(config: &Config, tag: &Tag) -> String {
    format!("{}: {}", config.title, tag.label)
}

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

/// An event's stable identifier: its slug at the site's host, with the site's sub-path
/// (if any) in front of the host, as in `uclg-retreat@when-and-where.example.github.io`.
/// Neither the title nor the date is part of it, so editing them updates the event in
/// subscribers' calendars instead of duplicating it.
pub fn uid(config: &Config, event: &Event) -> String {
    let mut domain = String::new();
    for segment in config.site_path().split('/').filter(|s| !s.is_empty()).rev() {
        domain.extend(segment.chars().map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' | '.' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        }));
        domain.push('.');
    }
    format!("{}@{}{}", event.slug, domain, config.base_url.host())
}

/// The title as calendars show it: after the marker of a cancelled, postponed or
/// tentative event, since most apps do not show `STATUS`.
pub fn summary(words: &Words, event: &Event) -> String {
    let marker = match event.status {
        Status::Cancelled => Some(words.cancelled_marker),
        Status::Postponed => Some(words.postponed_marker),
        Status::Scheduled if event.date.tentative => Some(words.tbc_marker),
        Status::Scheduled => None,
    };
    match marker {
        Some(marker) => format!("{marker} {}", event.title),
        None => event.title.clone(),
    }
}

/// Whether an event marks its reader busy once added on purpose: a confirmed event on
/// known days. In feeds every event is free time (`TRANSPARENT`): they inform.
pub fn busy(event: &Event) -> bool {
    !event.date.tentative && !event.status.is_off() && !matches!(event.date.when, When::Month(_))
}

/// An event's own file around its [`vevent_lines`]. A month-only event is always in it
/// (as a whole-month event), whatever `month_only` says: the reader chose this event.
/// It carries no calendar name nor refresh interval: it is imported, not subscribed to;
/// and it is [`busy`] time where the event is.
pub fn event_file_of(config: &Config, event: &Event, vevent: &str) -> String {
    // The head is the same in every event's file: made once for each kind of head.
    static HEAD: LazyLock<String> = LazyLock::new(|| head_lines(&calendar_head(false)));
    static PUBLISHED: LazyLock<String> = LazyLock::new(|| head_lines(&calendar_head(true)));
    let head = if config.publisher_email.is_some() { &PUBLISHED } else { &HEAD };
    let mut out = String::with_capacity(head.len() + vevent.len() + END.len());
    out.push_str(head);
    // Line breaks in values are escaped: this can only be the property's own line, one of
    // the last few (properties come in name order), so it is looked for from the end.
    match vevent.rsplit_once(TRANSPARENT) {
        Some((before, after)) if busy(event) => {
            out.push_str(before);
            out.push_str("\r\nTRANSP:OPAQUE\r\n");
            out.push_str(after);
        }
        _ => out.push_str(vevent),
    }
    out.push_str(END);
    out
}

const TRANSPARENT: &str = "\r\nTRANSP:TRANSPARENT\r\n";

/// A feed from [`vevent_lines`] already made, and already filtered with [`in_feeds`],
/// written piece by piece, so that a feed of many events is never held whole.
pub fn write_feed<'a>(
    config: &Config,
    head: &FeedHead,
    vevents: impl IntoIterator<Item = &'a str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut calendar = calendar_head(config.publisher_email.is_some());
    let text = |s: &str| escape_text(&clean_text(s));
    calendar.append_property(Property::new("NAME", text(&head.name)));
    calendar.append_property(Property::new("X-WR-CALNAME", clean_text(&head.name)));
    if let Some(description) = &head.description {
        calendar.append_property(Property::new("DESCRIPTION", text(description)));
        calendar.append_property(Property::new("X-WR-CALDESC", clean_text(description)));
    }
    calendar.append_property(Property::new("URL", &head.page).add_parameter("VALUE", "URI").done());
    calendar.append_property(
        Property::new("SOURCE", &head.source).add_parameter("VALUE", "URI").done(),
    );
    if let Some(colour) = &head.colour {
        calendar.append_property(Property::new("X-APPLE-CALENDAR-COLOR", colour));
    }
    let refresh = Property::new("REFRESH-INTERVAL", REFRESH_INTERVAL)
        .add_parameter("VALUE", "DURATION")
        .done();
    calendar.append_property(refresh);
    calendar.append_property(Property::new("X-PUBLISHED-TTL", REFRESH_INTERVAL));
    wrap_into(&calendar, vevents, out)
}

/// One event's `VEVENT` at a version, as final content lines, as feeds have it: the part
/// shared by its own file and every feed it is in, so that a build makes it once.
pub fn vevent_lines(config: &Config, event: &Event, revision: Revision) -> String {
    vevent_lines_with(config, event, revision, description_text(event).as_deref())
}

/// [`vevent_lines`] with the plain text of the event's description already made
/// ([`description_text`]), as its page makes it too.
pub fn vevent_lines_with(
    config: &Config,
    event: &Event,
    revision: Revision,
    text: Option<&str>,
) -> String {
    let vevent = vevent(config, event, revision, text);
    let mut lines = Lines::with_capacity(1024);
    lines.component(
        "VEVENT",
        vevent.properties().values().chain(vevent.multi_properties().values().flatten()),
    );
    lines.out
}

/// The plain text of an event's description, for its `DESCRIPTION` and links.
pub fn description_text(event: &Event) -> Option<String> {
    event.description.as_deref().map(markdown::to_text)
}

/// The last line of every calendar.
const END: &str = "END:VCALENDAR\r\n";

/// A calendar's content lines without its end, for events to follow.
fn head_lines(head: &ical::Calendar) -> String {
    let mut lines = Lines::with_capacity(512);
    lines.begin("VCALENDAR", &head.properties);
    lines.out
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

/// `METHOD:PUBLISH` only with an organizer: libical's checks (RFC 5546) want an
/// `ORGANIZER` in every event of a published calendar.
fn calendar_head(published: bool) -> ical::Calendar {
    let mut calendar = ical::Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new(
        "PRODID",
        concat!("-//When & Where//whenwhere ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    if published {
        calendar.append_property(Property::new("METHOD", "PUBLISH"));
    }
    calendar
}

fn vevent(config: &Config, event: &Event, revision: Revision, text: Option<&str>) -> ical::Event {
    let words = &config.locale.features;
    let mut v = ical::Event::new();
    v.uid(&uid(config, event)).timestamp(revision.stamp).last_modified(revision.stamp);
    v.sequence(revision.sequence);
    v.summary(&clean_text(&summary(words, event)));
    match span(event) {
        Span::AllDay { start, end } => {
            v.starts(start).ends(end);
        }
        Span::Timed { start, end } => {
            v.starts(start).ends(end);
        }
    }
    v.status(match event.status {
        Status::Cancelled | Status::Postponed => EventStatus::Cancelled,
        Status::Scheduled if event.date.tentative => EventStatus::Tentative,
        Status::Scheduled => EventStatus::Confirmed,
    });
    // As feeds have it; an event's own file says OPAQUE where it is busy time.
    v.add_property("TRANSP", "TRANSPARENT");
    if let Some(email) = &config.publisher_email {
        let mut organizer = Property::new("ORGANIZER", format!("mailto:{email}"));
        if let Some(name) = &config.publisher {
            // A parameter value cannot hold a double quote, nor any control character.
            let name: String = name.chars().filter(|c| *c != '"' && !c.is_control()).collect();
            organizer.add_parameter("CN", &name);
        }
        v.append_property(organizer);
    }
    if let Some(location) = &event.location {
        v.location(&clean_text(location));
    }
    v.url(&config.base_url.absolute(&event.page_path()));
    v.description(&clean_text(&plain_description(words, config, event, text, usize::MAX)));
    if !event.tags.is_empty() {
        // One line: several CATEGORIES lines are valid, but some readers keep only the
        // first or refuse the feed. The crate writes the value as it is: escape here.
        let labels: Vec<String> = event
            .tags
            .iter()
            .map(|id| escape_text(&clean_text(config.tag(id).map_or(id.as_str(), |t| &t.label))))
            .collect();
        v.add_property("CATEGORIES", labels.join(","));
    }
    v.done()
}

/// The plain text of an event for a `DESCRIPTION` or a link: its status, what is
/// uncertain about its date, its time as written, its description (`text`, its
/// [`description_text`], cut to `limit` characters), who organises it, its website,
/// and its page.
pub fn plain_description(
    words: &Words,
    config: &Config,
    event: &Event,
    text: Option<&str>,
    limit: usize,
) -> String {
    // The description, the longest part, is borrowed rather than copied.
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    match event.status {
        Status::Cancelled => parts.push(words.cancelled_note.into()),
        Status::Postponed => parts.push(words.postponed_note.into()),
        Status::Scheduled => {}
    }
    if let Some(from) = &event.postponed_from {
        let moved = words.postponed_from.replace("{date}", &from.shown(config.locale));
        parts.push(format!("{moved}.").into());
    }
    let phrases = &config.locale.words;
    let tbc = event.date.tentative;
    match event.date.when {
        When::Month(m) => {
            let pattern = if tbc { phrases.feed_month_tbc } else { phrases.feed_month };
            let (name, year) = (config.locale.month(m.month), m.year.to_string());
            parts.push(fill(pattern, &[("m", name), ("y", &year)]).into());
        }
        _ if tbc => parts.push(phrases.feed_date_tbc.into()),
        _ => {}
    }
    if let Some(t) = event.time {
        let hours = match t.end {
            Some(end) => format!("{}–{}", locale::clock(t.start), locale::clock(end)),
            None => locale::clock(t.start),
        };
        parts.push(fill(phrases.feed_time, &[("hours", &hours), ("zone", t.zone.name())]).into());
    }
    if let Some(plain) = text.filter(|p| !p.is_empty()) {
        // A text of no more bytes than the limit has no more characters either: no
        // need to count them (the iCalendar description has no limit at all).
        let cut = (plain.len() > limit).then(|| plain.char_indices().nth(limit)).flatten();
        match cut {
            Some((cut, _)) => parts.push(format!("{}…", plain[..cut].trim_end()).into()),
            None => parts.push(plain.into()),
        }
    }
    let mut links = Vec::new();
    if !event.organizers.is_empty() {
        links.push(fill(phrases.feed_organisers, &[("names", &event.organizers.join(", "))]));
    }
    if let Some(url) = &event.url {
        links.push(fill(phrases.feed_website, &[("url", url)]));
    }
    let page = config.base_url.absolute(&event.page_path());
    links.push(fill(phrases.feed_more, &[("url", &page)]));
    parts.push(links.join("\n").into());
    parts.join("\n\n")
}

/// Text as iCalendar can carry it: line breaks as `\n` only, and no other control
/// character (RFC 5545 3.3.11 allows none but tab).
pub fn clean_text(s: &str) -> Cow<'_, str> {
    // Most text has no control character: C0 and DEL are single bytes, and a C1
    // character is 0xC2 then 0x80 to 0x9F (a no-break space, 0xC2 0xA0, which French
    // puts before every colon, is not one). Branch-free over every byte, so that the
    // compiler checks many bytes at a time.
    let bytes = s.as_bytes();
    let c0 = bytes
        .iter()
        .fold(false, |seen, &b| seen | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f));
    // Pairs are looked at only in text that has a 0xC2 at all: most has none.
    let c1 = bytes.iter().fold(false, |seen, &b| seen | (b == 0xc2))
        && bytes.windows(2).any(|w| w[0] == 0xc2 && w[1] < 0xa0);
    if !(c0 | c1) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(cleaned(s))
}

/// [`clean_text`] the slow way, character by character.
fn cleaned(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// TEXT escaping (RFC 5545 3.3.11), for the values the crate writes as they are.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_text_into(s, &mut out);
    out
}

/// [`escape_text`] onto the end of `out`, copying the runs between escapes whole.
fn escape_text_into(s: &str, out: &mut String) {
    /// Which bytes are escaped, looked up rather than compared in turn.
    const ESCAPED: [bool; 256] = {
        let mut escaped = [false; 256];
        escaped[b'\\' as usize] = true;
        escaped[b';' as usize] = true;
        escaped[b',' as usize] = true;
        escaped[b'\n' as usize] = true;
        escaped
    };
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        let escaped = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `from` and `at` fall between characters.
        out.push_str(&s[from..at]);
        out.push_str(escaped);
        from = at + 1;
    }
    out.push_str(&s[from..]);
}

/// Content lines made from the crate's components, as its serialiser would make them
/// (properties in its order, TEXT values escaped) but folded by [`fold`].
struct Lines {
    out: String,
    /// The line being made, before it is folded into `out`.
    line: String,
}

impl Lines {
    fn with_capacity(bytes: usize) -> Lines {
        Lines { out: String::with_capacity(bytes), line: String::with_capacity(256) }
    }

    /// A whole component: its `BEGIN`, its properties, its `END`.
    fn component<'a>(&mut self, kind: &str, properties: impl IntoIterator<Item = &'a Property>) {
        self.begin(kind, properties);
        for part in ["END:", kind, "\r\n"] {
            self.out.push_str(part);
        }
    }

    /// A component's `BEGIN` and its properties, for more to follow.
    fn begin<'a>(&mut self, kind: &str, properties: impl IntoIterator<Item = &'a Property>) {
        for part in ["BEGIN:", kind, "\r\n"] {
            self.out.push_str(part);
        }
        for property in properties {
            self.property(property);
        }
    }

    /// One property: its name, its parameters (quoted where they hold `:`, `;` or `,`) and
    /// its value, escaped if it is TEXT other than a list, whose items are escaped already.
    fn property(&mut self, property: &Property) {
        let line = &mut self.line;
        line.clear();
        line.push_str(property.key());
        for parameter in property.params().values() {
            let value = parameter.value();
            let quoted = !(value.starts_with('"') && value.ends_with('"'))
                && value.contains([':', ';', ',']);
            line.push(';');
            line.push_str(parameter.key());
            line.push('=');
            if quoted {
                line.push('"');
            }
            line.push_str(value);
            if quoted {
                line.push('"');
            }
        }
        line.push(':');
        let list =
            ["CATEGORIES", "RESOURCES"].iter().any(|k| property.key().eq_ignore_ascii_case(k));
        match property.value_type() {
            Some(ValueType::Text) if !list => escape_text_into(property.value(), line),
            _ => line.push_str(property.value()),
        }
        fold(line, &mut self.out);
    }
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
        assert_eq!(clean_text("C1: \u{80}\u{85}\u{9f}."), "C1: .");
        // A no-break space and French quotes start with 0xC2 too, and are text.
        let french = "Plus d\u{2019}informations\u{a0}: \u{ab}\u{a0}Paris\u{a0}\u{bb}";
        assert!(matches!(clean_text(french), Cow::Borrowed(t) if t == french));
        assert_eq!(escape_text("a;b,c\\d\ne:f"), "a\\;b\\,c\\\\d\\ne:f");
    }

    proptest::proptest! {
        #[test]
        fn the_quick_look_never_skips_a_control_character(chars in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::any::<char>(),
                proptest::sample::select(vec![
                    '\r', '\n', '\t', '\u{0}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}',
                    '\u{a0}', '\u{ab}', '\u{bf}', '\u{c0}', 'é', 'a',
                ]),
            ],
            0..40,
        )) {
            // The quick look decides only whether the slow way is needed.
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(clean_text(&s), cleaned(&s));
        }
    }
}
