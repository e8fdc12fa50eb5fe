//! Broken and hostile content: each folder of tests/corpus/ is a calendar project, and its
//! `expected.txt` is exactly what `whenwhere check` must say about it. A few cases that
//! git cannot hold well (a 1 MB title, a symlink loop) are made here.
//!
//! `INSTA_UPDATE=always cargo test --test it corpus::` rewrites the expected files, with the
//! insta snapshots' own switch, so that every golden is updated one way (docs/testing.md);
//! read the diff.

use crate::common;

use std::path::{Path, PathBuf};

fn check(project: &Path) -> (bool, String) {
    let out = common::whenwhere().arg("check").arg(project).output().unwrap();
    (out.status.success(), common::stderr(&out))
}

/// Whether the run rewrites goldens: insta's `INSTA_UPDATE`, at the values that make it write
/// a changed snapshot in place.
fn updating_goldens() -> bool {
    matches!(std::env::var("INSTA_UPDATE").as_deref(), Ok("always" | "force"))
}

fn compare(case: &str, project: &Path, expected_file: &Path) {
    let (ok, stderr) = check(project);
    if updating_goldens() {
        std::fs::write(expected_file, &stderr).unwrap();
    }
    let expected = std::fs::read_to_string(expected_file)
        .unwrap_or_else(|_| panic!("{case}: no expected.txt (run with INSTA_UPDATE=always)"));
    assert_eq!(stderr, expected, "{case}: the diagnostics changed");
    let last = expected.lines().last().unwrap_or("");
    assert_eq!(
        ok,
        last.contains(" events, 0 errors") || last.contains(" event, 0 errors"),
        "{case}: exit status"
    );
}

#[test]
fn every_case_reports_exactly_what_is_expected() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "the corpus lost cases: {cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // Paths in messages are relative to the project: run from inside it.
        compare(&name, &case, &case.join("expected.txt"));
    }
}

#[test]
fn a_one_megabyte_title_is_refused() {
    let title = "A".repeat(1 << 20);
    let dir = common::project::<&[u8]>(&[(
        "content/big.toml",
        format!("title = \"{title}\"\ndate = \"16 Feb\"\n").as_bytes(),
    )]);
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    let first = stderr.lines().next().unwrap();
    assert_eq!(
        first,
        "content/big.toml:1:9: error: `title` is 1048576 characters long; the most is 300"
    );
    assert!(stderr.contains("= help: shorten `title`; longer text belongs in `description`"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_content_is_reported_not_followed_forever() {
    let dir =
        common::project::<&[u8]>(&[("content/2021/a.toml", b"title = \"A\"\ndate = \"16 Feb\"\n")]);
    std::os::unix::fs::symlink("..", dir.path().join("content/2021/loop")).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert_eq!(
        stderr,
        "content/2021/loop: error: cannot read this: a link loops back to content\n\n1 error in 1 file\n"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_event_file_is_read() {
    let dir =
        common::project::<&[u8]>(&[("elsewhere/a.toml", b"title = \"A\"\ndate = \"16 Feb\"\n")]);
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere/a.toml"),
        dir.path().join("content/a.toml"),
    )
    .unwrap();
    assert_eq!(check(dir.path()), (true, "1 event, 0 errors\n".to_string()));
}

#[test]
fn a_file_over_two_megabytes_is_refused_unparsed() {
    let keys = "k = 1\n".repeat(400_000);
    let dir = common::project::<&[u8]>(&[("content/big.toml", keys.as_bytes())]);
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert_eq!(
        stderr,
        "content/big.toml: error: the file is 2,400,000 bytes; the most is 2,097,152\n  = help: no event needs this much: a description holds at most 20,000 characters\n\n1 error in 1 file\n"
    );
}
