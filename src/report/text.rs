//! Text made safe and bounded for a terminal or a log: control characters and characters
//! that reorder text shown escaped, widths counted in display columns (a CJK character or
//! an emoji takes two, a combining mark none), and long text cut with an ellipsis.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

use crate::diagnostic::Excerpt;

/// The widest excerpt of a source line shown, in columns.
pub const LINE_MAX: usize = 120;
/// The most columns of a line shown before the problem, so that the problem stays in view.
pub const BEFORE_MAX: usize = 60;
/// The widest message or help shown, in columns.
pub const MESSAGE_MAX: usize = 500;
/// Marks where text was cut.
pub const ELLIPSIS: char = '…';

/// Whether a character is shown escaped: C0 and C1 controls and DEL (ESC starts terminal
/// sequences, CR and line breaks start lines of their own, and a forged line in a CI log
/// can be a workflow command), the line and paragraph separators, and the invisible
/// characters that reorder text (Trojan Source), and the non-characters U+FFFE and U+FFFF.
/// Right-to-left marks are shown as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// Calls `f` with each character of `text` and whether it is shown escaped: an unsafe one,
/// and one that would let a line be read as a GitHub Actions workflow command, which the
/// runner finds as `##[` anywhere in a line of a log and `::` at its start (the `[`, and,
/// for text that may start a line, the second `:` of a leading `::`).
pub fn each_char(text: &str, may_start_line: bool, mut f: impl FnMut(char, bool)) {
    let (mut before, mut last) = ('\0', '\0');
    for (i, c) in text.chars().enumerate() {
        let command = match c {
            '[' => before == '#' && last == '#',
            ':' => may_start_line && i == 1 && last == ':',
            _ => false,
        };
        f(c, command || is_unsafe(c));
        (before, last) = (last, c);
    }
}

/// Whether [`each_char`] escapes any character of `text`.
fn needs_escape(text: &str) -> bool {
    text.chars().any(is_unsafe) || text.contains("##[") || text.starts_with("::")
}

/// Appends a character as shown: escaped as `\u{1b}` if `escaped`, else as it is;
/// returns its width in columns.
pub fn push_shown(out: &mut String, c: char, escaped: bool) -> usize {
    if escaped {
        let before = out.len();
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
        out.len() - before
    } else {
        out.push(c);
        c.width().unwrap_or(0)
    }
}

/// The text with every character [`each_char`] escapes shown as `\u{1b}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    each_char(text, true, |c, escaped| {
        push_shown(&mut out, c, escaped);
    });
    Cow::Owned(out)
}

/// Display width in columns of text that has no unsafe character left.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// What a character costs against a bound: its width, but at least one, so that a run of
/// zero-width characters (combining marks, joiners) is bounded too.
fn cost(c: char) -> usize {
    c.width().unwrap_or(0).max(1)
}

/// Escaped text of at most `max` columns: a longer one keeps its start and its end, with
/// an ellipsis between them (`unknown key `kkkkk…kkk``).
pub fn bounded(text: &str, max: usize) -> Cow<'_, str> {
    let escaped = escape(text);
    if escaped.len() <= max || escaped.chars().map(cost).sum::<usize>() <= max {
        return escaped;
    }
    let head_max = max * 2 / 3;
    let tail_max = max - head_max - 1;
    let mut head = String::new();
    let mut used = 0;
    for c in escaped.chars() {
        let w = cost(c);
        if used + w > head_max {
            break;
        }
        used += w;
        head.push(c);
    }
    let mut tail: Vec<char> = Vec::new();
    used = 0;
    for c in escaped.chars().rev() {
        let w = cost(c);
        if used + w > tail_max {
            break;
        }
        used += w;
        tail.push(c);
    }
    head.push(ELLIPSIS);
    head.extend(tail.into_iter().rev());
    Cow::Owned(head)
}

/// Text of at most `max` columns in all whose line breaks are kept (for GitHub to decode),
/// each line cut as [`bounded`] cuts, each break counted as a column; lines past the bound
/// are left out after an ellipsis.
pub fn bounded_lines(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut left = max;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            if left < 2 {
                // No room for another line: say that it goes on, if there is room for that.
                if left == 1 {
                    out.push(ELLIPSIS);
                }
                break;
            }
            out.push('\n');
            left -= 1;
        }
        let line = bounded(line, left);
        left = left.saturating_sub(line.chars().map(cost).sum());
        out.push_str(&line);
    }
    out
}

/// An excerpt as printed: the text, and where the carets go under it, in columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The line's text, escaped and cut.
    pub text: String,
    /// Columns before the first caret.
    pub caret_at: usize,
    /// How many carets: the columns of the problem's text, at least one.
    pub carets: usize,
}

/// One character of an excerpt: its shown form, its width, and what it costs against the
/// line's bound (its width, at least one).
struct Cell {
    shown: String,
    width: usize,
    cost: usize,
}

/// The cells of a whole line, each with the byte offset of its character.
fn cells(text: &str) -> Vec<(usize, Cell)> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    each_char(text, true, |c, escaped| {
        let mut shown = String::new();
        // Tabs are shown as one space: their width depends on the terminal.
        let width = if c == '\t' {
            shown.push(' ');
            1
        } else {
            push_shown(&mut shown, c, escaped)
        };
        out.push((at, Cell { shown, width, cost: width.max(1) }));
        at += c.len_utf8();
    });
    out
}

fn columns(cells: &[Cell]) -> usize {
    cells.iter().map(|c| c.width).sum()
}

fn costs(cells: &[Cell]) -> usize {
    cells.iter().map(|c| c.cost).sum()
}

/// Lays out an excerpt: the whole line when it fits in [`LINE_MAX`] columns; otherwise at
/// most [`BEFORE_MAX`] columns before the problem and [`LINE_MAX`] in all, an ellipsis
/// wherever the line goes on.
pub fn excerpt(e: &Excerpt) -> Shown {
    let start = e.span.start.min(e.text.len());
    let end = e.span.end.clamp(start, e.text.len());
    // The line's cells made whole, since whether one is escaped depends on those before it.
    let (mut before, mut span, mut after) = (Vec::new(), Vec::new(), Vec::new());
    for (at, cell) in cells(&e.text) {
        match at {
            _ if at < start => before.push(cell),
            _ if at < end => span.push(cell),
            _ => after.push(cell),
        }
    }
    let total = costs(&before) + costs(&span) + costs(&after);
    let mut text = String::new();
    if total <= LINE_MAX && !e.cut_before && !e.cut_after {
        before.iter().chain(&span).chain(&after).for_each(|c| text.push_str(&c.shown));
        let caret_at = columns(&before);
        return Shown { text, caret_at, carets: columns(&span).max(1) };
    }
    // Before the problem: its last columns, after an ellipsis if anything is left out.
    let mut caret_at = 0;
    let mut spent = 0;
    let kept = if e.cut_before || costs(&before) > BEFORE_MAX {
        text.push(ELLIPSIS);
        caret_at += 1;
        spent += 1;
        let mut used = 0;
        let n = before.iter().rev().take_while(|c| {
            used += c.cost;
            used < BEFORE_MAX
        });
        let n = n.count();
        &before[before.len() - n..]
    } else {
        &before[..]
    };
    kept.iter().for_each(|c| text.push_str(&c.shown));
    caret_at += columns(kept);
    spent += costs(kept);
    // The problem and what follows, up to the line's width, with an ellipsis if cut.
    let budget = LINE_MAX - spent;
    let rest_fits = costs(&span) + costs(&after) <= budget && !e.cut_after;
    let limit = if rest_fits { budget } else { budget - 1 };
    let mut used = 0;
    let mut carets = 0;
    for (i, c) in span.iter().chain(&after).enumerate() {
        if used + c.cost > limit {
            break;
        }
        used += c.cost;
        if i < span.len() {
            carets += c.width;
        }
        text.push_str(&c.shown);
    }
    if !rest_fits {
        text.push(ELLIPSIS);
    }
    Shown { text, caret_at, carets: carets.max(1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt_of(line: &str, span: std::ops::Range<usize>) -> Excerpt {
        Excerpt { line: 1, text: line.into(), span, cut_before: false, cut_after: false }
    }

    /// Where the carets go, as the line and the caret line a reader sees.
    fn drawn(line: &str, underlined: &str) -> (String, String) {
        let start = line.find(underlined).expect("the underlined text is in the line");
        let s = excerpt(&excerpt_of(line, start..start + underlined.len()));
        (s.text, format!("{}{}", " ".repeat(s.caret_at), "^".repeat(s.carets)))
    }

    #[test]
    fn carets_sit_under_the_text_by_display_width() {
        // (line, underlined text, caret line as a terminal shows it under the line)
        let table = [
            ("tags = [\"x\"]", "x", "         ^"),
            // CJK characters take two columns each.
            ("title = \"東京 会議\" x", "x", "                    ^"),
            ("tags = [\"東京\"]", "東京", "         ^^^^"),
            // An emoji takes two.
            ("t = \"🎉🎉\" bad", "bad", "           ^^^"),
            // A combining mark takes none: "é" written as e + U+0301 is one column.
            ("t = \"cafe\u{301}\" bad", "bad", "           ^^^"),
            // Fullwidth forms take two.
            ("ｔａｇ = 1", "1", "         ^"),
            // A tab is shown as one space.
            ("\ttags = [\"x\"]", "x", "          ^"),
            ("a\t\tb", "b", "   ^"),
            // A control character is shown escaped, six columns for `\u{1b}`.
            ("t = \"\u{1b}[31m\" bad", "bad", "                 ^^^"),
            ("t = \"\u{1b}\"", "\u{1b}", "     ^^^^^^"),
        ];
        for (line, underlined, carets) in table {
            let (shown, caret_line) = drawn(line, underlined);
            assert_eq!(
                caret_line, carets,
                "{line:?}, carets under {underlined:?}, shown as {shown:?}"
            );
        }
    }

    #[test]
    fn unsafe_characters_are_escaped_and_others_kept() {
        let table = [
            ("plain", "plain"),
            ("bell\u{7}", "bell\\u{7}"),
            ("a\nb\rc", "a\\u{a}b\\u{d}c"),
            ("esc\u{1b}[2J", "esc\\u{1b}[2J"),
            ("\u{9b}c1 csi", "\\u{9b}c1 csi"),
            ("del\u{7f}", "del\\u{7f}"),
            ("rlo \u{202e}exe.pdf", "rlo \\u{202e}exe.pdf"),
            ("isolate \u{2066}x\u{2069}", "isolate \\u{2066}x\\u{2069}"),
            ("line\u{2028}sep", "line\\u{2028}sep"),
            ("rtl mark \u{200f} kept", "rtl mark \u{200f} kept"),
            ("日本 🎉 é", "日本 🎉 é"),
            ("tab\there", "tab\\u{9}here"),
            // Workflow commands a runner would read in a log: `##[` anywhere, `::` first.
            ("##[add-mask]Metropolis.toml", "##\\u{5b}add-mask]Metropolis.toml"),
            ("# ##[error file=x;line=1]Forged", "# ##\\u{5b}error file=x;line=1]Forged"),
            ("###[x] #[y] ## [z]", "###\\u{5b}x] #[y] ## [z]"),
            ("::error file=x::Forged", ":\\u{3a}error file=x::Forged"),
            ("a::b", "a::b"),
        ];
        for (text, shown) in table {
            assert_eq!(escape(text), shown, "{text:?}");
        }
    }

    #[test]
    fn workflow_commands_in_an_excerpt_are_escaped_whatever_the_problem_covers() {
        // The problem starts at the `[`, so the `##` before it is in another part.
        let (text, _) = drawn("# ##[error]x = 1", "[error]");
        assert_eq!(text, "# ##\\u{5b}error]x = 1");
        let (text, _) = drawn("::set-output name=x::y", "set");
        assert_eq!(text, ":\\u{3a}set-output name=x::y");
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let line = format!("tags = [{}\"bad\"{}]", "\"a\", ".repeat(100), ", \"b\"".repeat(100));
        let start = line.find("\"bad\"").unwrap();
        let s = excerpt(&excerpt_of(&line, start..start + 5));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert_eq!(width(&s.text), LINE_MAX);
        assert_eq!(s.caret_at, BEFORE_MAX);
        assert_eq!(s.carets, 5);
        let under: String = s.text.chars().skip(s.caret_at).take(5).collect();
        assert_eq!(under, "\"bad\"");
        // A short line is shown whole.
        let s = excerpt(&excerpt_of("date = \"31 Feb\"", 7..15));
        assert_eq!((s.text.as_str(), s.caret_at, s.carets), ("date = \"31 Feb\"", 7, 8));
    }

    #[test]
    fn a_problem_wider_than_the_line_is_underlined_to_the_cut() {
        let line = format!("title = \"{}\"", "東".repeat(500));
        let s = excerpt(&excerpt_of(&line, 8..line.len()));
        assert_eq!(s.caret_at, 8);
        assert_eq!(width(&s.text), LINE_MAX - 1 + 1, "{}", s.text);
        assert_eq!(s.caret_at + s.carets, LINE_MAX - 1, "the carets stop before the ellipsis");
    }

    #[test]
    fn zero_width_characters_count_against_the_bounds() {
        let marks = "e\u{301}".repeat(2000);
        let b = bounded(&marks, 100);
        assert!(b.chars().count() <= 100, "{} characters", b.chars().count());
        let s = excerpt(&Excerpt {
            line: 1,
            text: marks.clone(),
            span: 0..1,
            cut_before: false,
            cut_after: true,
        });
        assert!(s.text.chars().count() <= LINE_MAX, "{} characters", s.text.chars().count());
    }

    #[test]
    fn bounded_lines_bound_the_whole_text() {
        assert_eq!(bounded_lines("a\nb", 10), "a\nb");
        let many = "line\n".repeat(1000);
        let b = bounded_lines(&many, 30);
        assert_eq!(b, "line\nline\nline\nline\nline\nline…");
        assert!(b.chars().count() <= 30);
        let long = format!("{}\nnext", "x".repeat(100));
        assert_eq!(bounded_lines(&long, 20).chars().count(), 20);
    }

    #[test]
    fn bounded_keeps_both_ends() {
        assert_eq!(bounded("short", 10), "short");
        let long = format!("unknown key `{}`", "k".repeat(1000));
        let b = bounded(&long, 60);
        assert_eq!(width(&b), 60);
        assert!(b.starts_with("unknown key `kkk") && b.ends_with("kkk`") && b.contains('…'));
        assert_eq!(bounded("東京東京東京", 7), "東京…京");
    }
}
