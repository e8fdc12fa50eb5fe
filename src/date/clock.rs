//! Hours as editors write them, in the `time` key or after a date: `09:00`,
//! `09:00-10:30`, `9:00 - 10:30`; and the zones they name after them.

use chrono::NaiveTime;
use chrono_tz::Tz;

/// `09:00` or `09:00-10:30` (any dash), the end after the start; the hour may have one
/// digit. The one reader of hours, for the `time` key and for hours in a date.
pub fn parse_time_range(text: &str) -> Option<(NaiveTime, Option<NaiveTime>)> {
    let clock = |s: &str| {
        let (h, m) = s.trim().split_once(':')?;
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(h, 1..=2) || !digits(m, 2..=2) {
            return None;
        }
        NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
    };
    match text.split_once(['-', '–', '—']) {
        None => Some((clock(text)?, None)),
        Some((a, b)) => {
            let (start, end) = (clock(a)?, clock(b)?);
            (end > start).then_some((start, Some(end)))
        }
    }
}

/// The zone written after hours: an IANA name (`Europe/Madrid`), or one of the
/// abbreviations invitations use, read as the IANA zone that tzdata (since 2024b) makes
/// each of them an alias of, so that a summer name means the zone that observes it:
/// CET and CEST are Europe/Brussels, EET and EEST Europe/Athens, WET and WEST
/// Europe/Lisbon; UTC and GMT are UTC, with no summer time (London is `Europe/London`).
pub fn zone(text: &str) -> Option<Tz> {
    let zone = match text.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => Tz::UTC,
        "CET" | "CEST" => Tz::Europe__Brussels,
        "EET" | "EEST" => Tz::Europe__Athens,
        "WET" | "WEST" => Tz::Europe__Lisbon,
        _ => return text.parse().ok(),
    };
    Some(zone)
}

/// A time zone as readers of the event's day know it: its abbreviation then (`CET`,
/// `CEST`, `EDT`), or `UTC+04` where the zone has none; the IANA name is the page's title.
pub fn zone_shown(day: chrono::NaiveDate, at: NaiveTime, zone: Tz) -> String {
    use chrono::{Offset, TimeZone};
    use chrono_tz::OffsetName;
    let local = day.and_time(at);
    // In a daylight-saving gap, the offset of the hour after it.
    let offset = zone
        .offset_from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| zone.offset_from_utc_datetime(&local));
    match offset.abbreviation() {
        Some(name) if !name.starts_with(['+', '-']) => name.to_string(),
        _ => {
            let minutes = offset.fix().local_minus_utc() / 60;
            let sign = if minutes < 0 { '-' } else { '+' };
            let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
            if m == 0 { format!("UTC{sign}{h:02}") } else { format!("UTC{sign}{h:02}:{m:02}") }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_shown_as_readers_of_the_day_know_them() {
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let nine = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let cases = [
            (day(1, 15), chrono_tz::Europe::Brussels, "CET"),
            (day(7, 15), chrono_tz::Europe::Brussels, "CEST"),
            (day(7, 15), chrono_tz::America::New_York, "EDT"),
            (day(7, 15), chrono_tz::Asia::Dubai, "UTC+04"),
            (day(7, 15), chrono_tz::UTC, "UTC"),
            (day(7, 15), chrono_tz::Asia::Kolkata, "IST"),
            (day(7, 15), chrono_tz::Asia::Kathmandu, "UTC+05:45"),
        ];
        for (d, zone, shown) in cases {
            assert_eq!(zone_shown(d, nine, zone), shown, "{zone} on {d}");
        }
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
            ("25:00", None),
            ("09:60", None),
            ("9:5", None),
            ("009:00", None),
            ("+9:00", None),
            ("10:00-10:00", None),
            ("11:00-10:00", None),
            ("9h", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_time_range(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn zones() {
        let cases: &[(&str, Option<Tz>)] = &[
            ("UTC", Some(Tz::UTC)),
            ("gmt", Some(Tz::UTC)),
            ("CET", Some(Tz::Europe__Brussels)),
            ("CEST", Some(Tz::Europe__Brussels)),
            ("EET", Some(Tz::Europe__Athens)),
            ("EEST", Some(Tz::Europe__Athens)),
            ("WET", Some(Tz::Europe__Lisbon)),
            ("WEST", Some(Tz::Europe__Lisbon)),
            ("Europe/Madrid", Some(Tz::Europe__Madrid)),
            ("America/Sao_Paulo", Some(Tz::America__Sao_Paulo)),
            ("Europe/Pariss", None),
            ("PST", None),
        ];
        for (text, expected) in cases {
            assert_eq!(zone(text), *expected, "{text:?}");
        }
    }
}
