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
            Self::UnknownZone { .. } => Some(
                "write an IANA zone such as `Europe/Madrid`, or one of UTC, GMT, CET, CEST, EET, EEST, WET, WEST".into(),
            ),
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

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for DateError {}
