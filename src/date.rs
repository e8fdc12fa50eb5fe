//! The date grammar: an event's `date` string becomes a typed [`DateExpr`], once, here.
//!
//! FORMAT.md is the contract; every row of its table is a test case below. The
//! grammar is small enough that a hand-written tokenizer and a shape match over the
//! tokens read more plainly than a parser-combinator library would.

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

/// English month names, January first; the three-letter form is the reader-facing one.
const MONTHS: [(&str, &str); 12] = [
    ("Jan", "January"),
    ("Feb", "February"),
    ("Mar", "March"),
    ("Apr", "April"),
    ("May", "May"),
    ("Jun", "June"),
    ("Jul", "July"),
    ("Aug", "August"),
    ("Sep", "September"),
    ("Oct", "October"),
    ("Nov", "November"),
    ("Dec", "December"),
];

/// When an event happens, as precisely as its editor knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// One known day.
    Day(NaiveDate),
    /// Two or more days, first to last, inclusive; the first is always before the last.
    Range(NaiveDate, NaiveDate),
    /// Some time in a month; the day is not known.
    Month(YearMonth),
}

/// A calendar month of a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year, as in the proleptic Gregorian calendar.
    pub year: i32,
    /// 1 for January to 12 for December.
    pub month: u32,
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
}

/// A parsed date expression: when the event is, and whether that is still to be confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateExpr {
    /// The days (or month) of the event.
    pub when: When,
    /// Marked `(tbc)` or `(tbd)` by its editor, or `tbc = true`.
    pub tentative: bool,
}

/// A date expression that could not be read, with the byte range of the culprit in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub kind: DateErrorKind,
    /// Byte range, in the expression, of the part that is wrong.
    pub span: Range<usize>,
}

/// Everything that can be wrong with a date expression; the wording lives in `Display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateErrorKind {
    /// Nothing but white space.
    #[error("the date is empty")]
    Empty,
    /// A word that is not a month nor one of `from`, `to`, `tbc`, `tbd`.
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
    #[error("there is no {day} {} in {year}", MONTHS[(*month as usize).saturating_sub(1) % 12].1)]
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
    /// Any other arrangement of days, months and years.
    #[error("`{text}` is not a date")]
    NotADate {
        /// The unreadable part.
        text: String,
    },
}

impl DateErrorKind {
    /// What the editor probably meant, or how to fix it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Self::Empty => Some("write a date such as `16 Feb`, `15-22 Feb` or `(tbc) Apr`".into()),
            Self::UnknownWord { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            Self::UnknownWord { suggestion: None, .. } => Some(
                "months are English names or their first three letters (`Feb`, `Sept`)".into(),
            ),
            Self::NoSuchDay { month, year, .. } => {
                let days = days_in_month(*year, *month);
                Some(format!(
                    "{} {year} has {days} days",
                    MONTHS[(*month as usize).saturating_sub(1) % 12].1
                ))
            }
            Self::Reversed { .. } => Some("write the first day first, as in `15-22 Feb`".into()),
            Self::MissingYear => Some(
                "add a year (`16 Feb 2021`), set `year` in the event or in calendar.toml, or put the file in a year folder such as content/2021/".into(),
            ),
            Self::YearOutOfRange { .. } => Some("write a four-digit year such as 2021".into()),
            Self::MonthRange => Some(
                "give the month it starts in (`(tbc) Apr`), or its first and last days".into(),
            ),
            Self::NotADate { .. } | Self::Unexpected { .. } | Self::NotADay { .. } => Some(
                "dates look like `16 Feb`, `15-22 Feb`, `31 Aug - 2 Sep`, `(tbc) Apr` or `2021-02-15`".into(),
            ),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for DateError {}

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

    /// The month's three-letter English name, as the brochure prints it.
    pub fn short_name(self) -> &'static str {
        MONTHS[self.month as usize - 1].0
    }

    /// The month's full English name.
    pub fn long_name(self) -> &'static str {
        MONTHS[self.month as usize - 1].1
    }
}

impl When {
    /// The first day the event may take place on.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            When::Day(d) | When::Range(d, _) => d,
            When::Month(m) => m.first_day(),
        }
    }

    /// The last day the event may take place on.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            When::Day(d) | When::Range(_, d) => d,
            When::Month(m) => m.last_day(),
        }
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match self {
            When::Day(_) => Precision::Day,
            When::Range(..) => Precision::Range,
            When::Month(_) => Precision::Month,
        }
    }

    /// The month the event is listed under: the one it starts in.
    pub fn month(&self) -> YearMonth {
        YearMonth::of(self.first_day())
    }

    /// A day, or a range when the two days differ; `None` when `last` is before `first`.
    pub fn from_days(first: NaiveDate, last: NaiveDate) -> Option<When> {
        match first.cmp(&last) {
            std::cmp::Ordering::Equal => Some(When::Day(first)),
            std::cmp::Ordering::Less => Some(When::Range(first, last)),
            std::cmp::Ordering::Greater => None,
        }
    }
}

impl Precision {
    /// The name used in `events.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Range => "range",
            Precision::Month => "month",
        }
    }
}

/// The brochure's style: `16 Feb`, `15-22 Feb`, `31 Aug – 2 Sep`, `Apr`.
impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = |d: NaiveDate| YearMonth::of(d).short_name();
        match *self {
            When::Day(d) => write!(f, "{} {}", d.day(), short(d)),
            // Four-digit years, so that the text reads back as years (`0212`, not `212`).
            When::Range(a, b) if a.year() != b.year() => write!(
                f,
                "{} {} {:04} – {} {} {:04}",
                a.day(),
                short(a),
                a.year(),
                b.day(),
                short(b),
                b.year()
            ),
            When::Range(a, b) if a.month() != b.month() => {
                write!(f, "{} {} – {} {}", a.day(), short(a), b.day(), short(b))
            }
            When::Range(a, b) => write!(f, "{}-{} {}", a.day(), b.day(), short(a)),
            When::Month(m) => f.write_str(m.short_name()),
        }
    }
}

impl When {
    /// The long form for an event's page: `Tuesday 16 February 2021`, `15–22 February 2021`,
    /// `31 August – 2 September 2021`, `April 2021`.
    pub fn long(&self) -> String {
        let name = |d: NaiveDate| YearMonth::of(d).long_name();
        match *self {
            When::Day(d) => format!("{} {} {} {}", d.format("%A"), d.day(), name(d), d.year()),
            When::Range(a, b) if a.year() != b.year() => {
                format!(
                    "{} {} {} – {} {} {}",
                    a.day(),
                    name(a),
                    a.year(),
                    b.day(),
                    name(b),
                    b.year()
                )
            }
            When::Range(a, b) if a.month() != b.month() => {
                format!("{} {} – {} {} {}", a.day(), name(a), b.day(), name(b), b.year())
            }
            When::Range(a, b) => format!("{}–{} {} {}", a.day(), b.day(), name(a), a.year()),
            When::Month(m) => format!("{} {}", m.long_name(), m.year),
        }
    }
}

/// The brochure's style, with `(tbc) ` in front of a tentative date.
impl fmt::Display for DateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.tentative {
            f.write_str("(tbc) ")?;
        }
        self.when.fmt(f)
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

/// Reads a date expression; `default_year` is the year from the event, its folder or
/// `calendar.toml`, used where the expression has none.
pub fn parse(input: &str, default_year: Option<i32>) -> Result<DateExpr, DateError> {
    let tokens = tokenize(input)?;
    let mut tentative = false;
    let mut rest: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        match t.tok {
            Tok::Tbc => tentative = true,
            Tok::Comma => {}
            _ => rest.push(t),
        }
    }
    if let Some(Token { tok: Tok::From, .. }) = rest.first() {
        rest.remove(0);
    }
    if rest.is_empty() {
        return Err(DateError { kind: DateErrorKind::Empty, span: trimmed_span(input) });
    }
    if let Some(t) = rest.iter().find(|t| t.tok == Tok::From) {
        return Err(unexpected(input, &t.span));
    }
    let seps: Vec<usize> =
        rest.iter().enumerate().filter(|(_, t)| t.tok.is_separator()).map(|(i, _)| i).collect();
    let when = match seps.as_slice() {
        [] => single(input, &rest, default_year)?,
        [i] => {
            let (left, right) = (&rest[..*i], &rest[i + 1..]);
            if left.is_empty() || right.is_empty() {
                return Err(unexpected(input, &rest[*i].span));
            }
            range(input, left, &rest[*i], right, default_year)?
        }
        // `16/02/2021` is ambiguous between countries: point at its first slash.
        [first, second, ..] => {
            let at = if rest[*first].tok == Tok::Slash { first } else { second };
            return Err(unexpected(input, &rest[*at].span));
        }
    };
    Ok(DateExpr { when, tentative })
}

/// A token's kind, with its value where it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// One or two digits, perhaps with an ordinal suffix.
    Day(u32),
    /// Four digits.
    Year(i32),
    /// A month name, 1-12.
    Month(u32),
    /// `2021-02-16`.
    Iso(NaiveDate),
    /// `-`, `–`, `—` or `to`.
    Dash,
    /// `/`, only between two ISO dates.
    Slash,
    From,
    Tbc,
    Comma,
}

impl Tok {
    fn is_separator(self) -> bool {
        matches!(self, Tok::Dash | Tok::Slash)
    }
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    span: Range<usize>,
}

fn tokenize(input: &str) -> Result<Vec<Token>, DateError> {
    let bytes = input.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let c = input[i..].chars().next().expect("i is on a char boundary");
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let tok = if c.is_ascii_digit() {
            let digits_end = scan(input, i, |c| c.is_ascii_digit());
            let digits = &input[i..digits_end];
            if let Some((date, end)) = iso_date(input, i)? {
                i = end;
                Tok::Iso(date)
            } else if digits.len() == 4 {
                i = digits_end;
                Tok::Year(digits.parse().expect("four ASCII digits"))
            } else {
                i = digits_end;
                let suffix_end = scan(input, i, |c| c.is_ascii_alphabetic());
                if matches!(
                    input[i..suffix_end].to_ascii_lowercase().as_str(),
                    "st" | "nd" | "rd" | "th"
                ) {
                    i = suffix_end;
                }
                match digits.parse::<u32>() {
                    Ok(d) if (1..=31).contains(&d) && digits.len() <= 2 => Tok::Day(d),
                    _ => {
                        return Err(DateError {
                            kind: DateErrorKind::NotADay { number: digits.to_string() },
                            span: start..digits_end,
                        });
                    }
                }
            }
        } else if c.is_alphabetic() {
            i = scan(input, i, char::is_alphabetic);
            let word = &input[start..i];
            let tok = word_token(word).ok_or_else(|| DateError {
                kind: DateErrorKind::UnknownWord {
                    word: word.to_string(),
                    suggestion: closest_month(word),
                },
                span: start..i,
            })?;
            // "Sept." and "Feb." are common in copied text.
            if matches!(tok, Tok::Month(_)) && bytes.get(i) == Some(&b'.') {
                i += 1;
            }
            tok
        } else if c == '(' {
            let close = input[i..].find(')').map(|p| i + p);
            let inner = close.map(|e| input[i + 1..e].trim().to_ascii_lowercase());
            match (close, inner.as_deref()) {
                (Some(e), Some("tbc" | "tbd")) => {
                    i = e + 1;
                    Tok::Tbc
                }
                _ => return Err(unexpected(input, &(i..i + 1))),
            }
        } else {
            i += c.len_utf8();
            match c {
                '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
                | '\u{2212}' => Tok::Dash,
                '/' => Tok::Slash,
                ',' => Tok::Comma,
                _ => return Err(unexpected(input, &(start..i))),
            }
        };
        tokens.push(Token { tok, span: start..i });
    }
    Ok(tokens)
}

/// The end of the run of characters from `from` that satisfy `pred`.
fn scan(input: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    input[from..].find(|c: char| !pred(c)).map_or(input.len(), |p| from + p)
}

/// `YYYY-MM-DD` at `at`, with the byte after it; an error if it has that shape but is no day.
fn iso_date(input: &str, at: usize) -> Result<Option<(NaiveDate, usize)>, DateError> {
    let b = &input.as_bytes()[at..];
    let shape = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && !b.get(10).is_some_and(u8::is_ascii_digit);
    if !shape {
        return Ok(None);
    }
    let text = &input[at..at + 10];
    let (y, m, d) = (&text[..4], &text[5..7], &text[8..10]);
    let (year, month, day): (i32, u32, u32) =
        (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    let span = at..at + 10;
    if !(1..=12).contains(&month) {
        return Err(DateError { kind: DateErrorKind::NotADate { text: text.into() }, span });
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(Some((date, at + 10))),
        None => Err(DateError { kind: DateErrorKind::NoSuchDay { day, month, year }, span }),
    }
}

fn word_token(word: &str) -> Option<Tok> {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "to" => return Some(Tok::Dash),
        "from" => return Some(Tok::From),
        "tbc" | "tbd" => return Some(Tok::Tbc),
        "sept" => return Some(Tok::Month(9)),
        _ => {}
    }
    MONTHS
        .iter()
        .position(|(short, long)| lower == short.to_lowercase() || lower == long.to_lowercase())
        .map(|i| Tok::Month(i as u32 + 1))
}

/// The month name nearest to a misspelt word, in the form (short or long) it resembles.
fn closest_month(word: &str) -> Option<&'static str> {
    // `Fév` and `Août` are near misses too.
    let lower = deunicode::deunicode(word).to_lowercase();
    MONTHS
        .iter()
        .flat_map(|(s, l)| [*s, *l])
        .map(|name| (strsim::damerau_levenshtein(&lower, &name.to_lowercase()), name))
        .filter(|(d, name)| *d <= if name.len() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

fn unexpected(input: &str, span: &Range<usize>) -> DateError {
    DateError {
        kind: DateErrorKind::Unexpected { found: input[span.clone()].to_string() },
        span: span.clone(),
    }
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
}

fn part(input: &str, tokens: &[Token]) -> Result<Part, DateError> {
    let none = Part { day: None, month: None, year: None };
    let kinds: Vec<Tok> = tokens.iter().map(|t| t.tok).collect();
    let p = match kinds.as_slice() {
        [Tok::Iso(d)] => Part { day: Some(d.day()), month: Some(d.month()), year: Some(d.year()) },
        [Tok::Day(d), Tok::Month(m)] | [Tok::Month(m), Tok::Day(d)] => {
            Part { day: Some(*d), month: Some(*m), ..none }
        }
        [Tok::Day(d), Tok::Month(m), Tok::Year(y)] | [Tok::Month(m), Tok::Day(d), Tok::Year(y)] => {
            Part { day: Some(*d), month: Some(*m), year: Some(*y) }
        }
        [Tok::Month(m)] => Part { month: Some(*m), ..none },
        [Tok::Month(m), Tok::Year(y)] => Part { month: Some(*m), year: Some(*y), ..none },
        [Tok::Day(d)] => Part { day: Some(*d), ..none },
        [Tok::Day(d), Tok::Year(y)] => Part { day: Some(*d), year: Some(*y), ..none },
        _ => {
            let span = span_of(tokens);
            return Err(DateError {
                kind: DateErrorKind::NotADate { text: input[span.clone()].to_string() },
                span,
            });
        }
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

fn range(
    input: &str,
    left_tokens: &[Token],
    sep: &Token,
    right_tokens: &[Token],
    default_year: Option<i32>,
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
        (Some(a), None) | (None, Some(a)) => (a, a),
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
    let start = day_of(ly, lm, ld, span_of(left_tokens))?;
    let end = day_of(ry, rm, rd, span_of(right_tokens))?;
    When::from_days(start, end)
        .ok_or(DateError { kind: DateErrorKind::Reversed { start, end }, span: whole })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn day(y: i32, m: u32, dd: u32) -> When {
        When::Day(d(y, m, dd))
    }
    fn span(a: (i32, u32, u32), b: (i32, u32, u32)) -> When {
        When::Range(d(a.0, a.1, a.2), d(b.0, b.1, b.2))
    }
    fn month(year: i32, month: u32) -> When {
        When::Month(YearMonth { year, month })
    }

    /// Every example of FORMAT.md's table, then our own, with the default year 2021.
    #[test]
    fn grammar_table() {
        let cases: &[(&str, When, bool)] = &[
            // day
            ("16 Feb", day(2021, 2, 16), false),
            ("16 February 2021", day(2021, 2, 16), false),
            ("Feb 16", day(2021, 2, 16), false),
            ("February 16, 2021", day(2021, 2, 16), false),
            ("7th Oct", day(2021, 10, 7), false),
            ("2021-02-16", day(2021, 2, 16), false),
            // range in a month
            ("15-22 Feb", span((2021, 2, 15), (2021, 2, 22)), false),
            ("15 – 22 February", span((2021, 2, 15), (2021, 2, 22)), false),
            ("Feb 15-22", span((2021, 2, 15), (2021, 2, 22)), false),
            ("from 9 to 11 February", span((2021, 2, 9), (2021, 2, 11)), false),
            ("November 8th to 13th, 2021", span((2021, 11, 8), (2021, 11, 13)), false),
            ("June 10th-11", span((2021, 6, 10), (2021, 6, 11)), false),
            // range across months
            ("31 Aug - 2 Sep", span((2021, 8, 31), (2021, 9, 2)), false),
            ("31 August – 02 September", span((2021, 8, 31), (2021, 9, 2)), false),
            ("Aug 31 - Sep 2", span((2021, 8, 31), (2021, 9, 2)), false),
            ("11 June – 06 July", span((2021, 6, 11), (2021, 7, 6)), false),
            // range across years
            ("28 Dec 2021 - 3 Jan 2022", span((2021, 12, 28), (2022, 1, 3)), false),
            ("28 Dec - 3 Jan", span((2021, 12, 28), (2022, 1, 3)), false),
            ("28 Dec - 3 Jan 2022", span((2021, 12, 28), (2022, 1, 3)), false),
            ("28 Dec 2021 - 3 Jan", span((2021, 12, 28), (2022, 1, 3)), false),
            // ISO interval
            ("2021-02-15/2021-02-22", span((2021, 2, 15), (2021, 2, 22)), false),
            // month only
            ("Apr", month(2021, 4), false),
            ("April 2021", month(2021, 4), false),
            // to be confirmed
            ("(tbc) Apr", month(2021, 4), true),
            ("Apr (tbc)", month(2021, 4), true),
            ("tbc April", month(2021, 4), true),
            ("(TBC) 12 May", day(2021, 5, 12), true),
            ("(tbd) 3-4 Jun", span((2021, 6, 3), (2021, 6, 4)), true),
            // decided cases
            ("15-15 Feb", day(2021, 2, 15), false),
            // our own: leap years, spellings, dashes, spaces, case
            ("29 Feb 2024", day(2024, 2, 29), false),
            ("28 Feb - 1 Mar 2024", span((2024, 2, 28), (2024, 3, 1)), false),
            ("1 Sept", day(2021, 9, 1), false),
            ("Sept. 1st - 3rd", span((2021, 9, 1), (2021, 9, 3)), false),
            ("2nd—4th March", span((2021, 3, 2), (2021, 3, 4)), false),
            ("31 August—02 September", span((2021, 8, 31), (2021, 9, 2)), false),
            ("  15   -   22    feb  ", span((2021, 2, 15), (2021, 2, 22)), false),
            ("15-22 FEB", span((2021, 2, 15), (2021, 2, 22)), false),
            ("DECEMBER 2022", month(2022, 12), false),
            ("( tbc ) oct", month(2021, 10), true),
            ("23rd Mar", day(2021, 3, 23), false),
            ("15\u{a0}Feb", day(2021, 2, 15), false),
            ("from 2021-12-30 to 2022-01-02", span((2021, 12, 30), (2022, 1, 2)), false),
            ("Dec 30, 2021 - Jan 2, 2022", span((2021, 12, 30), (2022, 1, 2)), false),
            ("9 Feb 2020", day(2020, 2, 9), false),
        ];
        for (input, when, tentative) in cases {
            let got = parse(input, Some(2021));
            assert_eq!(
                got,
                Ok(DateExpr { when: *when, tentative: *tentative }),
                "parsing {input:?}"
            );
        }
    }

    /// The year written in the expression wins over the default; without one, the default.
    #[test]
    fn year_comes_from_context_only_when_missing() {
        assert_eq!(parse("16 Feb", Some(2023)).unwrap().when, day(2023, 2, 16));
        assert_eq!(parse("16 Feb 2021", Some(2023)).unwrap().when, day(2021, 2, 16));
        assert_eq!(parse("2021-02-16", None).unwrap().when, day(2021, 2, 16));
        assert_eq!(parse("April 2021", None).unwrap().when, month(2021, 4));
    }

    fn err(input: &str) -> (DateErrorKind, &str) {
        let e = parse(input, Some(2021)).expect_err(input);
        (e.kind, &input[e.span])
    }

    /// Each kind of error, with the part of the input it points at.
    #[test]
    fn error_table() {
        use DateErrorKind::*;
        let cases: Vec<(&str, DateErrorKind, &str)> = vec![
            ("31 Feb", NoSuchDay { day: 31, month: 2, year: 2021 }, "31 Feb"),
            ("29 Feb 2021", NoSuchDay { day: 29, month: 2, year: 2021 }, "29 Feb 2021"),
            ("30-31 Apr", NoSuchDay { day: 31, month: 4, year: 2021 }, "31 Apr"),
            ("2021-02-31", NoSuchDay { day: 31, month: 2, year: 2021 }, "2021-02-31"),
            ("2021-13-01", NotADate { text: "2021-13-01".into() }, "2021-13-01"),
            ("22-15 Feb", Reversed { start: d(2021, 2, 22), end: d(2021, 2, 15) }, "22-15 Feb"),
            (
                "3 Jan 2022 - 28 Dec 2021",
                Reversed { start: d(2022, 1, 3), end: d(2021, 12, 28) },
                "3 Jan 2022 - 28 Dec 2021",
            ),
            ("Fbe 3", UnknownWord { word: "Fbe".into(), suggestion: Some("Feb") }, "Fbe"),
            (
                "3 Febuary",
                UnknownWord { word: "Febuary".into(), suggestion: Some("February") },
                "Febuary",
            ),
            (
                "3 Smarch",
                UnknownWord { word: "Smarch".into(), suggestion: Some("March") },
                "Smarch",
            ),
            ("3 Fév", UnknownWord { word: "Fév".into(), suggestion: Some("Feb") }, "Fév"),
            ("soon", UnknownWord { word: "soon".into(), suggestion: None }, "soon"),
            ("", Empty, ""),
            ("   ", Empty, "   "),
            ("(tbc)", Empty, "(tbc)"),
            ("32 Jan", NotADay { number: "32".into() }, "32"),
            ("0 Jan", NotADay { number: "0".into() }, "0"),
            ("16", NotADate { text: "16".into() }, "16"),
            ("2021", NotADate { text: "2021".into() }, "2021"),
            ("Feb 16 17", NotADate { text: "Feb 16 17".into() }, "Feb 16 17"),
            ("Apr - May", MonthRange, "Apr - May"),
            ("15-22", NotADate { text: "15-22".into() }, "15-22"),
            ("15-22-23 Feb", Unexpected { found: "-".into() }, "-"),
            ("15 Feb -", Unexpected { found: "-".into() }, "-"),
            ("16/02/2021", Unexpected { found: "/".into() }, "/"),
            ("15 Feb / 16 Feb", Unexpected { found: "/".into() }, "/"),
            ("16 Feb!", Unexpected { found: "!".into() }, "!"),
            ("2 Dec - 2 Jan 0000", YearOutOfRange { year: -1 }, "2 Dec"),
            ("28 Dec 9999 - 3 Jan", YearOutOfRange { year: 10000 }, "3 Jan"),
            ("Apr 0000", YearOutOfRange { year: 0 }, "Apr 0000"),
            ("0000-01-01", YearOutOfRange { year: 0 }, "0000-01-01"),
            ("(soon) Apr", Unexpected { found: "(".into() }, "("),
            ("16 from Feb", Unexpected { found: "from".into() }, "from"),
        ];
        for (input, kind, at) in cases {
            assert_eq!(err(input), (kind, at), "parsing {input:?}");
        }
        let missing = parse("16 Feb", None).unwrap_err();
        assert_eq!((missing.kind, missing.span), (MissingYear, 0..6));
        assert_eq!(parse("15-22 Feb", None).unwrap_err().kind, MissingYear);
        assert_eq!(parse("(tbc) Apr", None).unwrap_err().kind, MissingYear);
    }

    #[test]
    fn error_messages_and_help() {
        let e = parse("31 Feb", Some(2021)).unwrap_err();
        assert_eq!(e.to_string(), "there is no 31 February in 2021");
        assert_eq!(e.kind.help().unwrap(), "February 2021 has 28 days");
        let e = parse("Fbe 3", Some(2021)).unwrap_err();
        assert_eq!(e.to_string(), "unknown month `Fbe`");
        assert_eq!(e.kind.help().unwrap(), "did you mean `Feb`?");
        let e = parse("22-15 Feb", Some(2021)).unwrap_err();
        assert_eq!(e.to_string(), "the range ends (2021-02-15) before it starts (2021-02-22)");
    }

    /// The reader-facing form, as the brochure prints it.
    #[test]
    fn display_table() {
        let cases: &[(&str, &str)] = &[
            ("15-22 Feb", "15-22 Feb"),
            ("16 February 2021", "16 Feb"),
            ("31 August – 02 September", "31 Aug – 2 Sep"),
            ("(tbc) April", "(tbc) Apr"),
            ("Apr (TBD)", "(tbc) Apr"),
            ("November 8th to 13th, 2021", "8-13 Nov"),
            ("28 Dec - 3 Jan", "28 Dec 2021 – 3 Jan 2022"),
            ("2021-02-15/2021-02-22", "15-22 Feb"),
            ("(tbd) 3-4 Jun", "(tbc) 3-4 Jun"),
            ("7th Oct", "7 Oct"),
            ("15-15 Feb", "15 Feb"),
            ("0212-02-15/2021-02-22", "15 Feb 0212 – 22 Feb 2021"),
        ];
        for (input, shown) in cases {
            assert_eq!(parse(input, Some(2021)).unwrap().to_string(), *shown, "{input:?}");
        }
        let long = [
            ("16 Feb", "Tuesday 16 February 2021"),
            ("15-22 Feb", "15–22 February 2021"),
            ("31 Aug - 2 Sep", "31 August – 2 September 2021"),
            ("28 Dec - 3 Jan", "28 December 2021 – 3 January 2022"),
            ("(tbc) Apr", "April 2021"),
        ];
        for (input, shown) in long {
            assert_eq!(parse(input, Some(2021)).unwrap().when.long(), shown, "{input:?}");
        }
    }

    #[test]
    fn bounds_precision_and_month() {
        let e = parse("(tbc) Feb 2024", None).unwrap();
        assert_eq!((e.when.first_day(), e.when.last_day()), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(e.when.precision().as_str(), "month");
        let r = parse("31 Aug - 2 Sep", Some(2021)).unwrap().when;
        assert_eq!(r.month(), YearMonth { year: 2021, month: 8 });
        assert_eq!(r.precision(), Precision::Range);
        assert_eq!(days_in_month(2021, 12), 31);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(When::from_days(d(2021, 1, 2), d(2021, 1, 1)), None);
    }

    proptest::proptest! {
        /// Every date renders, in the reader's style, to an expression that parses back
        /// to the same value (given the year it starts in, as its page would).
        #[test]
        fn display_round_trips(
            days in 0i64..3_650_000,
            length in 0i64..400,
            kind in 0u8..3,
            tentative: bool,
        ) {
            // Every year the grammar can write: 0001 to 9999.
            let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            let when = match kind {
                0 => When::Day(first),
                1 => When::from_days(first, first + chrono::Duration::days(length)).unwrap(),
                _ => When::Month(YearMonth::of(first)),
            };
            let expr = DateExpr { when, tentative };
            let shown = expr.to_string();
            proptest::prop_assert_eq!(parse(&shown, Some(first.year())), Ok(expr), "{}", shown);
        }

        /// Any string at all gives a value or an error, never a panic.
        #[test]
        fn never_panics(input in "\\PC{0,40}") {
            let _ = parse(&input, Some(2021));
        }
    }
}
