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
    all.push_str(&outside_the_corpus());
    all
}

/// What the commands print for cases a corpus project cannot hold (links, a runaway theme,
/// `new`, a missing project), run here for real.
fn outside_the_corpus() -> String {
    let run = |dir: &Path, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_whenwhere"))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("cal");
    let mut all = run(tmp.path(), &["init", "-q", "--year", "2021", "cal"]);
    all += &run(&project, &["new", "Annual Retreat", "--date", "3 Mar 2022"]);
    all += &run(&project, &["build", "/nonexistent"]);
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
