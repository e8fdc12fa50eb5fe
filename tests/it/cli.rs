//! Each command end to end in a temporary folder, as an editor runs it.

use crate::common;

use std::path::Path;

use crate::common::{run, stderr};

#[test]
fn init_then_build_needs_no_other_step() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "network-calendar"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let project = tmp.path().join("network-calendar");
    for file in [
        "calendar.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        ".github/workflows/check.yml",
    ] {
        assert!(project.join(file).is_file(), "{file} missing");
    }
    assert_eq!(std::fs::read_to_string(project.join(".gitignore")).unwrap(), "/public/\n");
    let o = run(&project, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("Built 1 event, 5 feeds in "), "{}", stderr(&o));
    assert!(stderr(&o).ends_with(" s → public/\n"), "{}", stderr(&o));
    let index = std::fs::read_to_string(project.join("public/index.html")).unwrap();
    assert!(index.contains("<h1>network-calendar "), "the title comes from the folder");
    assert!(index.contains("Annual Retreat &amp; Campus"));
    let o = run(&project, &["check"]);
    assert_eq!(stderr(&o), "1 event, 0 errors\n");
}

#[test]
fn init_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = run(tmp.path(), &["init", "."]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o), "error: . is not empty; give a new folder's name\n");
    assert_eq!(std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "mine");
}

#[test]
fn init_takes_the_year_and_defaults_to_this_one() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init", "-q", "later", "--year", "2027"]).status.success());
    let calendar = std::fs::read_to_string(tmp.path().join("later/calendar.toml")).unwrap();
    assert!(calendar.contains("\nyear = 2027\n"), "{calendar}");
    assert!(calendar.contains("\nupdated = 2027-01-01\n"), "{calendar}");
    assert!(tmp.path().join("later/content/2027/annual-retreat.toml").is_file());
    let o = run(&tmp.path().join("later"), &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let event = std::fs::read_to_string(tmp.path().join("later/public/events.json")).unwrap();
    assert!(event.contains("2027-02-15"), "{event}");

    assert!(run(tmp.path(), &["init", "-q", "now"]).status.success());
    let this_year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    assert!(tmp.path().join(format!("now/content/{this_year}/annual-retreat.toml")).is_file());

    let o = run(tmp.path(), &["init", "bad", "--year", "0"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("0 is not in 1..=9999"), "{}", stderr(&o));
}

#[test]
fn init_with_languages_builds_every_language_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "-q", "cal", "--year", "2021", "--languages", "en,fr,es"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let calendar = std::fs::read_to_string(tmp.path().join("cal/calendar.toml")).unwrap();
    assert!(calendar.contains("languages = [\"en\", \"fr\", \"es\"]"), "{calendar}");
    let o = run(&tmp.path().join("cal"), &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = tmp.path().join("cal/public");
    for (index, lang) in [("index.html", "en"), ("fr/index.html", "fr"), ("es/index.html", "es")] {
        let html = std::fs::read_to_string(public.join(index)).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{index}");
    }
    assert!(public.join("fr/calendar.ics").is_file() && public.join("es/events.json").is_file());
    // The tags and the subtitle come in French and Spanish: no English label is left on
    // their pages.
    for index in ["fr/index.html", "es/index.html"] {
        let html = std::fs::read_to_string(public.join(index)).unwrap();
        assert!(!html.contains("Urban diplomacy events"), "{index}");
        assert!(!html.contains("Events worth attending"), "{index}");
    }
    let fr = std::fs::read_to_string(public.join("fr/index.html")).unwrap();
    assert!(fr.contains("Évènements de diplomatie urbaine"), "{fr}");
    let es = std::fs::read_to_string(public.join("es/index.html")).unwrap();
    assert!(es.contains("Eventos de fortalecimiento de capacidades"), "{es}");
}

/// The keys of a file of the theme's words.
fn keys(text: &str) -> std::collections::BTreeSet<String> {
    let table: toml::Table = toml::from_str(text).unwrap();
    table.keys().cloned().collect()
}

#[test]
fn init_with_a_language_not_built_in_writes_its_words_to_translate() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "-q", "cal", "--year", "2021", "--languages", "en,de"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let project = tmp.path().join("cal");
    let words = std::fs::read_to_string(project.join("i18n/de.toml")).unwrap();
    let english = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml"),
    )
    .unwrap();
    assert_eq!(keys(&words), keys(&english));
    // One comment above every string, saying where it shows.
    let lines: Vec<&str> = words.lines().collect();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.contains(" = ")) {
        assert!(lines[i - 1].starts_with("# "), "no comment above {line}");
    }
    let o = run(&project, &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let de = std::fs::read_to_string(project.join("public/de/index.html")).unwrap();
    // German pages in English words until translated, each word marked as English where
    // it is an element's text (an attribute cannot carry a `lang` of its own).
    assert!(de.contains("<html lang=\"de\""), "{de}");
    assert!(de.contains(r#"<span lang="en">Skip to the events</span>"#), "{de}");
    let en = std::fs::read_to_string(project.join("public/index.html")).unwrap();
    assert!(!en.contains("<span lang=\"en\">"), "{en}");
    // check lists each of them at its line, after the calendar's own texts.
    let o = run(&project, &["check", "--untranslated", "de"]);
    let listed = stderr(&o);
    let left: Vec<&str> = listed.lines().filter(|l| l.starts_with("i18n/de.toml:")).collect();
    let count = format!("de: {} words of the theme not translated in i18n/de.toml", left.len());
    assert!(listed.contains(&count), "{listed}");
    assert_eq!(left.len(), keys(&english).len());
    let skip = left.iter().find(|l| l.ends_with(": skip")).expect("skip is listed");
    let at: usize = skip["i18n/de.toml:".len()..].split(':').next().unwrap().parse().unwrap();
    assert!(words.lines().nth(at - 1).unwrap().starts_with("skip = "), "{skip}");

    // Without its words, the language fails `check` as it fails `build`, in the same words.
    std::fs::remove_file(project.join("i18n/de.toml")).unwrap();
    let check = run(&project, &["check"]);
    let build = run(&project, &["build"]);
    assert!(!check.status.success() && !build.status.success());
    assert!(
        stderr(&check).starts_with("i18n/de.toml: error: no words for the language `de`"),
        "{}",
        stderr(&check)
    );
    assert!(stderr(&build).starts_with(&stderr(&check)), "{}", stderr(&build));
}

#[test]
fn init_refuses_to_make_a_project_inside_another() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init", "-q", "cal"]).status.success());
    let project = tmp.path().join("cal").canonicalize().unwrap();
    let shown = project.display();
    for (cwd, dir) in [(tmp.path().to_path_buf(), "cal/sub"), (project.join("content"), "x/y")] {
        let o = run(&cwd, &["init", dir]);
        assert!(!o.status.success());
        assert_eq!(
            stderr(&o),
            format!(
                "error: {dir} is inside the calendar project {shown} (it has a calendar.toml); \
                 a project cannot hold another: choose a folder outside it\n"
            )
        );
    }
    let o = run(&project, &["init", "."]);
    assert_eq!(stderr(&o), "error: . is already a calendar project (it has a calendar.toml)\n");
    // A stray calendar.toml in the home folder does not count: the search stops below it.
    std::fs::write(tmp.path().join("calendar.toml"), "").unwrap();
    let o = common::whenwhere()
        .args(["init", "-q", "elsewhere"])
        .current_dir(tmp.path())
        .env("HOME", tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!project.join("sub").exists() && !project.join("content/x").exists());
}

#[test]
fn inits_calendar_toml_explains_every_line_and_where_cname_goes() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init", "-q", "cal"]).status.success());
    let project = tmp.path().join("cal");
    let calendar = std::fs::read_to_string(project.join("calendar.toml")).unwrap();
    let lines: Vec<&str> = calendar.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let setting = !line.trim().is_empty() && !line.starts_with('#');
        let explained = line.contains(" # ") || i > 0 && lines[i - 1].starts_with('#');
        assert!(!setting || explained, "line {} is not explained: {line}", i + 1);
    }
    for key in ["title", "base_url", "year", "updated", "publisher", "language", "edition"] {
        assert!(lines.iter().any(|l| l.starts_with(&format!("{key} = "))), "{key} missing");
    }
    // Uncommented where it stands, `cname` is the site's custom domain.
    let with_cname = calendar.replace("# cname = ", "cname = ");
    assert_ne!(with_cname, calendar);
    std::fs::write(project.join("calendar.toml"), with_cname).unwrap();
    let o = run(&project, &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(project.join("public/CNAME")).unwrap(),
        "events.example.org\n"
    );
}

#[test]
fn new_writes_a_checked_event_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init", "-q", "cal"]).status.success());
    let project = tmp.path().join("cal");
    let o = run(
        &project,
        &[
            "new",
            "São Paulo Forum",
            "--date",
            "(tbc) 3-4 Jun",
            "--tag",
            "diplomacy",
            "--location",
            "São Paulo, Brazil",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let year =
        std::fs::read_dir(project.join("content")).unwrap().next().unwrap().unwrap().file_name();
    let rel = format!("content/{}/sao-paulo-forum.toml", year.to_string_lossy());
    assert_eq!(stderr(&o), format!("created {rel}\n"));
    assert_eq!(
        std::fs::read_to_string(project.join(&rel)).unwrap(),
        "title = \"São Paulo Forum\"\ndate = \"(tbc) 3-4 Jun\"\ntags = [\"diplomacy\"]\nlocation = \"São Paulo, Brazil\"\n"
    );
    let o = run(&project, &["new", "Sao Paulo forum", "--date", "1 Jun"]);
    assert!(!o.status.success());
    let year = year.to_string_lossy();
    assert_eq!(
        stderr(&o),
        format!(
            "error: an event with the slug `sao-paulo-forum` exists already: {rel}\n  = help: edit that file, or give this event another slug: --slug sao-paulo-forum-{year}\n"
        )
    );
    let o = run(&project, &["new", "Other", "--date", "Fbe 3"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        "error: --date \"Fbe 3\": unknown month `Fbe`\n  = help: did you mean `Feb`?\n"
    );
    let o = run(&project, &["check"]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "2 events, 0 errors\n");
}

#[test]
fn build_with_drafts_quiet_and_output() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
    let out = tmp.path().join("site");
    let o = run(
        tmp.path(),
        &["build", "-q", "--drafts", fixture.to_str().unwrap(), "--output", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert!(out.join("events/draft.html").is_file());
    assert!(!fixture.join("public").exists(), "--output is honoured");
}

#[test]
fn every_command_has_help_with_examples() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["check", "build", "init", "new", "serve"] {
        let o = run(tmp.path(), &[command, "--help"]);
        assert!(o.status.success());
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(help.contains("Examples:\n  whenwhere "), "{command}: {help}");
    }
}

/// A project made by `init` for 2021, for outputs that name the year.
fn project_of_2021(tmp: &Path) -> std::path::PathBuf {
    assert!(run(tmp, &["init", "-q", "--year", "2021", "cal"]).status.success());
    tmp.join("cal")
}

#[test]
fn new_refuses_a_slug_of_another_year_and_takes_slug_time_and_timezone() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project_of_2021(tmp.path());
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "Annual Retreat", "--date", "3 Mar 2022"],
            "error: an event with the slug `annual-retreat` exists already: content/2021/annual-retreat.toml\n  = help: edit that file, or give this event another slug: --slug annual-retreat-2022\n",
        ),
        (
            &["new", "Annual Retreat", "--date", "3 Mar 2022", "--slug", "Retreat 2022"],
            "error: --slug \"Retreat 2022\": a slug is lowercase letters, digits and hyphens, at most 100 characters\n  = help: write --slug retreat-2022\n",
        ),
        (
            &["new", "Webinar", "--date", "4 Mar", "--time", "09:00"],
            "error: --time: `time` needs a time zone\n  = help: add --timezone Europe/Madrid (an IANA name), or set `timezone` in calendar.toml\n",
        ),
        (
            &["new", "Webinar", "--date", "4 Mar", "--time", "9am", "--timezone", "Europe/Madrid"],
            "error: --time: `9am` is not a time or time range\n  = help: write --time 09:00 or --time 09:00-10:30 (24-hour clock)\n",
        ),
        (
            &[
                "new",
                "Webinar",
                "--date",
                "4 Mar",
                "--time",
                "09:00",
                "--timezone",
                "Europe/Madird",
            ],
            "error: --timezone: unknown time zone `Europe/Madird`\n  = help: did you mean `Europe/Madrid`?\n",
        ),
        (
            &["new", "Annual Retreat", "--date", "3 Mar 2022", "--slug", "annual-retreat-2022"],
            "created content/2022/annual-retreat-2022.toml\n",
        ),
        (
            &[
                "new",
                "Webinar",
                "--date",
                "4 Mar",
                "--time",
                "09:00-10:30",
                "--timezone",
                "Europe/Madrid",
            ],
            "created content/2021/webinar.toml\n",
        ),
    ];
    for (args, expected) in cases {
        let o = run(&project, args);
        assert_eq!(stderr(&o), *expected, "{args:?}");
        assert_eq!(o.status.success(), expected.starts_with("created"), "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(project.join("content/2021/webinar.toml")).unwrap(),
        "title = \"Webinar\"\ndate = \"4 Mar\"\ntags = []\ntime = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n"
    );
    assert_eq!(
        stderr(&run(&project, &["check"])),
        "1 event in 2022, a later edition (current: 2021)\n3 events, 0 errors\n"
    );
}

#[test]
fn outside_a_project_new_suggests_dir_and_build_says_there_is_no_project() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["new", "Forum", "--date", "1 Feb"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        "error: no calendar project at . (no calendar.toml there)\n  = help: run it in a calendar project or give its folder (--dir path/to/calendar), or make a new project with whenwhere init\n"
    );
    let o = run(tmp.path(), &["build", "/nonexistent"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        "error: no calendar project at /nonexistent (no calendar.toml there)\n  = help: give the folder that holds calendar.toml: whenwhere build path/to/calendar, or make a new project with whenwhere init\n"
    );
    assert!(!Path::new("/nonexistent").exists());
}

#[test]
fn help_shows_quotes_plainly_and_the_main_help_has_examples() {
    let tmp = tempfile::tempdir().unwrap();
    let help = String::from_utf8(run(tmp.path(), &["new", "--help"]).stdout).unwrap();
    assert!(
        help.contains("When, as in an event file: \"16 Feb\", \"15-22 Feb\", \"(tbc) Apr\""),
        "{help}"
    );
    assert!(!help.contains('\\'), "{help}");
    for option in ["--time <TIME>", "--timezone <TIMEZONE>", "--slug <SLUG>"] {
        assert!(help.contains(option), "{option}: {help}");
    }
    let help = String::from_utf8(run(tmp.path(), &["--help"]).stdout).unwrap();
    assert!(help.contains("Examples:\n  whenwhere init my-calendar "), "{help}");
}

#[test]
fn a_year_the_title_ends_with_is_shown_once() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project_of_2021(tmp.path());
    let calendar = std::fs::read_to_string(project.join("calendar.toml")).unwrap();
    let title = calendar.lines().find(|l| l.starts_with("title = ")).unwrap();
    let calendar = calendar.replace(title, "title = \"When & Where 2021\"");
    std::fs::write(project.join("calendar.toml"), calendar).unwrap();
    let o = run(&project, &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = std::fs::read_to_string(project.join("public/index.html")).unwrap();
    let shown: Vec<&str> =
        index.lines().filter(|l| l.contains("When &amp; Where")).map(|l| l.trim()).collect();
    assert_eq!(
        shown,
        [
            "<title>When &amp; Where 2021 </title>",
            "<link rel=\"alternate\" type=\"text/calendar\" title=\"When &amp; Where 2021 (iCalendar)\" href=\"calendar.ics\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"When &amp; Where 2021 (Atom feed)\" href=\"events.atom\">",
            "<h1>When &amp; Where 2021 </h1>",
        ]
    );
}

/// A closed stderr (`whenwhere build 2>&1 | head -1`) stops nothing: each command runs to
/// its end and exits with its own code, never a panic's 101.
#[test]
fn a_closed_stderr_changes_no_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = tmp.path().join("site");
    let cases: [(&[&str], Option<i32>); 4] = [
        (&["check", "broken"], Some(1)),
        (&["build", "broken"], Some(1)),
        (&["check", "site"], Some(0)),
        (&["build", "site", "--output", out.to_str().unwrap()], Some(0)),
    ];
    for (args, code) in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        // Closed before the command starts: its every write to stderr fails.
        drop(reader);
        let status =
            common::whenwhere().args(args).current_dir(&fixtures).stderr(writer).status().unwrap();
        assert_eq!(status.code(), code, "{args:?}");
    }
    assert!(out.join("index.html").is_file(), "the build wrote its site");
}

/// `new` says when another event file has the same title (the same event under another
/// name is a duplicate no check can see), asks for the day of a date of hours alone, and
/// gives a date's warnings as check does.
#[test]
fn new_mentions_an_event_of_the_same_title_and_asks_for_the_day() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project_of_2021(tmp.path());
    let o = run(
        &project,
        &["new", "annual retreat & campus", "--date", "3 Mar", "--slug", "retreat-again"],
    );
    assert!(o.status.success());
    assert_eq!(
        stderr(&o),
        "created content/2021/retreat-again.toml\ncontent/2021/retreat-again.toml: warning: content/2021/annual-retreat.toml has the same title\n  = help: if it is the same event, keep content/2021/annual-retreat.toml and delete this file; if not, tell them apart in their titles\n\n"
    );
    let o = run(&project, &["new", "Webinar", "--date", "09:00 - 10:30 CET"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        "error: --date \"09:00 - 10:30 CET\": the date has hours but no day\n  = help: write the day before the hours, such as `9 March, 09:00-10:30 CET`\n"
    );
    // A date that could be read two ways is written, with the warning check will give it.
    let o = run(&project, &["new", "Forum", "--date", "03/04/2021"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(said.starts_with("created content/2021/forum.toml\n"), "{said}");
    assert!(
        said.contains("content/2021/forum.toml:2:9: warning: `03/04/2021` is read day first"),
        "{said}"
    );
    let check = run(&project, &["check"]);
    assert!(stderr(&check).contains("warning: `03/04/2021` is read day first"));
}
