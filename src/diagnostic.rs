//! One problem type for everything an editor or a command can get wrong: where (a file,
//! a line and column, the line's excerpt), how bad (an error or a warning), and what.
//! How problems are printed lives in [`crate::report`].

use std::cell::RefCell;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use crate::problem::{
    CommandProblem, ContentProblem, HistoryProblem, OutputProblem, Problem, ReadProblem,
    ServeProblem, ThemeProblem, ValueProblem, thousands,
};

/// A text file of the project, kept with its path so that byte spans can be shown.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the editor knows it: relative to the project root.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
    /// Where each line starts, made on the first position asked for: one pass over the
    /// file, so that a file of many problems is not read again for each.
    line_starts: OnceLock<Vec<usize>>,
}

/// How many problems of one file are shown; the rest are counted ("… and 3,980 more").
pub const SHOWN_PER_FILE: usize = 20;
/// How many problems are shown in all, so that what is printed stays small however many
/// files have problems; the rest are counted ("… and 21,780 more").
pub const SHOWN_IN_ALL: usize = 200;

/// How bad a problem is: an error fails `check` and `build`; a warning is shown and counted
/// apart, and fails nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Nothing is built until it is fixed.
    Error,
    /// Probably a mistake, but the site builds.
    Warning,
}

/// The part of a source line shown under a message: at most a screen's width around the
/// problem, so that a line of megabytes is never copied whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line's number, from 1.
    pub line: usize,
    /// Text of the line around the problem, as written (escaping is the renderer's).
    pub text: String,
    /// The underlined bytes of `text`.
    pub span: Range<usize>,
    /// The line goes on before `text`.
    pub cut_before: bool,
    /// The line goes on after `text`.
    pub cut_after: bool,
}

/// Characters of a line kept before and after a problem's start: more than a screen shows,
/// so that the renderer decides where to cut.
const EXCERPT_BEFORE: usize = 80;
const EXCERPT_AFTER: usize = 160;

/// A line and column, both counted from 1; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// Something wrong in a calendar project, located in a file, or with a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error or a warning.
    pub severity: Severity,
    /// The file, relative to the project root; empty for a problem with the command itself
    /// (an argument, a port).
    pub path: PathBuf,
    /// Where in the file; `None` for a problem with the file as a whole.
    pub position: Option<Position>,
    /// The line the problem is on, or the part of it around the problem.
    pub excerpt: Option<Box<Excerpt>>,
    /// How many characters of the line the problem spans (at least 1 with a position).
    pub width: usize,
    /// What is wrong (boxed: it is the bulk of a diagnostic, which is passed around a lot).
    pub problem: Box<Problem>,
}

impl Source {
    /// Wraps a file's text with its project-relative path.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self { path: path.into(), text: text.into(), line_starts: OnceLock::new() }
    }

    /// The line (from 1) holding a byte offset, and the byte where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(starts_after_newlines(&self.text)).collect());
        // The last line starting at or before the offset.
        let index = starts.partition_point(|&s| s <= offset) - 1;
        (index + 1, starts[index])
    }

    /// Line and column of a byte offset; the one place where spans become positions.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset);
        let (line, line_start) = self.line_of(offset);
        Position { line, column: self.text[line_start..offset].chars().count() + 1 }
    }

    /// `path:line:col` of a byte offset, or the path alone without one.
    pub fn location(&self, offset: Option<usize>) -> String {
        format_location(&self.path, offset.map(|o| self.position(o)))
    }

    /// An error pointing at a byte range of this file.
    pub fn error(&self, span: Range<usize>, problem: impl Into<Problem>) -> Diagnostic {
        self.diagnostic(Severity::Error, span, problem)
    }

    /// A problem of either severity pointing at a byte range of this file; the range is
    /// cut at the end of its first line.
    pub fn diagnostic(
        &self,
        severity: Severity,
        span: Range<usize>,
        problem: impl Into<Problem>,
    ) -> Diagnostic {
        let text = self.text.as_str();
        let start = floor_char_boundary(text, span.start);
        let (line, line_start) = self.line_of(start);
        let mut line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        while line_end > start && text.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let column = text[line_start..start].chars().count() + 1;
        // The excerpt: a bounded number of characters either side of the start.
        let from = text[line_start..start]
            .char_indices()
            .rev()
            .nth(EXCERPT_BEFORE - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = text[start..line_end]
            .char_indices()
            .nth(EXCERPT_AFTER)
            .map_or(line_end, |(i, _)| start + i)
            .max(from);
        let width = text[start..end].chars().count().max(1);
        Diagnostic {
            severity,
            path: self.path.clone(),
            position: Some(Position { line, column }),
            excerpt: Some(Box::new(Excerpt {
                line,
                text: text[from..to].to_string(),
                span: start - from..end.min(to) - from,
                cut_before: from > line_start,
                cut_after: to < line_end,
            })),
            width,
            problem: Box::new(problem.into()),
        }
    }

    /// Where the text of a TOML string value starts: after its opening quote, when the
    /// source between the quotes is exactly the value (no escapes, not multi-line);
    /// otherwise the whole value's span, which is still the right line.
    pub fn inner_span(
        &self,
        value_span: &Range<usize>,
        value: &str,
        inner: Range<usize>,
    ) -> Range<usize> {
        let raw = self.text.get(value_span.clone()).unwrap_or("");
        let quoted = raw.len() == value.len() + 2
            && (raw.starts_with('"') || raw.starts_with('\''))
            && &raw[1..raw.len() - 1] == value;
        if quoted {
            value_span.start + 1 + inner.start..value_span.start + 1 + inner.end
        } else {
            value_span.clone()
        }
    }
}

/// The byte after each line break.
fn starts_after_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    /// A problem with a file as a whole, such as an unreadable one.
    pub fn file(path: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            position: None,
            excerpt: None,
            width: 0,
            problem: Box::new(problem.into()),
        }
    }

    /// A file or folder that cannot be read, for the system's reason.
    pub fn unreadable(path: impl Into<PathBuf>, reason: impl std::fmt::Display) -> Self {
        Self::file(path, ReadProblem::Io { message: reason.to_string() })
    }

    /// A file or folder of the site that cannot be written, for the system's reason.
    pub fn unwritable(path: impl Into<PathBuf>, reason: impl std::fmt::Display) -> Self {
        Self::file(path, OutputProblem::Write { message: reason.to_string() })
    }

    /// A problem with the command itself, in no file: an argument, a port.
    pub fn command(problem: impl Into<Problem>) -> Self {
        Self::file(PathBuf::new(), problem)
    }

    /// The same problem as a warning.
    pub fn warning(self) -> Self {
        Self { severity: Severity::Warning, ..self }
    }

    /// Whether it stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many errors and warnings this stands for: one, or those it counts.
    pub fn counts(&self) -> (usize, usize) {
        match (&*self.problem, self.severity) {
            (Problem::MoreInFile { errors, warnings }, _)
            | (Problem::MoreInAll { errors, warnings, .. }, _) => (*errors, *warnings),
            (_, Severity::Error) => (1, 0),
            (_, Severity::Warning) => (0, 1),
        }
    }

    /// `path:line:col`, or the path alone for a whole-file problem.
    pub fn location(&self) -> String {
        format_location(&self.path, self.position)
    }

    /// The order problems are printed in: by file, then by position, the count of those
    /// not shown last.
    pub fn sort_key(&self) -> (&Path, bool, Option<Position>) {
        (&self.path, matches!(*self.problem, Problem::MoreInFile { .. }), self.position)
    }
}

/// The problems of one file as they are found: every one counted, the first
/// [`SHOWN_PER_FILE`] by position kept, so that a file of a million mistakes costs the
/// memory of twenty. Positions and excerpts are made only for those kept.
pub struct Problems<'s> {
    src: &'s Source,
    found: RefCell<Found>,
}

#[derive(Default)]
struct Found {
    kept: BinaryHeap<Pending>,
    dropped: (usize, usize),
    sequence: usize,
}

/// A problem kept so far; ordered by where it starts, then by when it was found.
struct Pending {
    key: (usize, usize),
    severity: Severity,
    span: Range<usize>,
    problem: Problem,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl<'s> Problems<'s> {
    /// No problems yet in `src`.
    pub fn new(src: &'s Source) -> Self {
        Self { src, found: RefCell::new(Found::default()) }
    }

    /// Records a problem at a byte range of the file.
    pub fn push(&self, severity: Severity, span: Range<usize>, problem: impl Into<Problem>) {
        self.push_with(severity, span, || problem.into());
    }

    /// Records a problem made only if it is to be shown: suggestions for the millionth
    /// unknown key of a file are not worth their time.
    pub fn push_with<P: Into<Problem>>(
        &self,
        severity: Severity,
        span: Range<usize>,
        make: impl FnOnce() -> P,
    ) {
        let mut found = self.found.borrow_mut();
        let key = (span.start, found.sequence);
        found.sequence += 1;
        let full = found.kept.len() >= SHOWN_PER_FILE;
        if full && found.kept.peek().is_some_and(|last| last.key < key) {
            match severity {
                Severity::Error => found.dropped.0 += 1,
                Severity::Warning => found.dropped.1 += 1,
            }
            return;
        }
        found.kept.push(Pending { key, severity, span, problem: make().into() });
        if found.kept.len() > SHOWN_PER_FILE {
            // The one furthest down the file makes way.
            let dropped = found.kept.pop().expect("more than zero kept");
            match dropped.severity {
                Severity::Error => found.dropped.0 += 1,
                Severity::Warning => found.dropped.1 += 1,
            }
        }
    }

    /// Whether an error was found (warnings aside).
    pub fn has_errors(&self) -> bool {
        let found = self.found.borrow();
        found.dropped.0 > 0 || found.kept.iter().any(|p| p.severity == Severity::Error)
    }

    /// The problems kept, in the order they were found, then the count of the others if
    /// any.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let found = self.found.into_inner();
        let mut kept = found.kept.into_vec();
        kept.sort_unstable_by_key(|p| p.key.1);
        let mut out: Vec<Diagnostic> =
            kept.into_iter().map(|p| self.src.diagnostic(p.severity, p.span, p.problem)).collect();
        let (errors, warnings) = found.dropped;
        if errors + warnings > 0 {
            let more =
                Diagnostic::file(self.src.path.clone(), Problem::MoreInFile { errors, warnings });
            out.push(if errors == 0 { more.warning() } else { more });
        }
        out
    }
}

fn format_location(path: &Path, position: Option<Position>) -> String {
    let path = display_path(path);
    match position {
        Some(p) => format!("{path}:{}:{}", p.line, p.column),
        None => path,
    }
}

/// A path with forward slashes on every system, as editors and CI logs show it.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The closest candidate to a misspelt word, if it is close enough to be what was meant.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates need no more.
        .filter(|c| {
            let n = c.chars().count();
            length.abs_diff(n) <= (n / 3).max(1)
        })
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *c != word && *distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let src = Source::new("a.toml", "title = \"São\"\ndate = \"31 Feb\"\n");
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
        assert_eq!(src.position(15), Position { line: 2, column: 1 });
        // "São" has a two-byte character: the column after it counts it once.
        assert_eq!(src.position(13), Position { line: 1, column: 13 });
        // An offset inside a character is moved to its start.
        assert_eq!(src.position(11), Position { line: 1, column: 11 });
    }

    #[test]
    fn whole_message_with_carets_and_help() {
        let src = Source::new("content/x.toml", "title = \"A\"\ntags = [\"diplomcy\"]\n");
        let d = src.error(
            20..30,
            ContentProblem::UnknownTag {
                tag: "diplomcy".into(),
                suggestion: Some("diplomacy".into()),
                known: vec![],
            },
        );
        assert_eq!(
            d.to_string(),
            "content/x.toml:2:9: error: unknown tag `diplomcy`\n  |\n2 | tags = [\"diplomcy\"]\n  |         ^^^^^^^^^^\n  = help: did you mean `diplomacy`?\n"
        );
    }

    #[test]
    fn inner_span_maps_into_plain_strings_only() {
        let src = Source::new("x", "date = \"31 Feb\"\nd2 = \"\"\"31 Feb\"\"\"");
        assert_eq!(src.inner_span(&(7..15), "31 Feb", 3..6), 11..14);
        assert_eq!(src.inner_span(&(21..33), "31 Feb", 3..6), 21..33);
    }

    #[test]
    fn suggestions_are_close_or_nothing() {
        let keys = ["title", "date", "tags", "location"];
        assert_eq!(suggest("titel", keys), Some("title".into()));
        assert_eq!(suggest("Tags", keys), Some("tags".into()), "TOML keys are case-sensitive");
        assert_eq!(suggest("tags", keys), None, "an exact match is not a suggestion");
        assert_eq!(suggest("locaton", keys), Some("location".into()));
        assert_eq!(suggest("colour", keys), None);
    }
}
