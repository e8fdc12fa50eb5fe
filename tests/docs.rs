//! The troubleshooting messages quoted in the docs are the program's real ones: each
//! quoted line must appear in the output recorded for the broken projects of the tests.

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
            root.join("tests/snapshots/check__every_kind_of_problem_is_reported_at_once.snap"),
        )
        .unwrap(),
    );
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
            l if in_text && (l.contains(": error: ") || l.starts_with("  = help: ")) => {
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
