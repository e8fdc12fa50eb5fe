//! A date expression cut into tokens: numbers, words that mean something, dashes.

use std::ops::Range;

use chrono::NaiveDate;

use super::vocabulary::{self, Word};
use super::{DateError, DateErrorKind, locale};

/// A token's kind, with its value where it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// One or two digits, perhaps with an ordinal suffix.
    Day(u32),
    /// Four digits.
    Year(i32),
    /// A month name, 1-12.
    Month(u32),
    /// `2021-02-16`.
    Iso(NaiveDate),
    /// `-`, `–`, `—`, `to`, `au`, `al`.
    Dash,
    /// `/`, only between two ISO dates.
    Slash,
    /// `from`, `du`, `del`.
    From,
    /// `tbc`, `(tbd)`, `(à confirmer)`, `por confirmar`.
    Tbc,
    /// `,`
    Comma,
    /// `date`, `dates`, `fechas`.
    Noun,
    /// A vague word (`early`, `mid`, `fin`): the last token.
    Vague,
    /// `week`, `semaine`, `semana`: the last token.
    Week,
    /// A word that means nothing here (perhaps the `Q` of `Q3`, or a misspelt month): the
    /// last token.
    Unknown,
}

impl Tok {
    pub(super) fn is_separator(self) -> bool {
        matches!(self, Tok::Dash | Tok::Slash)
    }
}

/// A token and where it is in the expression.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) span: Range<usize>,
}

/// The tokens of `input[within]`. They stop after a word that the date cannot have
/// ([`Tok::Vague`], [`Tok::Week`], [`Tok::Unknown`]), which the reader refuses, looking
/// further into `input` to suggest what to write instead. Readings worth a warning
/// (`03/04/2022`) are added to `notes`.
pub(super) fn tokenize(
    input: &str,
    within: Range<usize>,
    notes: &mut Vec<DateError>,
) -> Result<Vec<Token>, DateError> {
    let text = &input[..within.end];
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = within.start;
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is on a char boundary");
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let tok = if c.is_ascii_digit() {
            let digits_end = scan(text, i, |c| c.is_ascii_digit());
            let digits = &text[i..digits_end];
            if let Some((date, end)) = iso_date(text, i)? {
                i = end;
                Tok::Iso(date)
            } else if let Some((date, end)) = numeric_date(text, i, notes)? {
                i = end;
                Tok::Iso(date)
            } else if let Some(parts) = hyphenated(text, i) {
                // `13-November-2022`: three tokens, as if written with spaces.
                tokens.extend(parts);
                i = tokens.last().expect("three parts").span.end;
                continue;
            } else if digits.len() == 4 {
                i = digits_end;
                Tok::Year(digits.parse().expect("four ASCII digits"))
            } else {
                i = digits_end;
                let suffix_end = scan(text, i, |c| c.is_ascii_alphabetic());
                if vocabulary::is_ordinal(&text[i..suffix_end]) {
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
            i = scan(text, i, char::is_alphabetic);
            let (meaning, end) = read_word(text, start, i);
            i = end;
            match meaning {
                Some(Word::Month(m)) => {
                    // "Sept." and "févr." are common in copied text.
                    if bytes.get(i) == Some(&b'.') {
                        i += 1;
                    }
                    Tok::Month(m)
                }
                Some(Word::From) => Tok::From,
                Some(Word::To) => Tok::Dash,
                Some(Word::Tbc) => Tok::Tbc,
                Some(Word::Noun) => Tok::Noun,
                Some(Word::Filler) => continue,
                Some(Word::Vague) => return Ok(last(tokens, Tok::Vague, start..i)),
                Some(Word::Week) => return Ok(last(tokens, Tok::Week, start..i)),
                None => return Ok(last(tokens, Tok::Unknown, start..i)),
            }
        } else if c == '(' {
            let close = text[i..].find(')').map(|p| i + p);
            match close {
                Some(e) if vocabulary::is_tbc_marker(&text[i + 1..e]) => {
                    i = e + 1;
                    Tok::Tbc
                }
                _ => return Err(unexpected(text, &(i..i + 1))),
            }
        } else {
            i += c.len_utf8();
            match c {
                '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
                | '\u{2212}' => Tok::Dash,
                '/' => Tok::Slash,
                ',' => Tok::Comma,
                _ => return Err(unexpected(text, &(start..i))),
            }
        };
        tokens.push(Token { tok, span: start..i });
    }
    Ok(tokens)
}

/// The tokens with a last one.
fn last(mut tokens: Vec<Token>, tok: Tok, span: Range<usize>) -> Vec<Token> {
    tokens.push(Token { tok, span });
    tokens
}

/// The error for a word that means nothing in a date, with the month it may be a
/// misspelling of.
pub(super) fn unknown_word(input: &str, span: Range<usize>) -> DateError {
    let word = &input[span.clone()];
    DateError {
        kind: DateErrorKind::UnknownWord {
            word: word.to_string(),
            suggestion: closest_month(word),
        },
        span,
    }
}

/// The meaning of the word at `start..end`, or of a phrase of words starting with it
/// (`to be confirmed`), with the end of what it takes.
fn read_word(text: &str, start: usize, end: usize) -> (Option<Word>, usize) {
    let first = vocabulary::fold(&text[start..end]);
    // Phrases have up to three words: look at the two after this one.
    let mut folded = vec![first];
    let mut ends = vec![end];
    let mut at = end;
    for _ in 0..2 {
        let word_start = scan(text, at, char::is_whitespace);
        let word_end = scan(text, word_start, char::is_alphabetic);
        if word_start == at || word_end == word_start {
            break;
        }
        folded.push(vocabulary::fold(&text[word_start..word_end]));
        ends.push(word_end);
        at = word_end;
    }
    match vocabulary::phrase(&folded) {
        Some((meaning, n)) => (Some(meaning), ends[n - 1]),
        None => (vocabulary::word(&folded[0]), end),
    }
}

/// The end of the run of characters from `from` that satisfy `pred`.
pub(super) fn scan(input: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    input[from..].find(|c: char| !pred(c)).map_or(input.len(), |p| from + p)
}

/// Whether `YYYY-MM-DD` starts at `at`.
pub(super) fn iso_shape(b: &[u8]) -> bool {
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && !b.get(10).is_some_and(u8::is_ascii_digit)
}

/// `YYYY-MM-DD` at `at`, with the byte after it; an error if it has that shape but is no day.
fn iso_date(input: &str, at: usize) -> Result<Option<(NaiveDate, usize)>, DateError> {
    if !iso_shape(&input.as_bytes()[at..]) {
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

/// `15/02/2022` or `15.02.2022` at `at`, read day first, with the byte after it; an
/// error if it has that shape but is no day. When the other reading, month first, is a
/// day too (`03/04/2022`), a note says which was taken.
fn numeric_date(
    input: &str,
    at: usize,
    notes: &mut Vec<DateError>,
) -> Result<Option<(NaiveDate, usize)>, DateError> {
    let b = input.as_bytes();
    let digits_from = |from: usize| scan(input, from, |c| c.is_ascii_digit()) - from;
    let first = digits_from(at);
    let sep = at + first;
    let Some(&sep_char @ (b'/' | b'.')) = b.get(sep) else { return Ok(None) };
    let second = digits_from(sep + 1);
    let sep2 = sep + 1 + second;
    let year_len = if b.get(sep2) == Some(&sep_char) { digits_from(sep2 + 1) } else { 0 };
    if !(1..=2).contains(&first) || !(1..=2).contains(&second) || year_len != 4 {
        return Ok(None);
    }
    let end = sep2 + 5;
    let number = |r: Range<usize>| input[r].parse::<u32>().unwrap_or(0);
    let (day, month) = (number(at..sep), number(sep + 1..sep2));
    let year = input[sep2 + 1..end].parse::<i32>().unwrap_or(0);
    let text = input[at..end].to_string();
    let span = at..end;
    let other = NaiveDate::from_ymd_opt(year, day, month);
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(taken) => {
            if let Some(other) = other.filter(|o| *o != taken) {
                let kind = DateErrorKind::DayFirst { text, taken, other };
                notes.push(DateError { kind, span });
            }
            Ok(Some((taken, end)))
        }
        None => {
            let kind = match other {
                Some(other) if month > 12 => DateErrorKind::NotDayFirst { text, month, other },
                _ if (1..=12).contains(&month) && day >= 1 => {
                    DateErrorKind::NoSuchDay { day, month, year }
                }
                _ => DateErrorKind::NotADate { text },
            };
            Err(DateError { kind, span })
        }
    }
}

/// `13-November-2022`, `07-Feb-2026` at `at`: the day, month and year tokens.
fn hyphenated(input: &str, at: usize) -> Option<[Token; 3]> {
    let b = input.as_bytes();
    let day_end = scan(input, at, |c| c.is_ascii_digit());
    let day = input[at..day_end].parse::<u32>().ok().filter(|d| (1..=31).contains(d))?;
    if day_end - at > 2 || b.get(day_end) != Some(&b'-') {
        return None;
    }
    let month_end = scan(input, day_end + 1, char::is_alphabetic);
    let Some(Word::Month(month)) =
        vocabulary::word(&vocabulary::fold(&input[day_end + 1..month_end]))
    else {
        return None;
    };
    // The month may end the input: look for the hyphen before reading past it.
    if b.get(month_end) != Some(&b'-') {
        return None;
    }
    let year_end = scan(input, month_end + 1, |c| c.is_ascii_digit());
    if year_end - (month_end + 1) != 4 {
        return None;
    }
    let year = input[month_end + 1..year_end].parse().ok()?;
    Some([
        Token { tok: Tok::Day(day), span: at..day_end },
        Token { tok: Tok::Month(month), span: day_end + 1..month_end },
        Token { tok: Tok::Year(year), span: month_end + 1..year_end },
    ])
}

/// The English month name nearest to a misspelt word, in the form (short or long) it
/// resembles.
fn closest_month(word: &str) -> Option<&'static str> {
    let lower = vocabulary::fold(word);
    let english = &locale::ENGLISH;
    english
        .months_short
        .iter()
        .zip(english.months)
        .flat_map(|(s, l)| [*s, l])
        .map(|name| (strsim::damerau_levenshtein(&lower, &name.to_lowercase()), name))
        .filter(|(d, name)| *d <= if name.len() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// The error for a token that has no place where it is.
pub(super) fn unexpected(input: &str, span: &Range<usize>) -> DateError {
    DateError {
        kind: DateErrorKind::Unexpected { found: input[span.clone()].to_string() },
        span: span.clone(),
    }
}
