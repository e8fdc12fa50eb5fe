//! The diagnostic renderer on any line and any span, long and hostile: what it prints is
//! bounded, holds no raw control character, one line per line it means, and the carets
//! fit the line they underline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whenwhere::diagnostic::{ContentProblem, Source};
use whenwhere::report::{self, text};

fuzz_target!(|input: (&str, &str, u16, u16, u8)| {
    let (content, name, start, length, repeat) = input;
    // Repeating the input makes lines long enough to be cut, without megabyte inputs.
    let content = content.repeat(usize::from(repeat % 64) + 1);
    let start = usize::from(start) * content.len().max(1) / usize::from(u16::MAX);
    let span = start..start + usize::from(length);
    let src = Source::new(format!("content/{name}.toml"), content.as_str());
    let problem =
        ContentProblem::UnknownTag { tag: content.clone(), suggestion: Some(name.into()), known: vec![] };
    let d = src.error(span, problem);
    let human = report::human(std::slice::from_ref(&d));
    let github = report::github(std::slice::from_ref(&d));
    for out in [&human, &github] {
        assert!(!out.contains(['\r', '\u{1b}', '\u{7}', '\u{202e}', '\u{85}']), "{out:?}");
        // Nothing a GitHub Actions runner would read as a workflow command of the input's.
        assert!(!out.contains("##["), "{out:?}");
        // Message, hint and line are bounded in columns, at most 4 bytes each; the path is not.
        assert!(out.len() < 16 * 1024 + 2 * 10 * name.len(), "{} bytes", out.len());
    }
    assert_eq!(github.lines().count(), 1, "{github:?}");
    // The location, blank gutter, the line, the carets, the help, blank, the summary.
    let lines: Vec<&str> = human.lines().collect();
    assert_eq!(lines.len(), 7, "{human:?}");
    let (shown, carets) = (lines[2], lines[3]);
    let gutter = shown.find(" | ").expect("a gutter") + 3;
    let line_width = text::width(&shown[gutter..]);
    let caret_end = text::width(&carets[gutter.min(carets.len())..]);
    assert!(line_width <= text::LINE_MAX, "{shown:?}");
    assert!(caret_end <= line_width.max(1) + 1, "{shown:?}\n{carets:?}");
});
