//! What can be wrong with an event's date and time, worded for its editor: the date
//! expression's own problems, and those of the `time` and `timezone` keys beside it.

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::{YearMonth, days_in_month, month_name, short_month};

/// A date expression that could not be read, with the byte range of the culprit in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub kind: DateErrorKind,
    /// Byte range, in the expression, of the part that is wrong.
    pub span: Range<usize>,
}

/// Everything that can be wrong with a date expression, or with the `time` and `timezone`
/// keys that go with it; the wording lives in `Display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateErrorKind {
    /// Nothing but white space.
    #[error("the date is empty")]
    Empty,
    /// Hours with no day before them (`09:00 - 10:30 CET`).
    #[error("the date has hours but no day")]
    HoursWithoutDay,
    /// A word that is not a month nor one of the grammar's other words.
    #[error("unknown month `{word}`")]
    UnknownWord {
        /// The word as written.
        word: String,
        /// The closest month name, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A character that has no place in a date.
    #[error("unexpected `{found}` in the date")]
    Unexpected {
        /// The character or token as written.
        found: String,
    },
    /// A number that cannot be a day of a month.
    #[error("`{number}` is not a day of the month")]
    NotADay {
        /// The number as written.
        number: String,
    },
    /// A real-looking day that the calendar does not have, such as 31 Feb.
    #[error("there is no {day} {} in {year}", month_name(*month))]
    NoSuchDay {
        /// The day of the month.
        day: u32,
        /// The month, 1-12.
        month: u32,
        /// The year.
        year: i32,
    },
    /// A range whose last day comes before its first.
    #[error("the range ends ({end}) before it starts ({start})")]
    Reversed {
        /// The first day as written.
        start: NaiveDate,
        /// The last day as written.
        end: NaiveDate,
    },
    /// `1 Jan - 5`: the end is a bare day after a first day that has its month.
    #[error("the range's end `{end}` has no month")]
    EndWithoutMonth {
        /// The end as written.
        end: String,
        /// What the editor may have meant, written the way the grammar reads it.
        same_month: String,
    },
    /// No year in the expression, the event, its folder or `calendar.toml`.
    #[error("the date has no year")]
    MissingYear,
    /// A year before 1 or after 9999, written or reached by a range over the new year.
    #[error("the year {year} is outside 1 to 9999")]
    YearOutOfRange {
        /// The year.
        year: i32,
    },
    /// `Apr - May`: the grammar has month-only dates, not month-only ranges.
    #[error("a range of months is not a date this calendar can show")]
    MonthRange,
    /// A form the calendar cannot show (`Q3 2021`, `early May`, `week of 12 April`,
    /// `2021-05-04T09:00`), with the form to write instead.
    #[error("{what} is not a date this calendar can show")]
    Refused {
        /// What was written, in words: "a quarter", "`early`".
        what: String,
        /// The help: what to write instead.
        instead: String,
    },
    /// Hours that are not `09:00` or `09:00-10:30` on a 24-hour clock.
    #[error("`{text}` is not a time or time range")]
    BadTime {
        /// The hours as written.
        text: String,
    },
    /// A zone after the hours that is neither an IANA name nor a known abbreviation.
    #[error("unknown time zone `{zone}`")]
    UnknownZone {
        /// The zone as written.
        zone: String,
    },
    /// An abbreviation that several zones use (`CST`, `IST`).
    #[error("`{zone}` is the name of several time zones")]
    AmbiguousZone {
        /// The abbreviation, in capitals.
        zone: String,
        /// The IANA names of the zones it may be.
        zones: &'static [&'static str],
    },
    /// An offset from UTC that no zone has (`+15`, `+03:75`).
    #[error("`{offset}` is not an offset from UTC that a zone has")]
    BadOffset {
        /// The offset as written.
        offset: String,
    },
    /// Seconds other than `:00` in hours (`19:00:30`).
    #[error("the time `{text}` has seconds")]
    Seconds {
        /// The time as written.
        text: String,
    },
    /// A warning: a summer name (`CEST`) on a day its zone is on winter time, or a winter
    /// name in summer. The hours are read in the zone, at its offset that day.
    #[error("`{written}` is {} time, but on {} {} is on {} time ({used}, {offset})", if *summer { "summer" } else { "winter" }, day.format("%-d %B %Y"), zone.name(), if *summer { "winter" } else { "summer" })]
    OutOfSeason {
        /// The abbreviation as the grammar knows it.
        written: String,
        /// Whether it is a summer name.
        summer: bool,
        /// The zone that uses it.
        zone: chrono_tz::Tz,
        /// The event's day.
        day: NaiveDate,
        /// The zone's abbreviation that day (`CET`).
        used: String,
        /// The zone's offset that day, which the hours are read at (`UTC+01`).
        offset: String,
        /// The offset the written name stands for (`UTC+02`).
        other: String,
    },
    /// A warning: a numeric date whose other reading, month first, is a date too
    /// (`03/04/2022`).
    #[error("`{text}` is read day first, as {}", taken.format("%-d %B %Y"))]
    DayFirst {
        /// The date as written.
        text: String,
        /// The day read.
        taken: NaiveDate,
        /// The day of the other reading.
        other: NaiveDate,
    },
    /// A numeric date that is no date day first, but is month first (`02/15/2022`).
    #[error("`{text}` is not a date read day first (there is no month {month})")]
    NotDayFirst {
        /// The date as written.
        text: String,
        /// The second number, which is no month.
        month: u32,
        /// The day it is read month first.
        other: NaiveDate,
    },
    /// A warning: a day range read as starting the month before (`30-1 June`), whose
    /// other reading, starting in the month written, is a range too.
    #[error("`{text}` is read as {} – {}", taken.0.format("%-d %B"), taken.1.format("%-d %B %Y"))]
    MonthBefore {
        /// The range as written.
        text: String,
        /// The first and last days read.
        taken: (NaiveDate, NaiveDate),
        /// The first and last days of the other reading.
        other: (NaiveDate, NaiveDate),
    },
    /// A day range read as starting the month before, on a day that month does not have
    /// (`31-3 May`: no 31 April).
    #[error("there is no {day} {} {year} for `{text}` to start on", month_name(*month))]
    NoDayBefore {
        /// The range as written.
        text: String,
        /// The first day written.
        day: u32,
        /// The month before the one written.
        month: u32,
        /// Its year.
        year: i32,
        /// The range it may be, starting in the month written.
        other: (NaiveDate, NaiveDate),
    },
    /// Hours on a date that is not one day.
    #[error("a time applies to a single day, but this date is {what}")]
    TimeNotOnDay {
        /// "a range of days", "a month", "a year".
        what: &'static str,
    },
    /// Hours in the date and the `time` key both.
    #[error("the date has a time, and so has `time`")]
    TimeTwice,
    /// A zone in the date and the `timezone` key both.
    #[error("the date names a time zone, and so does `timezone`")]
    ZoneTwice,
    /// Hours in the date without a zone, and no `timezone` in the event or calendar.
    #[error("the time has no time zone")]
    NoZone,
    /// Any other arrangement of days, months and years.
    #[error("`{text}` is not a date")]
    NotADate {
        /// The unreadable part.
        text: String,
    },
    /// The `time` key, not `HH:MM` nor `HH:MM-HH:MM`.
    #[error("`{text}` is not a time or time range")]
    BadTimeKey {
        /// The value as written.
        text: String,
    },
    /// The `time` key on a date of more than one day.
    #[error("`time` applies to a single day, but this event's date is {what}")]
    TimeKeyNotOnDay {
        /// `a range of days`, `a month` or `a year`.
        what: &'static str,
    },
    /// A time without a time zone to read it in.
    #[error("`time` needs a time zone")]
    TimeWithoutZone,
    /// A time that the zone's clocks jump over (a daylight-saving gap).
    #[error("{} does not exist on {} in {}: the clocks go from {} straight to {}", time.format("%H:%M"), day.format("%-d %B %Y"), zone.name(), from.format("%H:%M"), to.format("%H:%M"))]
    TimeInGap {
        /// The time as written.
        time: chrono::NaiveTime,
        /// The event's day.
        day: chrono::NaiveDate,
        /// The zone.
        zone: chrono_tz::Tz,
        /// The first minute of the gap.
        from: chrono::NaiveTime,
        /// The first minute after it.
        to: chrono::NaiveTime,
    },
    /// `timezone` without `time`.
    #[error("`timezone` is given without `time`")]
    ZoneWithoutTime,
}

impl DateErrorKind {
    /// What the editor probably meant, or how to fix it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Self::Empty => Some("write a date such as `16 Feb`, `15-22 Feb` or `(tbc) Apr`".into()),
            Self::HoursWithoutDay => Some(
                "write the day before the hours, such as `9 March, 09:00-10:30 CET`".into(),
            ),
            Self::UnknownWord { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            Self::UnknownWord { suggestion: None, .. } => Some(
                "months are English, French or Spanish names or their abbreviations (`Feb`, `févr.`, `febrero`)".into(),
            ),
            Self::NoSuchDay { month, year, .. } => {
                let days = days_in_month(*year, *month);
                Some(format!("{} {year} has {days} days", month_name(*month)))
            }
            Self::Reversed { start, end } => {
                // The same day in the month before, if there is one.
                let before = start
                    .with_day(1)
                    .and_then(|first| first.pred_opt())
                    .and_then(|last| last.with_day(start.day()))
                    .filter(|_| {
                        start.day() > end.day() && YearMonth::of(*start) == YearMonth::of(*end)
                    });
                Some(match before {
                    // `22-15 Feb`: spans over 14 days are not read as starting the month before.
                    Some(prev) => format!(
                        "write the first day first, as in `15-22 Feb`, or, if it starts the month before, `{} {} - {} {}`",
                        start.day(),
                        short_month(prev.month()),
                        end.day(),
                        short_month(end.month())
                    ),
                    None => "write the first day first, as in `15-22 Feb`".into(),
                })
            }
            Self::EndWithoutMonth { same_month, .. } => {
                Some(format!("write `{same_month}`, or give the end its month too"))
            }
            Self::MissingYear => Some(
                "add a year (`16 Feb 2021`), set `year` in the event or in calendar.toml, or put the file in a year folder such as content/2021/".into(),
            ),
            Self::YearOutOfRange { .. } => Some("write a four-digit year such as 2021".into()),
            Self::MonthRange => Some(
                "give the month it starts in (`(tbc) Apr`), or its first and last days".into(),
            ),
            Self::Refused { instead, .. } => Some(instead.clone()),
            Self::BadTime { .. } => {
                Some("write hours as `09:00` or `09:00-10:30` (24-hour clock)".into())
            }
            Self::UnknownZone { .. } => Some(format!(
                "write an IANA zone such as `Europe/Madrid`, an offset such as `UTC-03`, or one of {}",
                super::clock::abbreviations()
            )),
            Self::AmbiguousZone { zones, .. } => {
                let names: Vec<String> = zones.iter().map(|z| format!("`{z}`")).collect();
                let (last, first) = names.split_last().expect("an ambiguous name has zones");
                Some(format!("write the zone's IANA name, such as {} or {last}", first.join(", ")))
            }
            Self::BadOffset { .. } => Some(
                "an offset is at most 14 hours from UTC, such as `-03`, `+05:30` or `UTC+2`".into(),
            ),
            Self::Seconds { text } => Some(format!(
                "write it to the minute, such as `{}` (seconds of `:00` are left out)",
                text.get(..text.len().saturating_sub(3)).unwrap_or(text)
            )),
            Self::OutOfSeason { used, other, zone, .. } => Some(format!(
                "the hours are read as {} time that day ({used}); write `{used}` to say so, or `{other}` if they are at that offset",
                zone.name()
            )),
            Self::DayFirst { taken, other, .. } => Some(format!(
                "if it is {}, write `{}`; write `{}` to keep this reading without a warning",
                other.format("%-d %B %Y"),
                written_day(*other),
                written_day(*taken)
            )),
            Self::NotDayFirst { other, .. } => Some(format!(
                "numeric dates are day first; if it is {}, write `{}`",
                other.format("%-d %B %Y"),
                written_day(*other)
            )),
            Self::MonthBefore { taken, other, .. } => Some(format!(
                "if it is {} – {}, write `{}`; write `{}` to keep this reading without a warning",
                other.0.format("%-d %B"),
                other.1.format("%-d %B"),
                written_range(*other),
                written_range(*taken)
            )),
            Self::NoDayBefore { other, .. } => Some(format!(
                "if it is {} – {}, write `{}`",
                other.0.format("%-d %B"),
                other.1.format("%-d %B"),
                written_range(*other)
            )),
            Self::TimeNotOnDay { .. } => Some("give one day, or leave the time out".into()),
            Self::TimeTwice | Self::ZoneTwice => Some("keep one of them".into()),
            Self::NoZone => Some(
                "add a zone after the time (`09:00-10:30 CET`, `Europe/Madrid`), or `timezone` to the event or calendar.toml".into(),
            ),
            Self::NotADate { .. } | Self::Unexpected { .. } | Self::NotADay { .. } => Some(
                "dates look like `16 Feb`, `15-22 Feb`, `31 Aug - 2 Sep`, `(tbc) Apr` or `2021-02-15`".into(),
            ),
            Self::BadTimeKey { .. } => Some(
                "write `time = \"09:00\"` or `time = \"09:00-10:30\"` (24-hour clock)".into(),
            ),
            Self::TimeKeyNotOnDay { .. } => Some("give one day in `date`, or remove `time`".into()),
            Self::TimeWithoutZone => Some(
                "add `timezone = \"Europe/Madrid\"` (an IANA name) to the event, or `timezone` to calendar.toml".into(),
            ),
            Self::TimeInGap { from, to, .. } => Some(format!(
                "write a time before {} or from {} on (local time that day)",
                from.format("%H:%M"),
                to.format("%H:%M")
            )),
            Self::ZoneWithoutTime => {
                Some("add `time = \"09:00-10:30\"`, or remove `timezone`".into())
            }
        }
    }
}

/// A day as an editor writes it: `3 Apr 2022`.
fn written_day(day: NaiveDate) -> String {
    format!("{} {} {}", day.day(), short_month(day.month()), day.year())
}

/// A range of days across months as an editor writes it: `30 May - 1 Jun`, with the
/// years when it crosses one.
fn written_range((first, last): (NaiveDate, NaiveDate)) -> String {
    let side = |d: NaiveDate| format!("{} {}", d.day(), short_month(d.month()));
    if first.year() == last.year() {
        format!("{} - {}", side(first), side(last))
    } else {
        format!("{} {} - {} {}", side(first), first.year(), side(last), last.year())
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for DateError {}
