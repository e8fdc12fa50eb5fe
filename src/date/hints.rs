//! Forms editors copy from documents that the calendar cannot show, each refused with the
//! form to write instead: `Q3 2021` → `(tbc) Jul`, `early May` → `(tbc) May`,
//! `week of 12 April` → `12-16 Apr`, `2021-05-04T09:00` → `4 May` with `time = "09:00"`.

use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate};

use super::tokens::{iso_shape, scan};
use super::vocabulary::{self, Word};
use super::{DateError, DateErrorKind, DateExpr, When, YearMonth};

fn refused(what: String, instead: String, span: Range<usize>) -> DateError {
    DateError { kind: DateErrorKind::Refused { what, instead }, span }
}

/// A month as the grammar writes it, with its year when that is not the default one.
fn written_month(month: YearMonth, default_year: Option<i32>) -> String {
    let date = DateExpr::new(When::Month(month), true).to_string();
    if Some(month.year) == default_year { date } else { format!("{date} {}", month.year) }
}

/// The first four-digit number in `text`, if any.
fn year_in(text: &str) -> Option<i32> {
    let mut at = 0;
    while at < text.len() {
        let start = scan(text, at, |c| !c.is_ascii_digit());
        let end = scan(text, start, |c| c.is_ascii_digit());
        if end - start == 4 {
            return text[start..end].parse().ok();
        }
        if end == start {
            break;
        }
        at = end;
    }
    None
}

/// `Q3 2021`: the word `Q` right before a digit 1-4 (`start..end` is the `Q`).
pub(super) fn quarter(
    input: &str,
    start: usize,
    end: usize,
    default_year: Option<i32>,
) -> Option<DateError> {
    let after = &input.as_bytes()[end..];
    let q = match after {
        [d @ b'1'..=b'4', rest @ ..] if !rest.first().is_some_and(u8::is_ascii_digit) => {
            u32::from(d - b'0')
        }
        _ => return None,
    };
    if !input[start..end].eq_ignore_ascii_case("q") {
        return None;
    }
    let year = year_in(&input[end + 1..]).or(default_year)?;
    let month = YearMonth { year, month: (q - 1) * 3 + 1 };
    let instead = format!(
        "write the month it starts in, to be confirmed: `{}`",
        written_month(month, default_year)
    );
    Some(refused(format!("a quarter (`Q{q}`)"), instead, start..end + 1))
}

/// `early May`, `mid-June`, `fin juin`: the month, to be confirmed.
pub(super) fn vague(input: &str, span: Range<usize>, default_year: Option<i32>) -> DateError {
    let rest = &input[span.end..];
    let month = rest.split(|c: char| !c.is_alphabetic()).find_map(|w| {
        match vocabulary::word(&vocabulary::fold(w)) {
            Some(Word::Month(m)) => Some(m),
            _ => None,
        }
    });
    let what = format!("`{}`", &input[span.clone()]);
    let instead = match (month, year_in(rest).or(default_year)) {
        (Some(month), Some(year)) => format!(
            "write the month, to be confirmed: `{}`",
            written_month(YearMonth { year, month }, default_year)
        ),
        _ => "write the month, to be confirmed, such as `(tbc) May`".into(),
    };
    refused(what, instead, span)
}

/// What follows `week` at `span`, less `of`, `du`, `del`, `de`: the day the week
/// starts on, if it is one, for [`week`].
pub(super) fn after_week(input: &str, span: Range<usize>) -> &str {
    let after_of = input[span.end..].trim_start();
    match after_of.split_once(char::is_whitespace) {
        Some((of, tail)) if matches!(vocabulary::fold(of).as_str(), "of" | "du" | "del" | "de") => {
            tail
        }
        _ => after_of,
    }
}

/// `week of 12 April`, `semaine du 12 avril`: the week's working days, Monday to Friday
/// when it starts on a Monday, else the five days from the day written; `day` is the day
/// [`after_week`] reads as, if the reader looked.
pub(super) fn week(
    span: Range<usize>,
    default_year: Option<i32>,
    day: Option<NaiveDate>,
) -> DateError {
    let generic = "write its days, such as `12-16 Apr`".to_string();
    let instead = match day.and_then(|d| d.checked_add_days(Days::new(4)).map(|e| (d, e))) {
        Some((first, last)) => {
            let range = DateExpr::new(When::Range(first, last), false).to_string();
            let with_year = match default_year {
                Some(y) if y == first.year() && y == last.year() => range,
                _ if first.year() == last.year() => format!("{range} {}", first.year()),
                _ => range,
            };
            format!("write its days: `{with_year}`")
        }
        None => generic,
    };
    refused("a week".into(), instead, span)
}

/// `2021-05-04T09:00`: an ISO date and time in one value, refused with the date and the
/// hours apart.
pub(super) fn iso_time(input: &str, default_year: Option<i32>) -> Result<(), DateError> {
    let bytes = input.as_bytes();
    for at in 0..bytes.len() {
        if !(iso_shape(&bytes[at..]) && matches!(bytes.get(at + 10), Some(b'T' | b't'))) {
            continue;
        }
        let end = scan(input, at + 11, |c| c.is_ascii_digit() || c == ':');
        let hours = &input[at + 11..end];
        let day = NaiveDate::parse_from_str(&input[at..at + 10], "%Y-%m-%d").ok();
        let date = match day {
            Some(day) => {
                let short = DateExpr::new(When::Day(day), false).to_string();
                if Some(day.year()) == default_year {
                    short
                } else {
                    format!("{short} {}", day.year())
                }
            }
            None => "16 Feb".into(),
        };
        let clock = hours.get(..5).unwrap_or(hours);
        let instead =
            format!("write the date and the time apart: `{date}` with `time = \"{clock}\"`");
        return Err(refused(format!("`{}`", &input[at..end]), instead, at..end));
    }
    Ok(())
}
