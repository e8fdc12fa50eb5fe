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
