//! A TOML file parsed whole, with its syntax errors told in editors' terms.

use std::ops::Range;

use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Problems, ReadProblem, Severity, Source};

pub use crate::boundary::MAX_FILE_BYTES;

/// Parses a whole TOML file into its top-level table, or the syntax errors.
pub fn parse_document(src: &Source) -> Result<toml::Spanned<DeTable<'_>>, Vec<Diagnostic>> {
    if src.text.len() > MAX_FILE_BYTES {
        let problem = ReadProblem::FileTooLarge { size: src.text.len(), max: MAX_FILE_BYTES };
        return Err(vec![Diagnostic::file(src.path.clone(), problem)]);
    }
    let (table, errors) = DeTable::parse_recoverable(&src.text);
    if errors.is_empty() {
        return Ok(table);
    }
    let problems = Problems::new(src);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        match word_processor_mistake(src, &span) {
            Some((span, problem)) => problems.push(Severity::Error, span, problem),
            None => {
                let message = e.message().trim().replace('\n', "; ");
                problems.push(Severity::Error, span, ReadProblem::Syntax { message });
            }
        }
    }
    Err(problems.into_vec())
}

/// Quotes that word processors put in place of `"` and `'`.
const CURLY_QUOTES: &[char] = &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '″'];

/// A syntax error that is one of the mistakes editors make in word processors or when
/// copying from documents, told in their terms: curly quotes around a value, or a comma
/// after one (`title = "X",`, `tags = "a", "b"`). The span covers what is to change.
fn word_processor_mistake(
    src: &Source,
    span: &Range<usize>,
) -> Option<(Range<usize>, ReadProblem)> {
    let start = span.start.min(src.text.len());
    let line_start = src.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src.text[start..].find('\n').map_or(src.text.len(), |i| start + i);
    let line = &src.text[line_start..line_end];
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let value_at = line_start + key.len() + (line.len() - key.len() - value.len()) + value.len()
        - value.trim_start().len();
    let value = value.trim();
    if let Some(open) = value.chars().next().filter(|c| CURLY_QUOTES.contains(c)) {
        // The value runs to the last curly quote; a comment may follow it.
        let (last, close) = value.char_indices().rev().find(|(_, c)| CURLY_QUOTES.contains(c))?;
        let quoted = if last == 0 { value } else { &value[..last + close.len_utf8()] };
        let inner =
            if last == 0 { &value[open.len_utf8()..] } else { &value[open.len_utf8()..last] };
        let suggestion =
            (last > 0 && !inner.contains(['"', '\\'])).then(|| format!("{key} = \"{inner}\""));
        return Some((value_at..value_at + quoted.len(), ReadProblem::CurlyQuotes { suggestion }));
    }
    if let Some(c) = src.text[start..].chars().next().filter(|c| CURLY_QUOTES.contains(c)) {
        // Inside a list: `tags = [“diplomacy”]`.
        return Some((start..start + c.len_utf8(), ReadProblem::CurlyQuotes { suggestion: None }));
    }
    if src.text[start..].starts_with(',') {
        let rest = src.text[start + 1..line_end].split('#').next().unwrap_or("").trim();
        let before = src.text[line_start..start].split_once('=').map_or("", |(_, v)| v).trim();
        let list = (!rest.is_empty()).then(|| format!("{key} = [{before}, {rest}]"));
        return Some((start..start + 1, ReadProblem::StrayComma { list }));
    }
    None
}

/// Parses a whole TOML file as far as it can be read, whatever its syntax errors; a file
/// over [`MAX_FILE_BYTES`] is not parsed, and reads as empty.
pub fn parse_document_leniently(src: &Source) -> toml::Spanned<DeTable<'_>> {
    let text = if src.text.len() > MAX_FILE_BYTES { "" } else { src.text.as_str() };
    DeTable::parse_recoverable(text).0
}
