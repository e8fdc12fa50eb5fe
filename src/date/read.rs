//! Reading a date expression: hours split off, tokens, then the shape of the tokens.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::clock::{self, ClockFault, skip_spaces};
use super::tokens::{Tok, Token, tokenize, unexpected, unknown_word};
use super::{DateError, DateErrorKind, DateExpr, Hours, When, YearMonth, hints};

/// The longest span, first to last day, of a range written as starting the month before
/// (`24-2 Jul`); a longer one is more likely a reversed range (`22-15 Feb`).
const MONTH_BEFORE_SPAN_DAYS: i64 = 14;

/// A date expression read, with what its reader should be told of how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    /// The value.
    pub date: DateExpr,
    /// Readings of a form that could mean something else (`03/04/2022`, `30-1 June`,
    /// `CEST` in January), each a warning with its place in the expression.
    pub warnings: Vec<DateError>,
}

/// Reads a date expression; `default_year` is the year from the event, its folder or
/// `calendar.toml`, used where the expression has none.
pub fn parse(input: &str, default_year: Option<i32>) -> Result<DateExpr, DateError> {
    parse_noted(input, default_year).map(|noted| noted.date)
}

/// [`parse`], with the warnings of the reading.
pub fn parse_noted(input: &str, default_year: Option<i32>) -> Result<Noted, DateError> {
    let mut warnings = Vec::new();
    let date = parse_with(input, default_year, true, &mut warnings)?;
    Ok(Noted { date, warnings })
}

/// Where hours are written in an expression, and where its days are.
struct Layout {
    /// The days (and tbc markers, commas), before or after the hours.
    days: Range<usize>,
    /// Where the first clock starts, if there are hours.
    hours: Option<usize>,
    /// Where their zone is written, if anywhere: after the clocks to the end, or between
    /// the clocks and the days (`9h00 - 10h30 CET, 12 mai`); perhaps in brackets.
    zone: Range<usize>,
}

/// Hours are after the days (`9 March, 09:00-10:30 CET`: everything from the first clock
/// on), or before them (`9h00 - 10h30, 12 mai`: the clocks, perhaps a zone, perhaps a
/// comma, then the days).
fn layout(input: &str) -> Layout {
    let b = input.as_bytes();
    let Some(at) = (0..b.len()).find(|&i| clock::clock_shape(b, i).is_some()) else {
        return Layout { days: 0..input.len(), hours: None, zone: 0..0 };
    };
    let clocks_end = clocks_extent(input, at);
    if !input[..at].trim().is_empty() {
        return Layout { days: 0..at, hours: Some(at), zone: clocks_end..input.len() };
    }
    let mut i = skip_spaces(input, clocks_end);
    // A zone, bare or in brackets, is a word the zone reader knows (`(tbc)` is not one).
    let is_zone = |word: &str| {
        !word.is_empty() && !matches!(clock::zone(word), Err(DateErrorKind::UnknownZone { .. }))
    };
    let mut zone = i..i;
    if input[i..].starts_with('(') {
        if let Some(close) = input[i..].find(')').map(|p| i + p)
            && is_zone(input[i + 1..close].trim())
        {
            zone = i..close + 1;
            i = close + 1;
        }
    } else {
        let word_end =
            input[i..].find(|c: char| c.is_whitespace() || c == ',').map_or(input.len(), |p| i + p);
        if is_zone(&input[i..word_end]) {
            zone = i..word_end;
            i = word_end;
        }
    }
    i = skip_spaces(input, i);
    if input[i..].starts_with(',') {
        i += 1;
    }
    Layout { days: i..input.len(), hours: Some(at), zone }
}

/// The end of the clocks from `at`: as read, or else as written, whatever their values
/// (one, or two with a dash between).
fn clocks_extent(input: &str, at: usize) -> usize {
    if let Ok(clocks) = clock::clocks_at(input, at) {
        return clocks.until;
    }
    let b = input.as_bytes();
    let Some(first) = clock::clock_shape(b, at) else { return at };
    let after = skip_spaces(input, first);
    let dash = input[after..].chars().next().filter(|c| clock::is_dash(*c));
    let second = dash.map(|c| skip_spaces(input, after + c.len_utf8()));
    second.and_then(|s| clock::clock_shape(b, s)).unwrap_or(first)
}

/// [`parse`]; `hint` says whether refused forms may be read further for a suggestion;
/// warnings go to `notes`.
fn parse_with(
    input: &str,
    default_year: Option<i32>,
    hint: bool,
    notes: &mut Vec<DateError>,
) -> Result<DateExpr, DateError> {
    hints::iso_time(input, default_year)?;
    let layout = layout(input);
    let tokens = tokenize(input, layout.days.clone(), notes)?;
    if let Some(refused) = tokens.last().and_then(|t| refused(input, t, default_year, hint)) {
        return Err(refused);
    }
    let mut tentative = false;
    let mut noun = None;
    let mut rest: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        match t.tok {
            Tok::Tbc => tentative = true,
            Tok::Comma => {}
            Tok::Noun => noun = noun.or(Some(t.span)),
            _ => rest.push(t),
        }
    }
    if let Some(Token { tok: Tok::From, .. }) = rest.first() {
        rest.remove(0);
    }
    if let Some(span) = noun.filter(|_| !tentative) {
        // `date 16 Feb`: the word is not a month, and the date is not to be confirmed.
        return Err(not_a_date(input, span));
    }
    let when = match rest.as_slice() {
        [] if tentative => When::Year(check_year(
            default_year.ok_or_else(|| missing_year(input))?,
            trimmed_span(input),
        )?),
        [Token { tok: Tok::Year(y), span }] if tentative => {
            When::Year(check_year(*y, span.clone())?)
        }
        [] => {
            let kind = if layout.hours.is_some() {
                DateErrorKind::HoursWithoutDay
            } else {
                DateErrorKind::Empty
            };
            return Err(DateError { kind, span: trimmed_span(input) });
        }
        _ => shape(input, &rest, default_year, notes)?,
    };
    let hours = match layout.hours {
        Some(at) => Some(read_hours(input, at, layout.zone, &when, notes)?),
        None => None,
    };
    Ok(DateExpr { when, tentative: tentative || !when.has_days(), hours })
}

/// The error for a word the tokens stop at ([`tokenize`]), with what to write instead
/// where the form is known.
fn refused(input: &str, token: &Token, default_year: Option<i32>, hint: bool) -> Option<DateError> {
    let span = token.span.clone();
    match token.tok {
        Tok::Vague => Some(hints::vague(input, span, default_year)),
        Tok::Week => {
            // The day after `week of`, read without hints, so that `week of week of …` is
            // not read over and over.
            let after = hint.then(|| hints::after_week(input, span.clone()));
            let day =
                after.and_then(|text| parse_with(text, default_year, false, &mut Vec::new()).ok());
            let day = day.and_then(|d| match d.when {
                When::Day(day) => Some(day),
                _ => None,
            });
            Some(hints::week(span, default_year, day))
        }
        Tok::Unknown => Some(
            hints::quarter(input, span.start, span.end, default_year)
                .unwrap_or_else(|| unknown_word(input, span)),
        ),
        _ => None,
    }
}

/// The days or month of the tokens, once tbc markers and commas are set aside.
fn shape(
    input: &str,
    rest: &[Token],
    default_year: Option<i32>,
    notes: &mut Vec<DateError>,
) -> Result<When, DateError> {
    if let Some(t) = rest.iter().find(|t| t.tok == Tok::From) {
        return Err(unexpected(input, &t.span));
    }
    let seps: Vec<usize> =
        rest.iter().enumerate().filter(|(_, t)| t.tok.is_separator()).map(|(i, _)| i).collect();
    match seps.as_slice() {
        [] => single(input, rest, default_year),
        [i] => {
            let (left, right) = (&rest[..*i], &rest[i + 1..]);
            if left.is_empty() || right.is_empty() {
                return Err(unexpected(input, &rest[*i].span));
            }
            range(input, [left, right], &rest[*i], default_year, notes)
        }
        // `16/02` (no year) is ambiguous between countries: point at its first slash.
        [first, second, ..] => {
            let at = if rest[*first].tok == Tok::Slash { first } else { second };
            Err(unexpected(input, &rest[*at].span))
        }
    }
}

/// The hours from `at`, a time or time range, and their zone written at `zone`, bare or
/// in brackets; only on one day.
fn read_hours(
    input: &str,
    at: usize,
    zone: Range<usize>,
    when: &When,
    notes: &mut Vec<DateError>,
) -> Result<Hours, DateError> {
    let clock_span = at..clocks_extent(input, at);
    let clocks = clock::clocks_at(input, at).map_err(|fault| match fault {
        ClockFault::Seconds(span) => {
            DateError { kind: DateErrorKind::Seconds { text: input[span.clone()].into() }, span }
        }
        ClockFault::Bad => DateError {
            kind: DateErrorKind::BadTime { text: input[clock_span.clone()].to_string() },
            span: clock_span.clone(),
        },
    })?;
    let what = match when {
        When::Day(_) => None,
        When::Range(..) => Some("a range of days"),
        When::Month(_) => Some("a month"),
        When::Year(_) => Some("a year"),
    };
    if let Some(what) = what {
        return Err(DateError { kind: DateErrorKind::TimeNotOnDay { what }, span: clock_span });
    }
    let zone_span = {
        let trimmed = trimmed_in(input, zone);
        match input[trimmed.clone()].strip_prefix('(').and_then(|z| z.strip_suffix(')')) {
            Some(_) => trimmed_in(input, trimmed.start + 1..trimmed.end - 1),
            None => trimmed,
        }
    };
    let zone_text = &input[zone_span.clone()];
    let zone = if zone_text.is_empty() {
        None
    } else {
        let zone =
            clock::zone(zone_text).map_err(|kind| DateError { kind, span: zone_span.clone() })?;
        if let When::Day(day) = when
            && let Some(kind) = clock::out_of_season(zone_text, *day, clocks.start)
        {
            notes.push(DateError { kind, span: zone_span });
        }
        Some(zone)
    };
    Ok(Hours { start: clocks.start, end: clocks.end, zone })
}

/// The range without the white space at its ends.
fn trimmed_in(input: &str, range: Range<usize>) -> Range<usize> {
    let text = &input[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    start..start + text.trim().len()
}

fn trimmed_span(input: &str) -> Range<usize> {
    let start = input.len() - input.trim_start().len();
    let end = input.trim_end().len();
    if start < end { start..end } else { 0..input.len() }
}

/// One side of a range, or a whole single date, as far as it is written.
#[derive(Debug, Clone, Copy)]
struct Part {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    /// Written day first (`1 Jan`, `2021-01-01`), not month first (`Jan 1`).
    day_first: bool,
}

fn part(input: &str, tokens: &[Token]) -> Result<Part, DateError> {
    let none = Part { day: None, month: None, year: None, day_first: false };
    let kinds: Vec<Tok> = tokens.iter().map(|t| t.tok).collect();
    let p = match kinds.as_slice() {
        [Tok::Iso(d)] => Part {
            day: Some(d.day()),
            month: Some(d.month()),
            year: Some(d.year()),
            day_first: true,
        },
        [Tok::Day(d), Tok::Month(m)] => {
            Part { day: Some(*d), month: Some(*m), day_first: true, ..none }
        }
        [Tok::Month(m), Tok::Day(d)] => Part { day: Some(*d), month: Some(*m), ..none },
        [Tok::Day(d), Tok::Month(m), Tok::Year(y)] => {
            Part { day: Some(*d), month: Some(*m), year: Some(*y), day_first: true }
        }
        [Tok::Month(m), Tok::Day(d), Tok::Year(y)] => {
            Part { day: Some(*d), month: Some(*m), year: Some(*y), ..none }
        }
        [Tok::Month(m)] => Part { month: Some(*m), ..none },
        [Tok::Month(m), Tok::Year(y)] => Part { month: Some(*m), year: Some(*y), ..none },
        [Tok::Day(d)] => Part { day: Some(*d), ..none },
        [Tok::Day(d), Tok::Year(y)] => Part { day: Some(*d), year: Some(*y), ..none },
        _ => return Err(not_a_date(input, span_of(tokens))),
    };
    Ok(p)
}

fn span_of(tokens: &[Token]) -> Range<usize> {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => a.span.start..b.span.end,
        _ => 0..0,
    }
}

fn not_a_date(input: &str, span: Range<usize>) -> DateError {
    DateError { kind: DateErrorKind::NotADate { text: input[span.clone()].to_string() }, span }
}

fn missing_year(input: &str) -> DateError {
    DateError { kind: DateErrorKind::MissingYear, span: trimmed_span(input) }
}

/// Years a four-digit date can name; others cannot be written back.
fn check_year(year: i32, span: Range<usize>) -> Result<i32, DateError> {
    if (1..=9999).contains(&year) {
        Ok(year)
    } else {
        Err(DateError { kind: DateErrorKind::YearOutOfRange { year }, span })
    }
}

fn day_of(year: i32, month: u32, day: u32, span: Range<usize>) -> Result<NaiveDate, DateError> {
    let year = check_year(year, span.clone())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or(DateError { kind: DateErrorKind::NoSuchDay { day, month, year }, span })
}

fn single(input: &str, tokens: &[Token], default_year: Option<i32>) -> Result<When, DateError> {
    let p = part(input, tokens)?;
    let span = span_of(tokens);
    let year = p.year.or(default_year);
    match (p.day, p.month) {
        (Some(day), Some(month)) => {
            let year = year.ok_or_else(|| missing_year(input))?;
            Ok(When::Day(day_of(year, month, day, span)?))
        }
        (None, Some(month)) => {
            let year = check_year(year.ok_or_else(|| missing_year(input))?, span)?;
            Ok(When::Month(YearMonth { year, month }))
        }
        _ => Err(not_a_date(input, span)),
    }
}

/// A range of two parts with a separator between; a reading worth a warning (`30-1 June`)
/// goes to `notes`.
fn range(
    input: &str,
    [left_tokens, right_tokens]: [&[Token]; 2],
    sep: &Token,
    default_year: Option<i32>,
    notes: &mut Vec<DateError>,
) -> Result<When, DateError> {
    let (l, r) = (part(input, left_tokens)?, part(input, right_tokens)?);
    let whole = span_of(left_tokens).start..span_of(right_tokens).end;
    let iso = |ts: &[Token]| matches!(ts, [Token { tok: Tok::Iso(_), .. }]);
    if sep.tok == Tok::Slash && !(iso(left_tokens) && iso(right_tokens)) {
        return Err(unexpected(input, &sep.span));
    }
    if l.day.is_none() && r.day.is_none() && l.month.is_some() && r.month.is_some() {
        return Err(DateError { kind: DateErrorKind::MonthRange, span: whole });
    }
    let (Some(ld), Some(rd)) = (l.day, r.day) else {
        return Err(not_a_date(input, whole));
    };
    let (lm, rm) = match (l.month, r.month) {
        (Some(a), Some(b)) => (a, b),
        // `1 Jan - 5`: is the end 5 Jan, or a day of a month left out? Refused, saying
        // what to write. `Jan 1-5` and `June 10th-11` read plainly and are accepted.
        (Some(a), None) if l.day_first => {
            let same_month = format!("{ld}-{rd} {}", super::short_month(a));
            let end = input[span_of(right_tokens)].to_string();
            let kind = DateErrorKind::EndWithoutMonth { end, same_month };
            return Err(DateError { kind, span: span_of(right_tokens) });
        }
        (Some(a), None) => (a, a),
        // `24-2 Jul`: a first day after the last is in the month before, over a short span.
        (None, Some(b)) if ld > rd => (if b == 1 { 12 } else { b - 1 }, b),
        (None, Some(b)) => (b, b),
        (None, None) => return Err(not_a_date(input, whole)),
    };
    // An end month before the start month is in the next year (`28 Dec - 3 Jan`).
    let wraps = i32::from(rm < lm);
    let (ly, ry) = match (l.year, r.year, default_year) {
        (Some(a), Some(b), _) => (a, b),
        (Some(a), None, _) => (a, a + wraps),
        (None, Some(b), _) => (b - wraps, b),
        (None, None, Some(y)) => (y, y + wraps),
        (None, None, None) => return Err(missing_year(input)),
    };
    if l.month.is_none() && lm != rm {
        let end = day_of(ry, rm, rd, span_of(right_tokens))?;
        // The other reading: from the first day in the month written to the last day in
        // the month after, as `30 Jun - 1 Jul` would be read.
        let other_year = r.year.or(default_year).unwrap_or(ry);
        let other = NaiveDate::from_ymd_opt(other_year, rm, ld).and_then(|first| {
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next.with_day(rd)?))
        });
        let text = input[whole.clone()].to_string();
        match (day_of(ly, lm, ld, span_of(left_tokens)).ok(), other) {
            // A year written on the first day alone can put it after the end
            // (`28 2022 - 3 Jan 2022`): no reading then, the range is reversed.
            (Some(start), _) if (0..MONTH_BEFORE_SPAN_DAYS).contains(&(end - start).num_days()) => {
                if let Some(other) = other {
                    let kind = DateErrorKind::MonthBefore { text, taken: (start, end), other };
                    notes.push(DateError { kind, span: whole });
                }
                return Ok(When::Range(start, end));
            }
            // `31-3 May`: there is no 31 April to start on; 31 May - 3 June it may be.
            (None, Some(other)) => {
                let kind = DateErrorKind::NoDayBefore { text, day: ld, month: lm, year: ly, other };
                return Err(DateError { kind, span: whole });
            }
            _ => {
                // As written: the first day of the end's month, after the last.
                let start = day_of(ry, rm, ld, span_of(left_tokens))?;
                let kind = DateErrorKind::Reversed { start, end };
                return Err(DateError { kind, span: whole });
            }
        }
    }
    let start = day_of(ly, lm, ld, span_of(left_tokens))?;
    let end = day_of(ry, rm, rd, span_of(right_tokens))?;
    When::from_days(start, end)
        .ok_or(DateError { kind: DateErrorKind::Reversed { start, end }, span: whole })
}
