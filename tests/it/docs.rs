//! The troubleshooting messages quoted in the docs are the program's real ones: each
//! quoted line must appear in the output recorded for the broken projects of the tests.

use crate::common;

use std::path::Path;

fn recorded_output() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = String::new();
    for entry in std::fs::read_dir(root.join("tests/corpus")).unwrap() {
        let expected = entry.unwrap().path().join("expected.txt");
        if expected.exists() {
            all.push_str(&std::fs::read_to_string(expected).unwrap());
        }
    }
    all.push_str(
        &std::fs::read_to_string(
            root.join(
                "tests/it/snapshots/it__check__every_kind_of_problem_is_reported_at_once.snap",
            ),
        )
        .unwrap(),
    );
    all.push_str(&outside_the_corpus());
    all
}

/// What the commands print for cases a corpus project cannot hold (links, a runaway theme,
/// `new`, a missing project), run here for real.
fn outside_the_corpus() -> String {
    let run = |dir: &Path, args: &[&str]| {
        let out = common::whenwhere().args(args).current_dir(dir).output().unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("cal");
    let mut all = run(tmp.path(), &["init", "-q", "--year", "2021", "cal"]);
    all += &run(&project, &["new", "Annual Retreat", "--date", "3 Mar 2022"]);
    all += &run(&project, &["build", "/nonexistent"]);
    let body = "### Title\n\nForum\n\n### Date\n\nFbe 3\n";
    std::fs::write(tmp.path().join("body.md"), body).unwrap();
    all += &run(&project, &["new", "--from-issue-form", "../body.md"]);
    let templates = project.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% for i in range(100000) %}{{ \"x\" * 100000 }}{% endfor %}",
    )
    .unwrap();
    all += &run(&project, &["build"]);
    #[cfg(unix)]
    {
        std::fs::create_dir_all(project.join("content/2026")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", project.join("content/2026/x.toml")).unwrap();
        all += &run(&project, &["check"]);
    }
    all
}

/// Lines of ```text blocks that quote a diagnostic or its help.
fn quoted(doc: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_text = false;
    for line in doc.lines() {
        match line.trim_end() {
            "```text" => in_text = true,
            "```" => in_text = false,
            l if in_text
                && (l.contains(": error: ")
                    || l.contains(": warning: ")
                    || l.starts_with("error: ")
                    || l.starts_with("  = help: ")) =>
            {
                lines.push(l.to_string())
            }
            _ => {}
        }
    }
    lines
}

#[test]
fn quoted_messages_are_real() {
    let recorded = recorded_output();
    for doc in ["docs/editors-guide.md", "README.md"] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
        let lines = quoted(&text);
        assert!(!lines.is_empty() || doc == "README.md", "{doc} quotes no message");
        for line in lines {
            assert!(
                recorded.lines().any(|r| r == line),
                "{doc} quotes a message the program does not print:\n{line}"
            );
        }
    }
}

/// The rows of the markdown table that follows `heading` in `doc`, cells trimmed.
fn table_after(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc.find(heading).unwrap_or_else(|| panic!("no {heading:?}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The `code` parts of a cell.
fn examples(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// Every date of the guide's "Dates you can write" table, in all three languages, reads as
/// a date of 2021; each refused form says what the guide says it says.
#[test]
fn the_guides_dates_are_read_as_it_says() {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors-guide.md"),
    )
    .unwrap();
    let rows = table_after(&guide, "#### Dates you can write");
    assert!(rows.len() >= 8, "{rows:?}");
    let mut count = 0;
    for row in &rows {
        for cell in &row[1..4] {
            for date in examples(cell) {
                let parsed = whenwhere::date::parse(date, Some(2021));
                assert!(parsed.is_ok(), "the guide's {date:?} does not parse: {parsed:?}");
                count += 1;
            }
        }
        let shown = examples(&row[4]);
        if let (Some(shown), Some(first)) = (shown.first(), examples(&row[1]).first()) {
            let parsed = whenwhere::date::parse(first, Some(2021)).unwrap();
            let locale = whenwhere::locale::Locale::of("en");
            assert_eq!(parsed.short(locale), *shown, "{first:?}");
        }
    }
    assert!(count >= 25, "only {count} dates in the guide's table");
    let refused = table_after(&guide, "`check` says what to\nwrite instead");
    assert!(refused.len() >= 5, "{refused:?}");
    for row in refused {
        let written = examples(&row[0]);
        for also in &written[1..] {
            assert!(whenwhere::date::parse(also, Some(2021)).is_err(), "{also:?} is read");
        }
        if let Some(written) = written.first() {
            let e = whenwhere::date::parse(written, Some(2021)).unwrap_err();
            let said = row[1].replace('`', "");
            assert!(
                e.to_string().replace('`', "").contains(&said)
                    || said.contains(&e.to_string().replace('`', "")),
                "{written:?}: the guide says {said:?}, check says {e}"
            );
            let instead =
                examples(&row[2])[0].trim_start_matches("date = \"").trim_end_matches('"');
            let help = e.kind.help().unwrap();
            assert!(help.contains(instead), "{written:?}: help {help:?} lacks {instead:?}");
        }
    }
}
