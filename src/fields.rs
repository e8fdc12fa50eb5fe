//! Typed reading of a TOML table's keys, with their byte spans, collecting every problem
//! of a file instead of stopping at the first, and reporting unasked-for keys as unknown.
//!
//! Serde's derive stops at the first wrong type and its messages speak of Rust types;
//! editors want every mistake of a file at once, in their words.

use std::cell::RefCell;
use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Problem, Problems, Severity, Source, ValueProblem, suggest};

mod document;
mod translations;

pub use document::{MAX_FILE_BYTES, parse_document, parse_document_leniently};
pub use translations::{Translations, interned};

/// A value read from TOML, with the byte range it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte range in the source file.
    pub span: Range<usize>,
}

/// The keys of one TOML table, read one by one; [`Fields::finish`] reports the rest.
pub struct Fields<'a, 'i> {
    src: &'a Source,
    table: &'a DeTable<'i>,
    span: Range<usize>,
    prefix: String,
    asked: RefCell<Vec<&'static str>>,
    missing: RefCell<Vec<(&'static str, &'static str)>>,
    absent: RefCell<Vec<(&'static [&'static str], Problem)>>,
    errors: &'a Problems<'a>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Starts reading a file's top-level table.
    pub fn new(
        src: &'a Source,
        table: &'a toml::Spanned<DeTable<'i>>,
        errors: &'a Problems<'a>,
    ) -> Self {
        Self::nested(src, table.get_ref(), table.span(), String::new(), errors)
    }

    fn nested(
        src: &'a Source,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        prefix: String,
        errors: &'a Problems<'a>,
    ) -> Self {
        Self {
            src,
            table,
            span,
            prefix,
            asked: RefCell::new(Vec::new()),
            missing: RefCell::new(Vec::new()),
            absent: RefCell::new(Vec::new()),
            errors,
        }
    }

    /// Records a problem at a span of this file.
    pub fn report(&self, span: Range<usize>, problem: impl Into<Problem>) {
        self.errors.push(Severity::Error, span, problem);
    }

    /// Records a warning at a span of this file: the file is still read.
    pub fn warn(&self, span: Range<usize>, problem: impl Into<Problem>) {
        self.errors.push(Severity::Warning, span, problem);
    }

    /// Records a problem made only if it is among those shown (see [`Problems::push_with`]).
    pub fn report_with<P: Into<Problem>>(&self, span: Range<usize>, make: impl FnOnce() -> P) {
        self.errors.push_with(Severity::Error, span, make);
    }

    /// The source file, for spans inside values.
    pub fn source(&self) -> &'a Source {
        self.src
    }

    /// The key's name as shown in messages: `people.email` inside a nested table.
    fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn get(&self, key: &'static str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
        self.asked.borrow_mut().push(key);
        self.find(key)
    }

    /// The value of a key of the table, found by comparing keys in turn: a file has a
    /// dozen, and the table's own lookup hashes the key with SipHash, a build of 10,000
    /// events asking 220,000 times. (A table of thousands of keys is an error anyway.)
    fn find(&self, key: &str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
        self.table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    fn wrong_type(&self, key: &str, expected: &'static str, value: &toml::Spanned<DeValue<'_>>) {
        let found = match value.get_ref() {
            DeValue::String(_) => "text",
            DeValue::Integer(_) | DeValue::Float(_) => "a number",
            DeValue::Boolean(_) => "true or false",
            DeValue::Datetime(_) => "a date",
            DeValue::Array(_) => "a list",
            DeValue::Table(_) => "a table",
        };
        self.report(value.span(), ValueProblem::WrongType { key: self.name(key), expected, found });
    }

    /// An optional text value.
    pub fn string(&self, key: &'static str) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Located { value: s.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(key, "text in quotes", value);
                None
            }
        }
    }

    /// An optional slug: lowercase ASCII letters, digits and single hyphens, so that it
    /// can name a file or folder and never point elsewhere; a bad one is reported with
    /// its cleaned form.
    pub fn slug(&self, key: &'static str) -> Option<Located<String>> {
        let s = self.string(key)?;
        if s.value.len() > crate::slug::MAX_LEN && crate::slug::is_valid(&s.value) {
            let problem = ValueProblem::SlugTooLong {
                length: s.value.len(),
                max: crate::slug::MAX_LEN,
                suggestion: crate::slug::shorten(&s.value),
                from_file_name: false,
            };
            self.report(s.span, problem);
            return None;
        }
        if crate::slug::is_valid(&s.value) {
            return Some(s);
        }
        let suggestion = crate::slug::slugify(&s.value);
        self.report(
            s.span,
            ValueProblem::BadSlug { slug: s.value, suggestion, from_file_name: false },
        );
        None
    }

    /// Whether the table has this key, whatever its value.
    pub fn has(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Optional text of at most `max` characters, without control characters (but for
    /// line breaks and tabs where `multiline`) or characters that reorder text.
    pub fn text(&self, key: &'static str, max: usize, multiline: bool) -> Option<Located<String>> {
        let s = self.string(key)?;
        self.check_text(key, &s, max, multiline).then_some(s)
    }

    /// [`Fields::text`] that must be there and not be blank.
    pub fn required_text(
        &self,
        key: &'static str,
        example: &'static str,
        max: usize,
        multiline: bool,
    ) -> Option<Located<String>> {
        let s = self.required_string(key, example)?;
        self.check_text(key, &s, max, multiline).then_some(s)
    }

    fn check_text(
        &self,
        key: &'static str,
        s: &Located<String>,
        max: usize,
        multiline: bool,
    ) -> bool {
        let length = s.value.chars().count();
        if length > max {
            self.report(s.span.clone(), ValueProblem::TooLong { key: self.name(key), length, max });
            return false;
        }
        // Control characters are below 0x20, 0x7F, or start with 0xC2 (C1); bidi controls
        // start with 0xE2; U+FFFE and U+FFFF with 0xEF. Text with none of these bytes needs
        // no closer look (the line breaks of a multi-line text are not suspect).
        // Branch-free over every byte, so that the compiler checks many bytes at a time.
        let suspect = s.value.bytes().fold(false, |seen, b| {
            let allowed = multiline & ((b == b'\n') | (b == b'\t') | (b == b'\r'));
            seen | ((b < 0x20) & !allowed) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2) | (b == 0xef)
        });
        if !suspect {
            return true;
        }
        let bad = s.value.char_indices().find(|&(_, c)| {
            (c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r')))
                || is_bidi_control(c)
                || is_noncharacter(c)
        });
        let Some((at, c)) = bad else { return true };
        let span = self.src.inner_span(&s.span, &s.value, at..at + c.len_utf8());
        let (key, code) = (self.name(key), format!("U+{:04X}", c as u32));
        let problem = if is_bidi_control(c) {
            ValueProblem::BidiControl { key, code }
        } else if is_noncharacter(c) {
            ValueProblem::NonCharacter { key, code }
        } else {
            ValueProblem::ControlCharacter { key, code }
        };
        self.report(span, problem);
        false
    }

    /// Reports the key as missing if it is not there; `example` shows how to write it.
    pub fn require(&self, key: &'static str, example: &'static str) -> bool {
        self.asked.borrow_mut().push(key);
        let present = self.find(key).is_some();
        if !present {
            // Reported by `finish`, unless a misspelling of it explains the absence.
            self.missing.borrow_mut().push((key, example));
        }
        present
    }

    /// Reports `problem` at the end of the table, unless an unknown key there is a
    /// misspelling of one of `keys`: `daet` is then reported once, as itself.
    pub fn absent(&self, keys: &'static [&'static str], problem: Problem) {
        self.absent.borrow_mut().push((keys, problem));
    }

    /// A text value that must be there and not be blank; `example` shows how to write it.
    pub fn required_string(
        &self,
        key: &'static str,
        example: &'static str,
    ) -> Option<Located<String>> {
        if !self.require(key, example) {
            return None;
        }
        let s = self.string(key)?;
        if s.value.trim().is_empty() {
            self.report(s.span.clone(), ValueProblem::Empty { key: self.name(key) });
            return None;
        }
        Some(s)
    }

    /// An optional `true`/`false`.
    pub fn boolean(&self, key: &'static str) -> Option<Located<bool>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Located { value: *b, span: value.span() }),
            _ => {
                self.wrong_type(key, "true or false", value);
                None
            }
        }
    }

    /// An optional year, such as `2021`.
    pub fn year(&self, key: &'static str) -> Option<Located<i32>> {
        let value = self.get(key)?;
        let number = match value.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => {
                self.wrong_type(key, "a year such as 2021", value);
                return None;
            }
        };
        match number {
            Some(y @ 1..=9999) => Some(Located { value: y as i32, span: value.span() }),
            other => {
                self.report(
                    value.span(),
                    ValueProblem::BadYear { year: other.unwrap_or(i64::MAX) },
                );
                None
            }
        }
    }

    /// An optional whole number within `range`, such as `embed_limit = 30`.
    pub fn number(
        &self,
        key: &'static str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<Located<i64>> {
        let value = self.get(key)?;
        let DeValue::Integer(i) = value.get_ref() else {
            self.wrong_type(key, "a whole number", value);
            return None;
        };
        let number = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix());
        // Beyond 64 bits, it is out of any range: said as the nearest bound it passed.
        let number =
            number.unwrap_or(if i.as_str().starts_with('-') { i64::MIN } else { i64::MAX });
        if range.contains(&number) {
            return Some(Located { value: number, span: value.span() });
        }
        let (min, max) = (*range.start(), *range.end());
        self.report(
            value.span(),
            ValueProblem::OutOfRange { key: self.name(key), value: number, min, max },
        );
        None
    }

    /// An optional TOML date without a time (`2021-02-15`).
    pub fn date(&self, key: &'static str) -> Option<Located<NaiveDate>> {
        let value = self.get(key)?;
        let DeValue::Datetime(dt) = value.get_ref() else {
            self.wrong_type(key, "a date such as 2021-02-15 (without quotes)", value);
            return None;
        };
        // The TOML parser has already refused impossible dates such as 2021-02-31.
        let date = match (dt.date, dt.time) {
            (Some(d), None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()),
            _ => None,
        };
        if date.is_none() {
            self.report(value.span(), ValueProblem::NotPlainDate { key: self.name(key) });
        }
        date.map(|d| Located { value: d, span: value.span() })
    }

    /// An optional list of texts; a single text is taken as a list of one.
    pub fn strings(
        &self,
        key: &'static str,
        expected: &'static str,
    ) -> Option<Vec<Located<String>>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(vec![Located { value: s.to_string(), span: value.span() }]),
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            out.push(Located { value: s.to_string(), span: item.span() })
                        }
                        _ => self.wrong_type(key, expected, item),
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, expected, value);
                None
            }
        }
    }

    /// An optional list of texts, each checked as [`Fields::text`] checks one; a single
    /// text is taken as a list of one.
    pub fn texts(
        &self,
        key: &'static str,
        expected: &'static str,
        max: usize,
    ) -> Option<Vec<Located<String>>> {
        let items = self.strings(key, expected)?;
        Some(items.into_iter().filter(|s| self.check_text(key, s, max, false)).collect())
    }

    /// An optional host name, such as `events.example.org`: letters, digits and hyphens
    /// in dot-separated labels, as a `CNAME` file needs it.
    pub fn host_name(&self, key: &'static str) -> Option<Located<String>> {
        let s = self.text(key, 253, false)?;
        let label_ok = |l: &str| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        let name = s.value.trim();
        if name.contains('.') && name.split('.').all(label_ok) {
            return Some(Located { value: name.to_string(), span: s.span });
        }
        self.report(s.span, ValueProblem::BadHostName { key: self.name(key), text: s.value });
        None
    }

    /// An optional sub-table, read with the same rules.
    pub fn table(&self, key: &'static str) -> Option<Fields<'a, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(Self::nested(
                self.src,
                t,
                value.span(),
                format!("{}.", self.name(key)),
                self.errors,
            )),
            _ => {
                self.wrong_type(key, "a table", value);
                None
            }
        }
    }

    /// An optional array of tables (`[[tags]]`), each read with the same rules.
    pub fn tables(&self, key: &'static str) -> Vec<Fields<'a, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "a list of tables, each starting with [[…]]", value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Self::nested(
                    self.src,
                    t,
                    item.span(),
                    format!("{}.", self.name(key)),
                    self.errors,
                )),
                _ => self.wrong_type(key, "a list of tables, each starting with [[…]]", item),
            }
        }
        out
    }

    /// Reports keys of the enclosing file's top level written after this table's header
    /// (`cname` added at the end of `calendar.toml`, below a `[[tags]]`): TOML reads every
    /// line up to the next header as part of the table, so they belong above it.
    pub fn misplaced(&self, top_level: &[&'static str], header: &'static str) {
        for (key, _) in self.table.iter() {
            let word: &str = key.get_ref();
            if let Some(known) = top_level.iter().find(|k| **k == word) {
                self.asked.borrow_mut().push(known);
                self.report(
                    key.span(),
                    ValueProblem::KeyAfterTable { key: word.to_string(), header },
                );
            }
        }
    }

    /// Reports every key of the table that no accessor asked for, with the closest known
    /// key, and the required keys that are missing and not merely misspelt.
    pub fn finish(self) {
        // A few dozen keys at most: a linear search beats hashing them.
        let mut asked: Vec<&'static str> = Vec::new();
        for key in self.asked.take() {
            if !asked.contains(&key) {
                asked.push(key);
            }
        }
        let mut missing = self.missing.take();
        let mut absent = self.absent.take();
        for (key, _) in self.table.iter() {
            if asked.contains(&key.get_ref().as_ref()) {
                continue;
            }
            let word: &str = key.get_ref();
            // A misspelt key explains the absence of the one it was meant to be; the
            // suggestion is made only when something is absent, for it costs time.
            if !missing.is_empty() || !absent.is_empty() {
                let suggestion = suggest(word, asked.iter().copied());
                missing.retain(|(m, _)| suggestion.as_deref() != Some(*m));
                absent
                    .retain(|(keys, _)| !suggestion.as_deref().is_some_and(|s| keys.contains(&s)));
            }
            self.errors.push_with(Severity::Error, key.span(), || ValueProblem::UnknownKey {
                key: format!("{}{word}", self.prefix),
                suggestion: suggest(word, asked.iter().copied()),
                allowed: asked.iter().map(|s| s.to_string()).collect(),
            });
        }
        let at = self.span.start..self.span.start;
        for (key, example) in missing {
            self.report(at.clone(), ValueProblem::MissingKey { key: self.name(key), example });
        }
        for (_, problem) in absent {
            self.report(at.clone(), problem);
        }
    }
}

impl Fields<'_, '_> {
    /// An optional IANA time zone name, such as `Europe/Madrid`.
    pub fn timezone(&self, key: &'static str) -> Option<Located<chrono_tz::Tz>> {
        let name = self.string(key)?;
        match name.value.parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(Located { value: tz, span: name.span }),
            Err(_) => {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
                let suggestion = suggest(&name.value, names);
                self.report(
                    name.span,
                    ValueProblem::UnknownTimezone { zone: name.value, suggestion },
                );
                None
            }
        }
    }

    /// An optional http:// or https:// address.
    pub fn http_url(&self, key: &'static str) -> Option<Located<url::Url>> {
        // The URL parser would drop line breaks and tabs silently: refuse them as in text.
        let text = self.text(key, 2000, false)?;
        match parse_http_url(&text.value) {
            Ok(value) => Some(Located { value, span: text.span }),
            Err(reason) => {
                self.report(text.span, ValueProblem::BadUrl { key, reason });
                None
            }
        }
    }
}

/// An http:// or https:// address with a host, or why it is not one.
pub fn parse_http_url(text: &str) -> Result<url::Url, String> {
    match url::Url::parse(text.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        Ok(u) => Err(format!("`{}:` addresses are not allowed", u.scheme())),
        Err(e) => Err(format!("it is not a web address ({e})")),
    }
}

/// U+FFFE and U+FFFF, which are no characters: XML refuses them, so one in a title would
/// make the Atom feed unreadable.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what
/// readers see without showing themselves. The plain marks U+200E and U+200F are allowed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
