//! `whenwhere check`, run as a user runs it, on the shipped calendar and on fixtures.

use crate::common;

/// Runs the built binary in this repository; returns (success, stderr). Git is kept out
/// (`GIT_DIR` names no repository): these tests are of the calendar's content, whatever
/// clone it is in (a shallow one, or one with uncommitted work, is warned of).
fn whenwhere(args: &[&str]) -> (bool, String) {
    let out = common::whenwhere()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GIT_DIR", "/nonexistent/.git")
        .output()
        .expect("the binary runs");
    (out.status.success(), common::stderr(&out))
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

/// `--untranslated fr` lists, under French's count, as many texts as it counts, each at
/// the line of its file where its key is written; Spanish's is left out.
#[test]
fn untranslated_lists_each_text_the_count_counts_at_its_file_and_line() {
    let (ok, stderr) = whenwhere(&["check", ".", "--untranslated", "fr"]);
    assert!(ok, "{stderr}");
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("fr: "));
    let heading = lines.next().expect("French's heading");
    assert_eq!(heading, "fr: 67 texts not translated, shown in en");
    let listed: Vec<&str> = lines.collect();
    assert_eq!(listed.len(), 67, "{stderr}");
    for line in [
        "content/2021/7-keys-workshop-xian.toml:1: title",
        "content/2021/7-keys-workshop-xian.toml:5: location",
        "content/2021/global-mayors-forum.toml:8: description",
        "content/2022/world-metropolitan-day-2022.toml:3: title",
    ] {
        assert!(listed.contains(&line), "{line} not in {stderr}");
    }
    for line in &listed {
        let (place, key) = line.split_once(": ").expect("file:line: key");
        let (file, n) = place.rsplit_once(':').expect("file:line");
        let text = std::fs::read_to_string(file).expect("a file of the calendar");
        let n: usize = n.parse().expect("a line number");
        let written = text.lines().nth(n - 1).expect("the line is in the file");
        assert!(written.starts_with(&format!("{key} =")), "{line}: {written}");
    }
    assert!(!stderr.contains("es: "), "{stderr}");
}

#[test]
fn untranslated_in_a_language_the_calendar_lacks_names_its_languages() {
    let (ok, stderr) = whenwhere(&["check", ".", "--untranslated", "de", "-q"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("error: `de` is not a language this calendar is translated into; its languages are en (the default), fr, es\n"),
        "{stderr}"
    );
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
    // A command's problem, not a file's: no "1 error in 1 file" after it.
    assert_eq!(
        stderr,
        format!(
            "error: no calendar project at {} (no calendar.toml there)\n  = help: give the folder that holds calendar.toml: whenwhere check path/to/calendar, or make a new project with whenwhere init\n",
            dir.path().display()
        )
    );
}

#[test]
fn quiet_check_prints_nothing_when_clean() {
    let (ok, stderr) = whenwhere(&["check", "-q", "."]);
    assert!(ok);
    assert_eq!(stderr, "");
}

/// What a small `calendar.toml` could make a build write is bounded: language codes are
/// BCP 47 tags that name no folder of the site, and there are at most a dozen; events are
/// in at most a hundred years. Each is an error of `check`, so `build` writes nothing.
#[test]
fn languages_and_editions_that_would_multiply_the_site_are_refused() {
    let event = |year: i32| {
        (
            format!("content/{year}/e{year}.toml"),
            format!("title = \"E\"\ndate = \"1 Mar {year}\"\n"),
        )
    };
    let cases = [
        (
            "languages = [\"en\", \"events\", \"fr_FR\"]\n",
            "calendar.toml:4:20: error: `events` is the name of a folder of the site, so it cannot be a language's folder\n  |\n4 | languages = [\"en\", \"events\", \"fr_FR\"]\n  |                    ^^^^^^^^\n  = help: write the language's BCP 47 code, such as `fr` or `pt-BR`\n\ncalendar.toml:4:30: error: `fr_FR` is not a language code\n  |\n4 | languages = [\"en\", \"events\", \"fr_FR\"]\n  |                              ^^^^^^^\n  = help: write a BCP 47 code such as `fr` or `pt-BR`\n\n2 errors in 1 file\n",
        ),
        (
            "languages = [\"en\", \"fr\", \"es\", \"de\", \"it\", \"pt\", \"ca\", \"nl\", \"sv\", \"da\", \"fi\", \"pl\", \"cs\"]\n",
            "calendar.toml:4:86: error: `languages` lists 13 items; the most is 12\n  |\n4 | …es\", \"de\", \"it\", \"pt\", \"ca\", \"nl\", \"sv\", \"da\", \"fi\", \"pl\", \"cs\"]\n  |                                                             ^^^^\n  = help: keep the ones readers need\n\n1 error in 1 file\n",
        ),
    ];
    for (languages, expected) in cases {
        let calendar = format!("{}{languages}", common::CALENDAR);
        let dir = common::project(&[("calendar.toml", calendar)]);
        let (ok, stderr) = common::outcome(dir.path(), &["check"]);
        assert_eq!((ok, stderr.as_str()), (false, expected), "{languages}");
    }
    let years: Vec<(String, String)> = (1900..2001).map(event).collect();
    let years: Vec<(&str, &String)> = years.iter().map(|(p, t)| (p.as_str(), t)).collect();
    let dir = common::project(&years);
    let (ok, stderr) = common::outcome(dir.path(), &["build"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("content: error: the events are in 101 different years, from 1900 to 2000; the most is 100\n"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());
}

/// U+FFFE and U+FFFF, which XML refuses (one would make `events.atom` unreadable), are
/// refused like control characters; fullwidth letters, encoded alike, are text.
#[test]
fn characters_xml_refuses_are_refused_in_every_text() {
    let dir = common::project(&[
        ("content/a.toml", "title = \"A\u{FFFE}B\"\ndate = \"1 Mar\"\n"),
        ("content/b.toml", "title = \"Ｔｏｋｙｏ\"\ndate = \"2 Mar\"\nlocation = \"x\u{FFFF}\"\n"),
    ]);
    let (ok, stderr) = common::outcome(dir.path(), &["check"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "content/a.toml:1:11: error: `title` contains U+FFFE, which is not a character\n  |\n1 | title = \"A\\u{fffe}B\"\n  |           ^^^^^^^^\n  = help: remove it: it shows as nothing, and XML (the Atom feed) refuses it\n\ncontent/b.toml:3:14: error: `location` contains U+FFFF, which is not a character\n  |\n3 | location = \"x\\u{ffff}\"\n  |              ^^^^^^^^\n  = help: remove it: it shows as nothing, and XML (the Atom feed) refuses it\n\n2 errors in 2 files\n"
    );
}
