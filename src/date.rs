//! The date grammar: an event's `date` string becomes a typed [`DateExpr`], once, here.
//!
//! docs/format.md's date tables are the contract; every example of its tables is a test
//! case (`date/tests.rs`). The grammar is small enough that a hand-written tokenizer and
//! a shape match over the tokens read more plainly than a parser-combinator library would.
//! The words editors may write, in English, French and Spanish, are in [`vocabulary`]; how
//! dates are shown to readers is the locale's ([`crate::locale`]).

mod clock;
mod error;
mod hints;
mod read;
#[cfg(test)]
mod tests;
mod tokens;
mod vocabulary;

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::locale::{self, Locale, fill};

pub use clock::{Zone, out_of_season, parse_time_range, zone, zone_shown};
pub use error::{DateError, DateErrorKind};
pub use read::{Noted, parse, parse_noted};

/// When an event happens, as precisely as its editor knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// One known day.
    Day(NaiveDate),
    /// Two or more days, first to last, inclusive; the first is always before the last.
    Range(NaiveDate, NaiveDate),
    /// Some time in a month; the day is not known.
    Month(YearMonth),
    /// Some time in a year; not even the month is known (`Dates to be confirmed`).
    Year(i32),
}

/// A calendar month of a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year, as in the proleptic Gregorian calendar.
    pub year: i32,
    /// 1 for January to 12 for December.
    pub month: u32,
}

/// Where an event is listed: under the month it starts in, or, when not even its month is
/// known, under its year's "Dates to be confirmed" after every month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Listing {
    /// A month heading.
    Month(YearMonth),
    /// The "Dates to be confirmed" heading of a year.
    Undated(i32),
}

impl Listing {
    /// The year of the heading.
    pub fn year(self) -> i32 {
        match self {
            Listing::Month(m) => m.year,
            Listing::Undated(y) => y,
        }
    }
}

/// How precise a date is, as written in `events.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// One known day.
    Day,
    /// Known first and last days.
    Range,
    /// Only the month is known.
    Month,
    /// Only the year is known.
    Year,
}

/// Hours written in the date itself (`9 March, 09:00-10:30 CET`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hours {
    /// When it starts, local time.
    pub start: NaiveTime,
    /// When it ends, local time, if written.
    pub end: Option<NaiveTime>,
    /// The zone, if written; else the event's or the calendar's.
    pub zone: Option<Zone>,
}

/// A parsed date expression: when the event is, and whether that is still to be confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateExpr {
    /// The days (or month, or year) of the event.
    pub when: When,
    /// Marked `(tbc)` or `(tbd)` by its editor, or `tbc = true`; always for a year.
    pub tentative: bool,
    /// Hours written in the date; the event turns them into its time.
    pub hours: Option<Hours>,
}

/// A month's English name, for messages to editors.
fn month_name(month: u32) -> &'static str {
    locale::ENGLISH.month(month)
}

/// A month's short English name, as the grammar's help writes it.
fn short_month(month: u32) -> &'static str {
    locale::ENGLISH.month_short(month)
}

impl YearMonth {
    /// The month of a day.
    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a YearMonth is a real month")
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, days_in_month(self.year, self.month))
            .expect("a YearMonth is a real month")
    }
}

impl When {
    /// The first day the event may take place on.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            When::Day(d) | When::Range(d, _) => d,
            When::Month(m) => m.first_day(),
            When::Year(y) => YearMonth { year: y, month: 1 }.first_day(),
        }
    }

    /// The last day the event may take place on.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            When::Day(d) | When::Range(_, d) => d,
            When::Month(m) => m.last_day(),
            When::Year(y) => YearMonth { year: y, month: 12 }.last_day(),
        }
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match self {
            When::Day(_) => Precision::Day,
            When::Range(..) => Precision::Range,
            When::Month(_) => Precision::Month,
            When::Year(_) => Precision::Year,
        }
    }

    /// The month the event starts in: January for a year whose month is not known.
    pub fn month(&self) -> YearMonth {
        YearMonth::of(self.first_day())
    }

    /// The heading the event is listed under.
    pub fn listing(&self) -> Listing {
        match *self {
            When::Year(y) => Listing::Undated(y),
            other => Listing::Month(other.month()),
        }
    }

    /// Whether there is a day or days to put in a calendar app: not for a year.
    pub fn has_days(&self) -> bool {
        !matches!(self, When::Year(_))
    }

    /// A day, or a range when the two days differ; `None` when `last` is before `first`.
    pub fn from_days(first: NaiveDate, last: NaiveDate) -> Option<When> {
        match first.cmp(&last) {
            std::cmp::Ordering::Equal => Some(When::Day(first)),
            std::cmp::Ordering::Less => Some(When::Range(first, last)),
            std::cmp::Ordering::Greater => None,
        }
    }

    /// The date in one of a locale's pattern sets ([`Locale::short`] or [`Locale::long`]),
    /// with short or long month names.
    fn show(&self, locale: &Locale, long: bool) -> String {
        let p = if long { &locale.long } else { &locale.short };
        let name = |d: NaiveDate| {
            if long { locale.month(d.month()) } else { locale.month_short(d.month()) }
        };
        // Four-digit years in lists, so that the text reads back as years (`0212`, not `212`).
        let year = |y: i32| if long { y.to_string() } else { format!("{y:04}") };
        match *self {
            When::Day(a) => {
                let wd = locale.weekdays[a.weekday().num_days_from_monday() as usize];
                fill(
                    p.day,
                    &[
                        ("wd", wd),
                        ("d", &a.day().to_string()),
                        ("m", name(a)),
                        ("y", &year(a.year())),
                    ],
                )
            }
            When::Range(a, b) => {
                let pattern = if a.year() != b.year() {
                    p.days_across_years
                } else if a.month() != b.month() {
                    p.days_across_months
                } else {
                    p.days_in_month
                };
                fill(
                    pattern,
                    &[
                        ("d", &a.day().to_string()),
                        ("m", name(a)),
                        ("y", &year(a.year())),
                        ("d2", &b.day().to_string()),
                        ("m2", name(b)),
                        ("y2", &year(b.year())),
                    ],
                )
            }
            When::Month(m) => {
                let name = if long { locale.month(m.month) } else { locale.month_short(m.month) };
                fill(p.month, &[("m", name), ("y", &year(m.year))])
            }
            When::Year(y) => fill(p.year, &[("y", &year(y))]),
        }
    }

    /// The long form for an event's page, in a locale: `Tuesday 16 February 2021`,
    /// `15–22 February 2021`, `31 August – 2 September 2021`, `April 2021`.
    pub fn long(&self, locale: &Locale) -> String {
        self.show(locale, true)
    }
}

impl DateExpr {
    /// A date without hours.
    pub fn new(when: When, tentative: bool) -> DateExpr {
        DateExpr { when, tentative, hours: None }
    }

    /// The form lists show, in a locale: `15-22 Feb`, `(tbc) Apr`; the hours are apart.
    pub fn short(&self, locale: &Locale) -> String {
        let date = self.when.show(locale, false);
        if self.tentative { fill(locale.words.tbc, &[("date", &date)]) } else { date }
    }
}

/// The date as an editor can write it: the English short form ([`DateExpr::short`]), then
/// the hours and zone if written. Parsing it gives the same value back (a property test and
/// the fuzz target hold it to that), so help messages can suggest it.
impl fmt::Display for DateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown(&locale::ENGLISH))
    }
}

impl DateExpr {
    /// The short form and the hours as written, in a locale: what `Display` writes in
    /// English, and what a postponed event's old date shows in its reader's language.
    pub fn shown(&self, locale: &Locale) -> String {
        let mut out = self.short(locale);
        if let Some(h) = self.hours {
            out.push(' ');
            out.push_str(&locale::clock(h.start));
            if let Some(end) = h.end {
                out.push('–');
                out.push_str(&locale::clock(end));
            }
            if let Some(zone) = h.zone {
                out.push(' ');
                out.push_str(&zone.label());
            }
        }
        out
    }
}

impl Precision {
    /// The name used in `events.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Range => "range",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A day as `YYYY-MM-DD`, or `YYYYMMDD` with an empty `sep`, as `<time>`, `events.json`,
/// iCalendar and the "add" links write it. Written digit by digit: through `format!` and
/// chrono's `%Y-%m-%d`, the days of 10,000 events were a fiftieth of a build.
pub fn write_day(out: &mut String, day: NaiveDate, sep: &str) {
    let (year, month, dom) = (day.year(), day.month(), day.day());
    match u32::try_from(year) {
        Ok(y) if y <= 9999 => {
            digits(out, y, 4);
            out.push_str(sep);
            digits(out, month, 2);
            out.push_str(sep);
            digits(out, dom, 2);
        }
        // Only an instant that its zone moves past year 1 or 9999 gets here.
        _ => out.push_str(&format!("{year:04}{sep}{month:02}{sep}{dom:02}")),
    }
}

/// [`write_day`] with `-`: `2021-02-15`.
pub fn iso_day(day: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    write_day(&mut out, day, "-");
    out
}

/// An instant in UTC as RFC 3339 to the second, `2021-02-01T08:00:00Z`, as Atom and
/// Outlook's links want it.
pub fn utc_stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::with_capacity(20);
    write_day(&mut out, t.date_naive(), "-");
    out.push('T');
    write_time(&mut out, t.time(), ":");
    out.push('Z');
    out
}

/// A time of day as `HH:MM:SS`, or `HHMMSS` with an empty `sep`.
pub fn write_time(out: &mut String, time: NaiveTime, sep: &str) {
    use chrono::Timelike;
    digits(out, time.hour(), 2);
    out.push_str(sep);
    digits(out, time.minute(), 2);
    out.push_str(sep);
    digits(out, time.second(), 2);
}

/// `n` in `width` decimal digits, zero-padded; `n` has no more digits than that.
fn digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}
