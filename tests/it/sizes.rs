//! What a reader or a subscriber downloads stays small however many years a project
//! keeps: the root and tag feeds hold the current edition and later ones, `events.atom`
//! the 100 most recently updated events, `embed.html` the edition's next `embed_limit`
//! events; `events.json` and the year feeds hold the rest.

use std::path::Path;

use crate::common;

/// The events of a generated project of three editions (2020 to 2022), 40 a year: each
/// one day, `(year, month, day, slug, updated, tagged)`, every `updated` a different day.
fn generated() -> Vec<(i32, u32, u32, String, chrono::NaiveDate, bool)> {
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut events = Vec::new();
    for (y, year) in (2020..=2022).enumerate() {
        for k in 0..40u32 {
            let n = y as u32 * 40 + k;
            // Scrambled, so that the most recently updated are not the latest dates.
            let updated = first + chrono::Days::new(u64::from(n * 37 % 120) * 3);
            let (month, day) = (k % 12 + 1, k / 12 * 7 + 1);
            events.push((year, month, day, format!("e{year}-{k:02}"), updated, k % 3 == 0));
        }
    }
    events
}

/// Builds the generated project, with `year = 2021` and `embed_limit = 7`, as of 15 June
/// 2021 (`SOURCE_DATE_EPOCH`), plus one event of 2020 that runs into 2021.
fn build() -> tempfile::TempDir {
    let calendar =
        "title = \"Years\"\nbase_url = \"https://example.org/y/\"\nyear = 2021\nembed_limit = 7\n";
    let mut files = vec![("calendar.toml".to_string(), calendar.to_string())];
    for (year, month, day, slug, updated, tagged) in generated() {
        let month = chrono::Month::try_from(month as u8).unwrap().name();
        let tags = if tagged { "[\"diplomacy\"]" } else { "[]" };
        let text = format!(
            "title = \"Event {slug}\"\ndate = \"{day} {month}\"\ntags = {tags}\nupdated = {updated}\n"
        );
        files.push((format!("content/{year}/{slug}.toml"), text));
    }
    let across = "title = \"Across\"\ndate = \"28 Dec - 3 Jan 2021\"\ntags = [\"diplomacy\"]\nupdated = 2019-01-01\n";
    files.push(("content/2020/across.toml".into(), across.into()));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = common::project(&files);
    let out = common::whenwhere()
        .args(["build", "-q"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1623715200") // 2021-06-15T00:00:00Z
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(file)).unwrap()
}

/// The slugs of a feed's events, from their UIDs (`<slug>@<host>`), sorted.
fn uids(dir: &Path, file: &str) -> Vec<String> {
    let mut slugs: Vec<String> = read(dir, file)
        .split("\r\nUID:")
        .skip(1)
        .map(|rest| rest[..rest.find('@').unwrap()].to_string())
        .collect();
    slugs.sort();
    slugs
}

#[test]
fn the_root_feeds_hold_the_current_edition_and_later_and_the_year_feeds_the_rest() {
    let tmp = build();
    let dir = tmp.path();
    let slugs = |keep: &dyn Fn(i32, bool) -> bool| -> Vec<String> {
        let mut s: Vec<String> =
            generated().into_iter().filter(|e| keep(e.0, e.5)).map(|e| e.3).collect();
        s.sort();
        s
    };
    let with = |mut s: Vec<String>, extra: &str| {
        s.push(extra.to_string());
        s.sort();
        s
    };
    // The event of 2020 that runs into 2021 is in the current feeds, as on the root index.
    assert_eq!(uids(dir, "calendar.ics"), with(slugs(&|y, _| y >= 2021), "across"));
    assert_eq!(uids(dir, "tags/diplomacy.ics"), with(slugs(&|y, t| y >= 2021 && t), "across"));
    assert_eq!(uids(dir, "2020/calendar.ics"), with(slugs(&|y, _| y == 2020), "across"));
    assert_eq!(uids(dir, "2022/calendar.ics"), slugs(&|y, _| y == 2022));
    // events.json still holds every event.
    assert_eq!(read(dir, "events.json").matches("\"slug\":").count(), 121);
}

#[test]
fn the_atom_feeds_hold_the_hundred_most_recently_updated_events_newest_first() {
    let tmp = build();
    let dir = tmp.path();
    let updated = |file: &str| -> Vec<String> {
        let atom = read(dir, file);
        atom.split("<entry>")
            .skip(1)
            .map(|e| e[e.find("<updated>").unwrap() + 9..e.find("</updated>").unwrap()].to_string())
            .collect()
    };
    let mut expected: Vec<String> =
        generated().iter().map(|e| format!("{}T00:00:00Z", e.4)).collect();
    expected.sort_by(|a, b| b.cmp(a));
    expected.truncate(100);
    assert_eq!(updated("events.atom"), expected);
    // A tag's feed has fewer than 100 events: all of them, newest first.
    let mut tagged: Vec<String> =
        generated().iter().filter(|e| e.5).map(|e| format!("{}T00:00:00Z", e.4)).collect();
    tagged.push("2019-01-01T00:00:00Z".into());
    tagged.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated("tags/diplomacy.atom"), tagged);
}

#[test]
fn the_embed_lists_the_current_editions_next_events_up_to_its_limit() {
    let tmp = build();
    let embed = read(tmp.path(), "embed.html");
    let shown: Vec<&str> = embed
        .split("<a class=\"title\"")
        .skip(1)
        .map(|a| &a[a.find("Event ").unwrap() + 6..a.find("</a>").unwrap()])
        .collect();
    // 2021's events in list order, from the first not over on 15 June, seven of them.
    let mut next: Vec<(u32, u32, String)> = generated()
        .into_iter()
        .filter(|e| e.0 == 2021 && (e.1, e.2) >= (6, 15))
        .map(|e| (e.1, e.2, e.3))
        .collect();
    next.sort();
    let next: Vec<&str> = next.iter().take(7).map(|e| e.2.as_str()).collect();
    assert_eq!(shown, next);
}

#[test]
fn an_embed_limit_out_of_range_is_refused() {
    for (value, message) in [
        ("0", "`embed_limit` should be a whole number from 1 to 500, not 0"),
        ("501", "`embed_limit` should be a whole number from 1 to 500, not 501"),
        ("\"30\"", "`embed_limit` should be a whole number, not text"),
    ] {
        let calendar = format!("{}embed_limit = {value}\n", common::CALENDAR);
        let dir = common::project(&[("calendar.toml", calendar.as_str())]);
        let (ok, stderr) = common::outcome(dir.path(), &["check"]);
        assert!(!ok && stderr.contains(message), "{value}: {stderr}");
    }
}
