//! iCalendar (RFC 5545) output: a file per event and feeds for the whole calendar and for
//! each tag. The "add" and "subscribe" links that open other apps are in [`crate::links`].
//!
//! What an event is in a calendar (its span, its identifier, its title, whether it is in
//! the feeds) is here; [`calendar`] writes whole files, [`vevent`] an event, [`text`] its
//! plain text, with the content-line writer of [`lines`]. The decisions (month-only
//! events, tentative dates, stamps, `UID`, transparency) are explained in `docs/ics.md`.

mod calendar;
mod lines;
mod text;
mod vevent;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::config::{Config, MonthOnly, Tag};
use crate::date::{self, When, Zone};
use crate::event::{Event, Status};
use crate::feature_words::FeatureWords;
use crate::markdown;

pub use calendar::{FeedHead, Vevent, call_vevent, event_file, write_feed};
pub use text::{clean_text, plain_description};

/// The calls' feed, relative to a language's root: the deadlines of the events' calls.
pub const CALLS_FEED: &str = "calls.ics";

/// How often subscribers' clients should fetch a feed again (`REFRESH-INTERVAL`).
pub const REFRESH_INTERVAL: &str = "PT12H";

/// How long a timed event with a start and no end lasts in calendars: an event of no
/// length shows as a line, or not at all, in most apps.
pub const DEFAULT_DURATION: chrono::TimeDelta = chrono::TimeDelta::hours(1);

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

fn repeated(day: NaiveDate, time: NaiveTime, zone: Zone) -> bool {
    zone.iana().is_some_and(|tz| {
        matches!(tz.from_local_datetime(&day.and_time(time)), chrono::LocalResult::Ambiguous(..))
    })
}

/// A local time of a zone as a UTC instant, the way RFC 5545 (3.3.5) reads local times:
/// a time that occurs twice (when clocks go back) is the first one. A time that does not
/// exist (when clocks go forward) is refused when the event is read; here it is read with
/// the offset in force before the gap, as RFC 5545 says. A fixed offset is the same all
/// year, so that feeds write its hours in UTC as any other.
pub fn instant(day: NaiveDate, time: NaiveTime, zone: Zone) -> DateTime<Utc> {
    use chrono::Offset;
    let local = day.and_time(time);
    let zone = match zone {
        Zone::Named(tz) => tz,
        Zone::Fixed(offset) => {
            return (local - chrono::Duration::seconds(i64::from(offset.local_minus_utc())))
                .and_utc();
        }
    };
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
pub fn summary(words: &FeatureWords, event: &Event) -> String {
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

/// The plain text of an event's description, for its `DESCRIPTION` and links.
pub fn description_text(event: &Event) -> Option<String> {
    event.description.as_deref().map(markdown::to_text)
}

/// An instant as iCalendar's DATE-TIME in UTC writes it, `20210215T080000Z`, as Google's
/// links want it too.
pub fn write_utc(out: &mut String, t: DateTime<Utc>) {
    date::write_day(out, t.date_naive(), "");
    out.push('T');
    date::write_time(out, t.time(), "");
    out.push('Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_follow_rfc_5545_at_daylight_saving_changes() {
        let madrid = Zone::Named(chrono_tz::Europe::Madrid);
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let t = |h, min| NaiveTime::from_hms_opt(h, min, 0).unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // 02:30 on 28 March does not exist in Madrid: read with the offset before (+01:00).
        assert_eq!(instant(d(3, 28), t(2, 30), madrid), at("2021-03-28T01:30:00Z"));
        // 02:30 on 31 October happens twice: the first one (+02:00).
        assert_eq!(instant(d(10, 31), t(2, 30), madrid), at("2021-10-31T00:30:00Z"));
        // A fixed offset, the same all year.
        let minus_three = Zone::Fixed(chrono::FixedOffset::west_opt(3 * 3600).unwrap());
        assert_eq!(instant(d(3, 28), t(19, 45), minus_three), at("2021-03-28T22:45:00Z"));
    }
}
