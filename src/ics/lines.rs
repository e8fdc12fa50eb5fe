//! The iCalendar writer: content lines (RFC 5545 3.1), each a property's name, its
//! parameters and its value, TEXT values escaped, folded at 75 octets.
//!
//! Written here rather than with the `icalendar` crate. The crate's own serialiser folds
//! lines where it can cut an escape such as `\,` in two (Google Calendar drops such
//! events), so this module wrote the crate's properties out itself; what the crate still
//! did was hold each property in a map of strings, a dozen allocations an event for
//! values this module then read back. Writing the lines straight from the event is what
//! is left of both halves, and the crate is now only a reader in the tests, one of the
//! independent parsers that check the output.

/// Content lines being written: each property is made whole, then folded onto the text.
pub(super) struct Lines {
    out: String,
    /// The property being made, before it is folded into `out`.
    line: String,
}

impl Lines {
    /// No lines yet, with room for about `bytes` of them.
    pub(super) fn with_capacity(bytes: usize) -> Lines {
        Lines { out: String::with_capacity(bytes), line: String::with_capacity(256) }
    }

    /// How many bytes are written.
    pub(super) fn len(&self) -> usize {
        self.out.len()
    }

    /// The lines written.
    pub(super) fn into_string(self) -> String {
        self.out
    }

    /// `BEGIN:` a component.
    pub(super) fn begin(&mut self, kind: &str) {
        for part in ["BEGIN:", kind, "\r\n"] {
            self.out.push_str(part);
        }
    }

    /// `END:` a component.
    pub(super) fn end(&mut self, kind: &str) {
        for part in ["END:", kind, "\r\n"] {
            self.out.push_str(part);
        }
    }

    /// A property whose value is TEXT, escaped here.
    pub(super) fn text(&mut self, name: &str, value: &str) {
        self.start(name, None);
        escape_text_into(value, &mut self.line);
        self.finish();
    }

    /// A property whose value is written as it is: a date, a number, an address, a
    /// duration, or a list of TEXT items escaped already.
    pub(super) fn value(&mut self, name: &str, parameter: Option<(&str, &str)>, value: &str) {
        self.start(name, parameter);
        self.line.push_str(value);
        self.finish();
    }

    /// Content lines written already.
    pub(super) fn written(&mut self, lines: &str) {
        self.out.push_str(lines);
    }

    /// A line as it is, such as `TZID:UTC`.
    pub(super) fn line(&mut self, line: &str) {
        fold(line, &mut self.out);
    }

    /// The name and the parameter (quoted where it holds `:`, `;` or `,`), up to the `:`.
    fn start(&mut self, name: &str, parameter: Option<(&str, &str)>) {
        let line = &mut self.line;
        line.clear();
        line.push_str(name);
        if let Some((key, value)) = parameter {
            let quoted = value.contains([':', ';', ',']);
            for part in [";", key, "=", if quoted { "\"" } else { "" }, value] {
                line.push_str(part);
            }
            if quoted {
                line.push('"');
            }
        }
        line.push(':');
    }

    fn finish(&mut self) {
        fold(&self.line, &mut self.out);
    }
}

/// TEXT escaping (RFC 5545 3.3.11).
pub(super) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_text_into(s, &mut out);
    out
}

/// [`escape_text`] onto the end of `out`, copying the runs between escapes whole.
fn escape_text_into(s: &str, out: &mut String) {
    /// Which bytes are escaped, looked up rather than compared in turn.
    const ESCAPED: [bool; 256] = {
        let mut escaped = [false; 256];
        escaped[b'\\' as usize] = true;
        escaped[b';' as usize] = true;
        escaped[b',' as usize] = true;
        escaped[b'\n' as usize] = true;
        escaped
    };
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        let escaped = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `from` and `at` fall between characters.
        out.push_str(&s[from..at]);
        out.push_str(escaped);
        from = at + 1;
    }
    out.push_str(&s[from..]);
}

/// Appends one content line, folded (RFC 5545 3.1): physical lines of at most 75 octets
/// with CRLF after each, continuation lines starting with one space. A fold never falls
/// inside a UTF-8 character nor inside an escape such as `\,`, and, where it can be
/// avoided, never right before white space (some readers drop it when unfolding).
fn fold(line: &str, out: &mut String) {
    const LIMIT: usize = 75;
    debug_assert!(!line.contains(['\r', '\n']), "an unescaped line break in {line:?}");
    let bytes = line.as_bytes();
    // Whether a fold may fall at `at`, after `from`: on a character boundary, and not
    // inside an escape, that is, not after an odd run of backslashes. (A run pairs up from
    // its start; `from` is never inside an escape, so the backslashes between `from` and
    // `at` pair up the same way.)
    let allowed = |from: usize, at: usize| {
        line.is_char_boundary(at)
            && bytes[from..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    };
    let spaced = |at: usize| matches!(bytes[at], b' ' | b'\t');
    let (mut start, mut limit) = (0, LIMIT);
    while line.len() - start > limit {
        // The furthest cut that fits; then, if white space follows it, the furthest one
        // that white space does not follow, if there is one.
        let mut fits = start + limit;
        while !allowed(start, fits) {
            fits -= 1;
        }
        let mut to = fits;
        while to > start + 1 && (spaced(to) || !allowed(start, to)) {
            to -= 1;
        }
        if spaced(to) || !allowed(start, to) {
            to = fits;
        }
        out.push_str(&line[start..to]);
        out.push_str("\r\n ");
        (start, limit) = (to, LIMIT - 1);
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    /// [`fold`] the slow and obvious way, from the list of every allowed cut, to check it
    /// against: the furthest cut that fits, or the furthest that white space does not
    /// follow.
    fn reference_fold(line: &str) -> String {
        let mut cuts = Vec::new();
        let mut chars = line.char_indices();
        while let Some((i, c)) = chars.next() {
            cuts.push(i);
            if c == '\\' {
                chars.next();
            }
        }
        cuts.push(line.len());
        let spaced = |at: usize| line[at..].starts_with([' ', '\t']);
        let (mut out, mut start, mut limit) = (String::new(), 0, 75);
        while line.len() - start > limit {
            let fitting: Vec<usize> =
                cuts.iter().copied().filter(|&c| c > start && c - start <= limit).collect();
            let fits = *fitting.last().unwrap();
            let to = fitting.iter().rev().copied().find(|&c| !spaced(c)).unwrap_or(fits);
            out.push_str(&line[start..to]);
            out.push_str("\r\n ");
            (start, limit) = (to, 74);
        }
        out.push_str(&line[start..]);
        out.push_str("\r\n");
        out
    }

    proptest::proptest! {
        /// Any line of characters and escapes folds into physical lines of at most 75
        /// octets, cut only between units, that unfold to the line again.
        #[test]
        fn folds_fit_and_fall_between_units(units in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[a-z ]").unwrap(),
                proptest::string::string_regex("[é€😀\t]").unwrap(),
                proptest::string::string_regex(r"\\[\\;,n]").unwrap(),
            ],
            0..120,
        )) {
            let line: String = units.concat();
            let out = folded(&line);
            proptest::prop_assert_eq!(&out, &reference_fold(&line));
            proptest::prop_assert!(out.ends_with("\r\n"));
            proptest::prop_assert_eq!(unfold(&out), format!("{line}\r\n"));
            let mut boundaries = vec![0];
            for unit in &units {
                boundaries.push(boundaries.last().unwrap() + unit.len());
            }
            let mut at = 0;
            for (i, physical) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
                proptest::prop_assert!(physical.len() <= 75, "{physical:?}");
                let text = if i == 0 { physical } else { &physical[1..] };
                at += text.len();
                proptest::prop_assert!(boundaries.contains(&at), "a cut inside a unit at {at}");
            }
        }
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("SUMMARY:x"), "SUMMARY:x\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(67));
        assert_eq!(exact.len(), 75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_space_after_each_crlf() {
        let line = format!("DESCRIPTION:{}", "abcdefghij".repeat(20));
        let out = folded(&line);
        let physical: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert_eq!(physical.iter().map(|l| l.len()).collect::<Vec<_>>(), [75, 75, 64]);
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folds_fall_between_utf8_characters() {
        // 8 + 66 = 74 octets, then a 3-octet character that cannot fit in 75.
        let line = format!("SUMMARY:{}€€", "a".repeat(66));
        let out = folded(&line);
        assert_eq!(out, format!("SUMMARY:{}\r\n €€\r\n", "a".repeat(66)));
        // Every possible position of a multi-byte character against the limit.
        for pad in 0..8 {
            let line = format!("SUMMARY:{}{}", "a".repeat(pad), "é🎉ü".repeat(30));
            let out = folded(&line);
            for physical in out.split("\r\n") {
                assert!(physical.len() <= 75, "{physical:?}");
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn folds_never_split_an_escape_sequence() {
        // The backslash of `\,` would be the 75th octet: the fold goes before it.
        let line = format!("SUMMARY:{}\\,b", "a".repeat(66));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n \\,b\r\n", "a".repeat(66)));
        let line = format!("SUMMARY:{}\\\\\\;\\n", "a".repeat(66));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n \\\\\\;\\n\r\n", "a".repeat(66)));
        // Every alignment: no physical line ends inside an escape pair.
        for pad in 0..4 {
            let line = format!("DESCRIPTION:{}{}", "a".repeat(pad), "\\,\\;\\\\x\\n".repeat(40));
            let out = folded(&line);
            for physical in out.strip_suffix("\r\n").unwrap().split("\r\n") {
                let body = physical.strip_prefix(' ').unwrap_or(physical);
                let ends_in_escape = body.chars().rev().take_while(|&c| c == '\\').count() % 2;
                assert_eq!(ends_in_escape, 0, "{physical:?}");
                assert!(physical.len() <= 75);
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn continuation_lines_do_not_start_with_white_space() {
        let line = format!("SUMMARY:{} bcd", "a".repeat(67));
        assert_eq!(folded(&line), format!("SUMMARY:{}\r\n a bcd\r\n", "a".repeat(66)));
    }

    #[test]
    fn text_is_escaped_and_parameters_quoted() {
        assert_eq!(escape_text("a;b,c\\d\ne:f"), "a\\;b\\,c\\\\d\\ne:f");
        let mut lines = Lines::with_capacity(64);
        lines.value("ORGANIZER", Some(("CN", "Ann: B")), "mailto:a@b.c");
        lines.value("DTSTART", Some(("VALUE", "DATE")), "20210216");
        lines.text("SUMMARY", "a, b");
        assert_eq!(
            lines.into_string(),
            "ORGANIZER;CN=\"Ann: B\":mailto:a@b.c\r\nDTSTART;VALUE=DATE:20210216\r\nSUMMARY:a\\, b\r\n"
        );
    }
}
