//! Hours as editors write them, in the `time` key or in a date: `09:00`, `09:00-10:30`,
//! `9:00 - 10:30`, `9h00 - 10h30`, `14h`, `19:00:00`; and the zones they name beside
//! them: IANA names, the abbreviations invitations use, fixed offsets.

use std::borrow::Cow;
use std::ops::Range;

use chrono::{FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::DateErrorKind;

/// The zone of a timed event's hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// An IANA zone (`Europe/Madrid`), with its daylight-saving rules.
    Named(Tz),
    /// A fixed offset from UTC (`-03`, `+08:00`, `UTC+2`), the same all year.
    Fixed(FixedOffset),
}

impl Zone {
    /// The name programs know it by: the IANA name, or the offset as RFC 3339 writes it
    /// (`-03:00`), which `Intl.DateTimeFormat` and Temporal take as a zone.
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Zone::Named(tz) => Cow::Borrowed(tz.name()),
            Zone::Fixed(offset) => Cow::Owned(offset.to_string()),
        }
    }

    /// The name people read, and the form a date writes it in, which [`zone`] reads
    /// back: the IANA name, or `UTC-03`.
    pub fn label(self) -> Cow<'static, str> {
        match self {
            Zone::Named(tz) => Cow::Borrowed(tz.name()),
            Zone::Fixed(offset) => Cow::Owned(utc_offset(offset.local_minus_utc())),
        }
    }

    /// The IANA zone, when it is one.
    pub fn iana(self) -> Option<Tz> {
        match self {
            Zone::Named(tz) => Some(tz),
            Zone::Fixed(_) => None,
        }
    }

    /// The offset from UTC of a local time on a day; in a daylight-saving gap, the offset
    /// of the hour after it.
    pub fn offset_at(self, day: NaiveDate, at: NaiveTime) -> FixedOffset {
        match self {
            Zone::Named(tz) => named_offset(tz, day, at).fix(),
            Zone::Fixed(offset) => offset,
        }
    }
}

fn named_offset(tz: Tz, day: NaiveDate, at: NaiveTime) -> chrono_tz::TzOffset {
    let local = day.and_time(at);
    tz.offset_from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| tz.offset_from_utc_datetime(&local))
}

/// An offset as `UTC+04`, or `UTC+05:45` when it has minutes.
fn utc_offset(seconds: i32) -> String {
    let minutes = seconds / 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    if m == 0 { format!("UTC{sign}{h:02}") } else { format!("UTC{sign}{h:02}:{m:02}") }
}

/// Why hours could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ClockFault {
    /// Not hours on a 24-hour clock, or an end before the start.
    Bad,
    /// Seconds other than `:00` in the clock at this byte range of the text.
    Seconds(Range<usize>),
}

/// A time or time range read from the start of a text, with where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clocks {
    pub(super) start: NaiveTime,
    pub(super) end: Option<NaiveTime>,
    /// The byte after the last clock.
    pub(super) until: usize,
}

/// Where a clock written as `9:00`, `09:00:00`, `9h`, `9h30` (any hour and minute
/// digits, checked later) starts at `at` ends; `None` if none does.
pub(super) fn clock_shape(b: &[u8], at: usize) -> Option<usize> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let letter_or_digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    if !digit(at) || (at > 0 && letter_or_digit(at - 1)) {
        return None;
    }
    let hour_end = if digit(at + 1) { at + 2 } else { at + 1 };
    match b.get(hour_end) {
        Some(b':') if digit(hour_end + 1) && digit(hour_end + 2) => {
            let minute_end = hour_end + 3;
            let seconds = b.get(minute_end) == Some(&b':') && digit(minute_end + 1);
            Some(if seconds && digit(minute_end + 2) { minute_end + 3 } else { minute_end })
        }
        // `14h`, `9h30`: a French hour, not the start of a word (`14hrs`).
        Some(b'h' | b'H') => {
            let end = if digit(hour_end + 1) && digit(hour_end + 2) {
                hour_end + 3
            } else {
                hour_end + 1
            };
            (!letter_or_digit(end)).then_some(end)
        }
        _ => None,
    }
}

/// The time of the clock at `text[at..end]`, shaped as [`clock_shape`] says.
fn clock_value(text: &str, at: usize, end: usize) -> Result<NaiveTime, ClockFault> {
    let written = &text[at..end];
    let (hour, rest) = written.split_at(written.find([':', 'h', 'H']).ok_or(ClockFault::Bad)?);
    let rest = &rest[1..];
    let (minute, second) = match rest.split_once(':') {
        Some((m, s)) => (m, Some(s)),
        None => (rest, None),
    };
    let number = |s: &str| s.parse::<u32>().map_err(|_| ClockFault::Bad);
    let minute = if minute.is_empty() { 0 } else { number(minute)? };
    if second.is_some_and(|s| s != "00") {
        return Err(ClockFault::Seconds(at..end));
    }
    NaiveTime::from_hms_opt(number(hour)?, minute, 0).ok_or(ClockFault::Bad)
}

/// A time, or a time range with any dash, read from `text[at..]`: the end after the
/// start, or the same (`19:00-19:00`), which is a start alone. `19:00 -03:00`, which
/// would end before it starts, is a time and an offset from UTC.
pub(super) fn clocks_at(text: &str, at: usize) -> Result<Clocks, ClockFault> {
    let b = text.as_bytes();
    let first = clock_shape(b, at).ok_or(ClockFault::Bad)?;
    let start = clock_value(text, at, first)?;
    let alone = Clocks { start, end: None, until: first };
    let after = skip_spaces(text, first);
    let Some(dash) = text[after..].chars().next().filter(|c| is_dash(*c)) else {
        return Ok(alone);
    };
    let second_at = skip_spaces(text, after + dash.len_utf8());
    let Some(second_end) = clock_shape(b, second_at) else { return Ok(alone) };
    let end = clock_value(text, second_at, second_end)?;
    let offset_like = after > first && second_at == after + dash.len_utf8();
    match end.cmp(&start) {
        std::cmp::Ordering::Greater => Ok(Clocks { start, end: Some(end), until: second_end }),
        std::cmp::Ordering::Equal => Ok(Clocks { until: second_end, ..alone }),
        std::cmp::Ordering::Less if offset_like => Ok(alone),
        std::cmp::Ordering::Less => Err(ClockFault::Bad),
    }
}

/// The first byte from `from` on that is not white space.
pub(super) fn skip_spaces(text: &str, from: usize) -> usize {
    text[from..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |p| from + p)
}

/// A dash between two times, or before a negative offset.
pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2014}' | '\u{2212}')
}

/// `09:00`, `09:00-10:30` (any dash), `9h-10h30`; the hour may have one digit; seconds
/// of `:00` are dropped; an end equal to the start is a start alone. The one reader of
/// hours, for the `time` key and for hours in a date.
pub fn parse_time_range(text: &str) -> Option<(NaiveTime, Option<NaiveTime>)> {
    let at = skip_spaces(text, 0);
    let clocks = clocks_at(text, at).ok()?;
    text[clocks.until..].trim().is_empty().then_some((clocks.start, clocks.end))
}

/// Abbreviations invitations use, each read as the zone that uses it, and whether it is
/// that zone's summer name (`Some(true)`), winter name (`Some(false)`), or either.
/// CET, EET and WET are the zones tzdata (since 2024b) makes them aliases of.
const ABBREVIATIONS: &[(&str, Tz, Option<bool>)] = &[
    ("UTC", Tz::UTC, None),
    ("GMT", Tz::UTC, None),
    ("Z", Tz::UTC, None),
    ("CET", Tz::Europe__Brussels, Some(false)),
    ("CEST", Tz::Europe__Brussels, Some(true)),
    ("EET", Tz::Europe__Athens, Some(false)),
    ("EEST", Tz::Europe__Athens, Some(true)),
    ("WET", Tz::Europe__Lisbon, Some(false)),
    ("WEST", Tz::Europe__Lisbon, Some(true)),
    ("BST", Tz::Europe__London, Some(true)),
    ("EST", Tz::America__New_York, Some(false)),
    ("EDT", Tz::America__New_York, Some(true)),
    ("CDT", Tz::America__Chicago, Some(true)),
    ("MST", Tz::America__Denver, Some(false)),
    ("MDT", Tz::America__Denver, Some(true)),
    ("PST", Tz::America__Los_Angeles, Some(false)),
    ("PDT", Tz::America__Los_Angeles, Some(true)),
    ("AEST", Tz::Australia__Sydney, Some(false)),
    ("AEDT", Tz::Australia__Sydney, Some(true)),
    ("NZST", Tz::Pacific__Auckland, Some(false)),
    ("NZDT", Tz::Pacific__Auckland, Some(true)),
];

/// The abbreviations a date may name its zone by, as a help lists them (`Z`, a suffix of
/// ISO times, left out).
pub(super) fn abbreviations() -> String {
    let names = ABBREVIATIONS.iter().map(|(name, ..)| *name).filter(|name| *name != "Z");
    names.collect::<Vec<_>>().join(", ")
}

/// Abbreviations that several zones use, with the IANA names of the likeliest.
const AMBIGUOUS: &[(&str, &[&str])] = &[
    ("CST", &["America/Chicago", "Asia/Shanghai", "America/Havana"]),
    ("IST", &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
    ("AST", &["America/Halifax", "Asia/Riyadh"]),
];

/// The most an offset may be from UTC: the world's zones span UTC-12 to UTC+14.
const MAX_OFFSET_HOURS: i32 = 14;

/// The zone written after (or before) hours: an IANA name (`Europe/Madrid`), one of the
/// [`ABBREVIATIONS`] (a summer name means the zone that observes it), or an offset from
/// UTC (`-03`, `+08:00`, `UTC+2`, `GMT-5`). An abbreviation of several zones (`CST`) or
/// an unknown name is an error that says what to write.
pub fn zone(text: &str) -> Result<Zone, DateErrorKind> {
    let upper = text.to_ascii_uppercase();
    if let Some((_, tz, _)) = ABBREVIATIONS.iter().find(|(name, ..)| *name == upper) {
        return Ok(Zone::Named(*tz));
    }
    if let Some((name, zones)) = AMBIGUOUS.iter().find(|(name, _)| *name == upper) {
        return Err(DateErrorKind::AmbiguousZone { zone: (*name).to_string(), zones });
    }
    if let Some(offset) = offset(text) {
        return offset;
    }
    text.parse().map(Zone::Named).map_err(|_| DateErrorKind::UnknownZone { zone: text.to_string() })
}

/// `-03`, `+0800`, `+08:00`, `UTC+2`, `GMT-5:30`, `UTC−3` (a minus sign): a fixed offset,
/// or an error if it is further from UTC than any zone; `None` if it is no offset.
fn offset(text: &str) -> Option<Result<Zone, DateErrorKind>> {
    let upper = text.to_ascii_uppercase();
    let signed = upper.strip_prefix("UTC").or_else(|| upper.strip_prefix("GMT")).unwrap_or(&upper);
    let mut chars = signed.chars();
    let sign = match chars.next()? {
        '+' => 1,
        c if is_dash(c) => -1,
        _ => return None,
    };
    let digits = chars.as_str();
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if digits.len() == 4 && digits.is_ascii() => digits.split_at(2),
        None => (digits, "00"),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(hours) && hours.len() <= 2 && all_digits(minutes)) {
        return None;
    }
    let (h, m): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    let seconds = sign * (h * 3600 + m * 60);
    let fixed = FixedOffset::east_opt(seconds)
        .filter(|_| m < 60 && h * 60 + m <= MAX_OFFSET_HOURS * 60)
        .map(Zone::Fixed);
    Some(fixed.ok_or(DateErrorKind::BadOffset { offset: text.to_string() }))
}

/// When a summer name (`CEST`, `EDT`) is written for a day and hour its zone is on
/// winter time, or a winter name in summer: the warning that says which offset the
/// hours are read at (the zone's own that day, as a reader there would expect).
pub fn out_of_season(written: &str, day: NaiveDate, at: NaiveTime) -> Option<DateErrorKind> {
    let upper = written.to_ascii_uppercase();
    let (name, tz, summer) = ABBREVIATIONS.iter().find(|(name, ..)| *name == upper)?;
    let summer = (*summer)?;
    let offset = named_offset(*tz, day, at);
    let in_summer = !offset.dst_offset().is_zero();
    if in_summer == summer {
        return None;
    }
    // The offset the name itself stands for: an hour off the one in force.
    let hour = if summer { 3600 } else { -3600 };
    let written_offset = offset.fix().local_minus_utc() + hour;
    Some(DateErrorKind::OutOfSeason {
        written: (*name).to_string(),
        summer,
        zone: *tz,
        day,
        used: zone_shown(day, at, Zone::Named(*tz)),
        offset: utc_offset(offset.fix().local_minus_utc()),
        other: utc_offset(written_offset),
    })
}

/// A time zone as readers of the event's day know it: its abbreviation then (`CET`,
/// `CEST`, `EDT`), or `UTC+04` where the zone has none, or a fixed offset as `UTC-03`;
/// the IANA name is the page's title.
pub fn zone_shown(day: NaiveDate, at: NaiveTime, zone: Zone) -> String {
    let Zone::Named(tz) = zone else {
        return zone.label().into_owned();
    };
    let offset = named_offset(tz, day, at);
    match offset.abbreviation() {
        Some(name) if !name.starts_with(['+', '-']) => name.to_string(),
        _ => utc_offset(offset.fix().local_minus_utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(hours: i32, minutes: i32) -> Zone {
        let sign = hours.signum();
        Zone::Fixed(FixedOffset::east_opt(hours * 3600 + sign * minutes * 60).unwrap())
    }

    #[test]
    fn zones_are_shown_as_readers_of_the_day_know_them() {
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let nine = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let cases = [
            (day(1, 15), Zone::Named(chrono_tz::Europe::Brussels), "CET"),
            (day(7, 15), Zone::Named(chrono_tz::Europe::Brussels), "CEST"),
            (day(7, 15), Zone::Named(chrono_tz::America::New_York), "EDT"),
            (day(7, 15), Zone::Named(chrono_tz::Asia::Dubai), "UTC+04"),
            (day(7, 15), Zone::Named(chrono_tz::UTC), "UTC"),
            (day(7, 15), Zone::Named(chrono_tz::Asia::Kolkata), "IST"),
            (day(7, 15), Zone::Named(chrono_tz::Asia::Kathmandu), "UTC+05:45"),
            (day(7, 15), fixed(-3, 0), "UTC-03"),
            (day(7, 15), fixed(5, 30), "UTC+05:30"),
        ];
        for (d, zone, shown) in cases {
            assert_eq!(zone_shown(d, nine, zone), shown, "{zone:?} on {d}");
        }
        assert_eq!(fixed(-3, 0).name(), "-03:00");
        assert_eq!(Zone::Named(chrono_tz::Europe::Madrid).name(), "Europe/Madrid");
    }

    #[test]
    fn time_ranges() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        type Range = Option<(NaiveTime, Option<NaiveTime>)>;
        let cases: &[(&str, Range)] = &[
            ("09:00", Some((t(9, 0), None))),
            ("9:00", Some((t(9, 0), None))),
            ("09:00 – 10:30", Some((t(9, 0), Some(t(10, 30))))),
            ("9:00 - 10:30", Some((t(9, 0), Some(t(10, 30))))),
            ("09:00—10:30", Some((t(9, 0), Some(t(10, 30))))),
            ("23:59", Some((t(23, 59), None))),
            // French hours
            ("9h00 - 10h30", Some((t(9, 0), Some(t(10, 30))))),
            ("9h-10h30", Some((t(9, 0), Some(t(10, 30))))),
            ("14h", Some((t(14, 0), None))),
            ("14H15", Some((t(14, 15), None))),
            // seconds of `:00`
            ("19:00:00-21:00:00", Some((t(19, 0), Some(t(21, 0))))),
            ("19:00:30", None),
            // a range of no length is its start
            ("19:00-19:00", Some((t(19, 0), None))),
            ("25:00", None),
            ("09:60", None),
            ("9:5", None),
            ("009:00", None),
            ("+9:00", None),
            ("11:00-10:00", None),
            ("9h5", None),
            ("19:00 -03:00", None),
            ("14hrs", None),
            ("09:00 CET", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_time_range(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn zones() {
        use chrono_tz::Tz;
        let named = Zone::Named;
        let cases: &[(&str, Result<Zone, DateErrorKind>)] = &[
            ("UTC", Ok(named(Tz::UTC))),
            ("gmt", Ok(named(Tz::UTC))),
            ("CET", Ok(named(Tz::Europe__Brussels))),
            ("CEST", Ok(named(Tz::Europe__Brussels))),
            ("EET", Ok(named(Tz::Europe__Athens))),
            ("EEST", Ok(named(Tz::Europe__Athens))),
            ("WET", Ok(named(Tz::Europe__Lisbon))),
            ("WEST", Ok(named(Tz::Europe__Lisbon))),
            ("BST", Ok(named(Tz::Europe__London))),
            ("EDT", Ok(named(Tz::America__New_York))),
            ("EST", Ok(named(Tz::America__New_York))),
            ("CDT", Ok(named(Tz::America__Chicago))),
            ("MDT", Ok(named(Tz::America__Denver))),
            ("MST", Ok(named(Tz::America__Denver))),
            ("PDT", Ok(named(Tz::America__Los_Angeles))),
            ("pst", Ok(named(Tz::America__Los_Angeles))),
            ("AEDT", Ok(named(Tz::Australia__Sydney))),
            ("AEST", Ok(named(Tz::Australia__Sydney))),
            ("NZDT", Ok(named(Tz::Pacific__Auckland))),
            ("NZST", Ok(named(Tz::Pacific__Auckland))),
            ("Europe/Madrid", Ok(named(Tz::Europe__Madrid))),
            ("America/Sao_Paulo", Ok(named(Tz::America__Sao_Paulo))),
            // fixed offsets
            ("-03", Ok(fixed(-3, 0))),
            ("+08:00", Ok(fixed(8, 0))),
            ("+0530", Ok(fixed(5, 30))),
            ("UTC+2", Ok(fixed(2, 0))),
            ("utc-03", Ok(fixed(-3, 0))),
            ("GMT-5:30", Ok(fixed(-5, 30))),
            ("UTC\u{2212}3", Ok(fixed(-3, 0))),
            ("UTC+05:45", Ok(fixed(5, 45))),
            ("+15", Err(DateErrorKind::BadOffset { offset: "+15".into() })),
            ("+03:75", Err(DateErrorKind::BadOffset { offset: "+03:75".into() })),
            ("+3:0", Err(DateErrorKind::UnknownZone { zone: "+3:0".into() })),
            // names of several zones
            (
                "CST",
                Err(DateErrorKind::AmbiguousZone {
                    zone: "CST".into(),
                    zones: &["America/Chicago", "Asia/Shanghai", "America/Havana"],
                }),
            ),
            (
                "ist",
                Err(DateErrorKind::AmbiguousZone {
                    zone: "IST".into(),
                    zones: &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
                }),
            ),
            ("Europe/Pariss", Err(DateErrorKind::UnknownZone { zone: "Europe/Pariss".into() })),
            ("HKT", Err(DateErrorKind::UnknownZone { zone: "HKT".into() })),
        ];
        for (text, expected) in cases {
            assert_eq!(zone(text), *expected, "{text:?}");
        }
        // What a date writes reads back.
        for z in [fixed(-3, 0), fixed(5, 45), fixed(0, 0), Zone::Named(Tz::Asia__Kolkata)] {
            assert_eq!(zone(&z.label()), Ok(z), "{z:?}");
        }
    }

    #[test]
    fn summer_and_winter_names_out_of_season() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        // In season, or a name with no season: nothing to say.
        for (written, d) in [
            ("CEST", day(2021, 7, 1)),
            ("CET", day(2021, 1, 15)),
            ("EDT", day(2024, 10, 9)),
            ("AEDT", day(2022, 1, 10)),
            ("UTC", day(2021, 7, 1)),
            ("Europe/Madrid", day(2021, 7, 1)),
        ] {
            assert_eq!(out_of_season(written, d, ten), None, "{written} on {d}");
        }
        let cases = [
            ("CEST", day(2021, 1, 15), "CET", "UTC+01", "UTC+02"),
            ("EDT", day(2021, 12, 1), "EST", "UTC-05", "UTC-04"),
            ("CET", day(2021, 7, 1), "CEST", "UTC+02", "UTC+01"),
            ("BST", day(2021, 12, 1), "GMT", "UTC+00", "UTC+01"),
            ("AEST", day(2022, 1, 10), "AEDT", "UTC+11", "UTC+10"),
        ];
        for (written, d, used, offset, other) in cases {
            let Some(DateErrorKind::OutOfSeason { used: u, offset: o, other: w, .. }) =
                out_of_season(written, d, ten)
            else {
                panic!("{written} on {d} is out of season");
            };
            assert_eq!((u.as_str(), o.as_str(), w.as_str()), (used, offset, other), "{written}");
        }
    }
}
