//! The new date forms through a whole build: where a year's dates to be confirmed are
//! listed and what feeds and `events.json` say of them; hours written in the date.

use crate::common;

use std::path::Path;

fn build(events: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\ntimezone = \"Europe/Madrid\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/2021")).unwrap();
    for (slug, body) in events {
        std::fs::write(root.join(format!("content/2021/{slug}.toml")), body).unwrap();
    }
    let out = common::whenwhere()
        .args(["build", "-q", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1612137600")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    (dir, stderr)
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path)).unwrap()
}

#[test]
fn a_years_dates_to_be_confirmed_come_after_the_last_month_and_stay_out_of_calendars() {
    let (dir, _) = build(&[
        ("unknown", "title = \"Unknown\"\ndate = \"Dates to be confirmed\"\n"),
        ("espanol", "title = \"Español\"\ndate = \"fechas por confirmar\"\n"),
        ("dec", "title = \"December\"\ndate = \"3 Dec\"\n"),
        ("feb", "title = \"February\"\ndate = \"du 15 au 22 févr.\"\n"),
    ]);
    let root = dir.path();
    let index = read(root, "index.html");
    let headings: Vec<&str> = index
        .lines()
        .filter(|l| l.starts_with("  <h2 id=\"2021-"))
        .filter_map(|l| l.split_once("-h\">")?.1.strip_suffix("</h2>"))
        .collect();
    assert_eq!(headings, ["February", "December", "Dates to be confirmed"]);
    assert!(index.contains("<li><a href=\"#2021-tbc\">TBC</a></li>"), "month navigation");
    assert!(index.contains("<time datetime=\"2021\">(tbc) 2021</time>"));
    // After the last month: both undated events, in title order.
    let undated = &index[index.find("Dates to be confirmed").unwrap()..];
    assert!(undated.find("Español").unwrap() < undated.find("Unknown").unwrap());

    let page = read(root, "events/unknown.html");
    assert!(page.contains("<time datetime=\"2021\">2021</time>"), "{page}");
    assert!(!page.contains(".ics\" download"), "no calendar file to add");
    assert!(!page.contains("calendar.google.com/calendar/render"), "no day for Google");
    assert!(!root.join("public/events/unknown.ics").exists());
    assert!(root.join("public/events/dec.ics").exists());
    let feed = read(root, "calendar.ics");
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2, "{feed}");
    assert!(!feed.contains("Unknown"));

    let json: serde_json::Value = serde_json::from_str(&read(root, "events.json")).unwrap();
    let unknown =
        json["events"].as_array().unwrap().iter().find(|e| e["slug"] == "unknown").unwrap().clone();
    assert_eq!(unknown["precision"], "year");
    assert_eq!(unknown["start"], "2021-01-01");
    assert_eq!(unknown["end"], "2021-12-31");
    assert_eq!(unknown["tentative"], true);
    assert!(unknown["ics"].is_null());
}

#[test]
fn hours_in_the_date_make_a_timed_event() {
    let (dir, _) = build(&[
        ("cet", "title = \"CET\"\ndate = \"9 March, 09:00-10:30 CET\"\n"),
        ("madrid", "title = \"Madrid\"\ndate = \"16 Feb 2021 09:00–10:30 Europe/Madrid\"\n"),
        ("calendar-zone", "title = \"Calendar zone\"\ndate = \"25 Feb, 9:00 - 10:30\"\n"),
        ("key", "title = \"Key\"\ndate = \"25 Feb\"\ntime = \"9:00-10:30\"\n"),
    ]);
    let root = dir.path();
    let cases = [
        // The abbreviation readers know, the zone's name as the title (issue 31).
        (
            "cet",
            "<span title=\"Europe/Brussels\">09:00–10:30 CET</span>",
            "DTSTART:20210309T080000Z",
        ),
        (
            "madrid",
            "<span title=\"Europe/Madrid\">09:00–10:30 CET</span>",
            "DTSTART:20210216T080000Z",
        ),
        (
            "calendar-zone",
            "<span title=\"Europe/Madrid\">09:00–10:30 CET</span>",
            "DTSTART:20210225T080000Z",
        ),
    ];
    for (slug, shown, dtstart) in cases {
        let page = read(root, &format!("events/{slug}.html"));
        assert!(page.contains(shown), "{slug}: {page}");
        let ics = read(root, &format!("events/{slug}.ics"));
        assert!(ics.contains(dtstart), "{slug}: {ics}");
    }
    // The same hours written as the `time` key give the same VEVENT times.
    let from_key = read(root, "events/key.ics");
    let from_date = read(root, "events/calendar-zone.ics");
    let times = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter(|l| l.starts_with("DTSTART") || l.starts_with("DTEND"))
            .map(String::from)
            .collect()
    };
    assert_eq!(times(&from_key), times(&from_date));
}

/// Forms of other networks' calendars through a build: abbreviations and fixed offsets in
/// the page, the feeds and `events.json`; hours before the day; and the readings that
/// could mean something else, warned of with their place while the site is still built.
#[test]
fn other_networks_forms_build_with_their_warnings() {
    let (dir, stderr) = build(&[
        ("edt", "title = \"EDT\"\ndate = \"2021-10-09 19:00:00-21:00:00 EDT\"\n"),
        ("offset", "title = \"Offset\"\ndate = \"12 Mar, 19:45-21:15 -03\"\n"),
        ("plus", "title = \"Plus\"\ndate = \"12 Mar 09:00 +05:30\"\n"),
        ("french", "title = \"French\"\ndate = \"9h00 - 10h30, 12 mai\"\n"),
        ("key", "title = \"Key\"\ndate = \"12 Mar\"\ntime = \"14h\"\ntimezone = \"UTC+2\"\n"),
        ("winter", "title = \"Winter\"\ndate = \"15 Jan, 10:00-11:00 CEST\"\n"),
        ("either", "title = \"Either\"\ndate = \"03/04/2021\"\n"),
    ]);
    let root = dir.path();
    let cases = [
        (
            "edt",
            "<span title=\"America/New_York\">19:00–21:00 EDT</span>",
            "DTSTART:20211009T230000Z",
        ),
        ("offset", "<span title=\"-03:00\">19:45–21:15 UTC-03</span>", "DTSTART:20210312T224500Z"),
        ("plus", "<span title=\"+05:30\">09:00 UTC+05:30</span>", "DTSTART:20210312T033000Z"),
        (
            "french",
            "<span title=\"Europe/Madrid\">09:00–10:30 CEST</span>",
            "DTSTART:20210512T070000Z",
        ),
        ("key", "<span title=\"+02:00\">14:00 UTC+02</span>", "DTSTART:20210312T120000Z"),
        // CEST in January: Brussels' own time that day, CET.
        (
            "winter",
            "<span title=\"Europe/Brussels\">10:00–11:00 CET</span>",
            "DTSTART:20210115T090000Z",
        ),
    ];
    for (slug, shown, dtstart) in cases {
        let page = read(root, &format!("events/{slug}.html"));
        assert!(page.contains(shown), "{slug}: {page}");
        let ics = read(root, &format!("events/{slug}.ics"));
        assert!(ics.contains(dtstart), "{slug}: {ics}");
        assert!(!ics.contains("TZID"), "{slug}: times are in UTC");
    }
    // Google's form takes IANA names only: a fixed offset's hours go in UTC alone.
    let offset = read(root, "events/offset.html");
    assert!(!offset.contains("ctz="), "{offset}");
    assert!(read(root, "events/edt.html").contains("ctz=America%2FNew_York"));
    let json: serde_json::Value = serde_json::from_str(&read(root, "events.json")).unwrap();
    let time = |slug: &str| {
        let events = json["events"].as_array().unwrap();
        events.iter().find(|e| e["slug"] == slug).unwrap()["time"].clone()
    };
    assert_eq!(
        time("offset"),
        serde_json::json!({"start": "19:45", "end": "21:15", "timezone": "-03:00"})
    );
    assert_eq!(time("edt")["timezone"], "America/New_York");
    let either = json["events"].as_array().unwrap().iter().find(|e| e["slug"] == "either").unwrap();
    assert_eq!(either["start"], "2021-04-03");
    // The warnings, where they are, on a build that succeeds.
    for warning in [
        "content/2021/either.toml:2:9: warning: `03/04/2021` is read day first, as 3 April 2021",
        "content/2021/winter.toml:2:29: warning: `CEST` is summer time, but on 15 January 2021 Europe/Brussels is on winter time (CET, UTC+01)",
    ] {
        assert!(stderr.contains(warning), "{warning}\n{stderr}");
    }
    assert_eq!(stderr.matches("warning: ").count(), 2, "{stderr}");
}
