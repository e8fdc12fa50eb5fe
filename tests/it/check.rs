//! `whenwhere check`, run as a user runs it, on the shipped calendar and on fixtures.

use crate::common;

/// Runs the built binary in this repository; returns (success, stderr).
fn whenwhere(args: &[&str]) -> (bool, String) {
    common::outcome(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

#[test]
fn the_shipped_2021_calendar_is_clean_and_complete() {
    let (ok, stderr) = whenwhere(&["check", "."]);
    assert_eq!(
        stderr,
        "2 events in 2022, a later edition (current: 2021)\n44 events, 0 errors\nfr: 67 texts not translated, shown in en\nes: 67 texts not translated, shown in en\n"
    );
    assert!(ok);
}

/// One broken file per kind of problem: all reported in one run, in file order.
#[test]
fn every_kind_of_problem_is_reported_at_once() {
    let (ok, stderr) = whenwhere(&["check", "tests/fixtures/broken"]);
    assert!(!ok, "errors must fail the command");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_folder_without_calendar_toml_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, stderr) = whenwhere(&["check", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "calendar.toml: error: no calendar.toml in this folder\n  = help: run the command in a calendar project, or give its folder: `whenwhere check path/to/calendar`\n\n1 error in 1 file\n"
    );
}

#[test]
fn quiet_check_prints_nothing_when_clean() {
    let (ok, stderr) = whenwhere(&["check", "-q", "."]);
    assert!(ok);
    assert_eq!(stderr, "");
}
