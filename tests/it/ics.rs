//! iCalendar output, checked line by line, and a site of `.ics` files for the independent
//! parsers of `tests/ics/check`.

use std::path::Path;

use whenwhere::config::{Config, Tag};
use whenwhere::diagnostic::Source;
use whenwhere::event::{Context, Event};
use whenwhere::feature_words::ENGLISH;
use whenwhere::history::History;
use whenwhere::ics::{self, FeedHead};
use whenwhere::links::{self, AddLinks};

/// One event's own `.ics` file, as the build makes it, at the version the calendar's
/// dates give it (no git history here).
fn event_file(config: &Config, event: &Event) -> String {
    let revision = History::default().revision(config, event);
    ics::event_file(config, event, &ics::Vevent::new(config, event, revision))
}

/// A feed of these events as the build writes it, less those feeds leave out.
fn feed(config: &Config, head: &FeedHead, events: &[&Event]) -> String {
    let history = History::default();
    let vevents: Vec<ics::Vevent> = events
        .iter()
        .filter(|e| ics::in_feeds(config, e))
        .map(|e| ics::Vevent::new(config, e, history.revision(config, e)))
        .collect();
    let mut out = Vec::new();
    ics::write_feed(config, head, vevents.iter().map(ics::Vevent::as_str), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

const PRODID: &str =
    concat!("PRODID:-//When & Where//whenwhere ", env!("CARGO_PKG_VERSION"), "//EN");

const CALENDAR: &str = r#"title = "When & Where"
subtitle = "The must-attend events in 2021"
base_url = "https://example.github.io/when-and-where/"
year = 2021
updated = 2021-02-01
"#;

fn config(extra: &str) -> Config {
    Config::parse(&Source::new("calendar.toml", format!("{CALENDAR}{extra}"))).unwrap()
}

fn event(config: &Config, slug: &str, body: &str) -> Event {
    let ctx = Context {
        year: config.year,
        tags: &config.tags,
        timezone: config.timezone,
        languages: &config.languages,
    };
    let src = Source::new(format!("content/2021/{slug}.toml"), body);
    Event::parse(&src, &ctx).unwrap_or_else(|e| panic!("{slug}: {e:?}"))
}

/// An event from its `date` and whatever else.
fn dated(config: &Config, date: &str, rest: &str) -> Event {
    event(config, "e", &format!("title = \"E\"\ndate = \"{date}\"\n{rest}"))
}

/// The content lines, unfolded, without their CRLF.
fn lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").split("\r\n").map(str::to_string).filter(|l| !l.is_empty()).collect()
}

/// The unfolded lines of a property (`DTSTART` matches `DTSTART;VALUE=DATE:...`).
fn props(ics: &str, name: &str) -> Vec<String> {
    lines(ics)
        .into_iter()
        .filter(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with([':', ';'])))
        .collect()
}

/// The whole calendar's feed head.
fn head(c: &Config) -> FeedHead {
    FeedHead::calendar(c)
}

/// An event's "add" links, with no description text.
fn add(c: &Config, e: &Event) -> AddLinks {
    links::add_links(&ENGLISH, c, e, ics::description_text(e).as_deref()).expect("it takes place")
}

fn prop(ics: &str, name: &str) -> String {
    let found = props(ics, name);
    assert_eq!(found.len(), 1, "{name} in {ics}");
    found.into_iter().next().unwrap()
}

#[test]
fn a_whole_event_file() {
    let c = config("");
    let e = event(
        &c,
        "uclg-retreat",
        r#"title = "UCLG Annual Retreat & Campus"
date = "(tbc) 15-22 Feb"
tags = ["diplomacy", "capacity-building"]
location = "Guangzhou, China"
url = "https://example.org/retreat"
organizers = ["UCLG", "Metropolis"]
updated = 2021-01-30
description = """The *yearly* retreat; a week of work, with [the programme](https://example.org/p)."""
"#,
    );
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        PRODID,
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        "CATEGORIES:Urban diplomacy events,Capacity building events",
        "DESCRIPTION:Date: to be confirmed.\\n\\nThe yearly retreat\\; a week of work",
        " \\, with the programme (https://example.org/p).\\n\\nOrganised by: UCLG\\, Met",
        " ropolis\\nWebsite: https://example.org/retreat\\nMore: https://example.githu",
        " b.io/when-and-where/events/uclg-retreat.html",
        "DTEND;VALUE=DATE:20210223",
        "DTSTAMP:20210130T000000Z",
        "DTSTART;VALUE=DATE:20210215",
        "LAST-MODIFIED:20210130T000000Z",
        "LOCATION:Guangzhou\\, China",
        "SEQUENCE:0",
        "STATUS:TENTATIVE",
        "SUMMARY:(tbc) UCLG Annual Retreat & Campus",
        "TRANSP:TRANSPARENT",
        "UID:uclg-retreat@when-and-where.example.github.io",
        "URL:https://example.github.io/when-and-where/events/uclg-retreat.html",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ];
    assert_eq!(event_file(&c, &e), expected.join("\r\n"));
}

#[test]
fn all_day_events_end_on_the_day_after_their_last_day() {
    let c = config("");
    let cases = [
        ("16 Feb", "20210216", "20210217"),
        ("15-22 Feb", "20210215", "20210223"),
        ("28 Feb", "20210228", "20210301"),
        ("31 Aug - 2 Sep", "20210831", "20210903"),
        ("31 Dec", "20211231", "20220101"),
        ("28 Dec 2021 - 3 Jan 2022", "20211228", "20220104"),
        ("(tbc) Apr", "20210401", "20210501"),
        ("Dec", "20211201", "20220101"),
        ("Feb 2024", "20240201", "20240301"),
        ("2024-02-29", "20240229", "20240301"),
    ];
    for (date, start, end) in cases {
        let file = event_file(&c, &dated(&c, date, ""));
        assert_eq!(prop(&file, "DTSTART"), format!("DTSTART;VALUE=DATE:{start}"), "{date}");
        assert_eq!(prop(&file, "DTEND"), format!("DTEND;VALUE=DATE:{end}"), "{date}");
    }
}

#[test]
fn timed_events_are_utc_instants_across_daylight_saving_changes() {
    let c = config("");
    // Europe/Madrid is +01:00 until 28 March 2021 02:00, then +02:00 until 31 October 03:00.
    let cases = [
        ("27 Mar", "09:00-10:30", "Europe/Madrid", "20210327T080000Z", Some("20210327T093000Z")),
        ("28 Mar", "09:00-10:30", "Europe/Madrid", "20210328T070000Z", Some("20210328T083000Z")),
        ("28 Mar", "01:30-03:30", "Europe/Madrid", "20210328T003000Z", Some("20210328T013000Z")),
        ("30 Oct", "09:00-10:30", "Europe/Madrid", "20211030T070000Z", Some("20211030T083000Z")),
        ("31 Oct", "09:00-10:30", "Europe/Madrid", "20211031T080000Z", Some("20211031T093000Z")),
        ("31 Oct", "00:30-04:00", "Europe/Madrid", "20211030T223000Z", Some("20211031T030000Z")),
        // A start alone lasts an hour.
        ("16 Feb", "00:30", "Asia/Tokyo", "20210215T153000Z", Some("20210215T163000Z")),
        // The repeated hour: the first 02:30, and the hour the editor wrote, not two.
        ("31 Oct", "02:30-03:30", "Europe/Madrid", "20211031T003000Z", Some("20211031T013000Z")),
        ("31 Oct", "01:30-02:30", "Europe/Madrid", "20211030T233000Z", Some("20211031T003000Z")),
        ("31 Oct", "02:00-04:00", "Europe/Madrid", "20211031T000000Z", Some("20211031T020000Z")),
        ("14 Mar", "12:00-13:00", "America/New_York", "20210314T160000Z", Some("20210314T170000Z")),
        // Zones as other networks' calendars name them: an abbreviation is its place, an
        // offset is the same all year.
        ("14 Mar", "12:00-13:00", "EDT", "20210314T160000Z", Some("20210314T170000Z")),
        ("28 Mar", "19:45-21:15", "-03", "20210328T224500Z", Some("20210329T001500Z")),
        ("31 Oct", "02:30-03:30", "UTC+2", "20211031T003000Z", Some("20211031T013000Z")),
        ("16 Feb", "9h", "+05:30", "20210216T033000Z", Some("20210216T043000Z")),
    ];
    for (date, time, zone, start, end) in cases {
        let e = dated(&c, date, &format!("time = \"{time}\"\ntimezone = \"{zone}\"\n"));
        let file = event_file(&c, &e);
        assert_eq!(prop(&file, "DTSTART"), format!("DTSTART:{start}"), "{date} {time}");
        let dtend: Vec<String> = end.iter().map(|end| format!("DTEND:{end}")).collect();
        assert_eq!(props(&file, "DTEND"), dtend, "{date} {time}");
        assert!(!file.contains("TZID"), "times are UTC, no time zone needed");
    }
    // The time as written, with its zone, is in the description.
    let e = dated(&c, "28 Mar", "time = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n");
    assert!(
        prop(&event_file(&c, &e), "DESCRIPTION")
            .starts_with("DESCRIPTION:Time: 09:00–10:30 (Europe/Madrid).\\n\\nMore: ")
    );
    let e = dated(&c, "28 Mar, 19:45-21:15 -03", "");
    assert!(
        prop(&event_file(&c, &e), "DESCRIPTION")
            .starts_with("DESCRIPTION:Time: 19:45–21:15 (UTC-03).\\n\\nMore: ")
    );
}

#[test]
fn status_and_transparency_say_what_is_certain() {
    let c = config("");
    // An event's own file is busy time where the event surely is; feeds never are.
    let cases = [
        ("16 Feb", "", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "SUMMARY:E"),
        ("(tbc) 16 Feb", "", "STATUS:TENTATIVE", "TRANSP:TRANSPARENT", "SUMMARY:(tbc) E"),
        ("(tbd) 3-4 Jun", "", "STATUS:TENTATIVE", "TRANSP:TRANSPARENT", "SUMMARY:(tbc) E"),
        ("Apr", "", "STATUS:CONFIRMED", "TRANSP:TRANSPARENT", "SUMMARY:E"),
        ("(tbc) Apr", "", "STATUS:TENTATIVE", "TRANSP:TRANSPARENT", "SUMMARY:(tbc) E"),
        (
            "16 Feb",
            "status = \"cancelled\"",
            "STATUS:CANCELLED",
            "TRANSP:TRANSPARENT",
            "SUMMARY:(cancelled) E",
        ),
        (
            "(tbc) 16 Feb",
            "status = \"Canceled\"",
            "STATUS:CANCELLED",
            "TRANSP:TRANSPARENT",
            "SUMMARY:(cancelled) E",
        ),
        (
            "16 Feb",
            "status = \"postponed\"",
            "STATUS:CANCELLED",
            "TRANSP:TRANSPARENT",
            "SUMMARY:(postponed) E",
        ),
        ("16 Feb", "postponed_from = \"7 Feb\"", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "SUMMARY:E"),
    ];
    for (date, rest, status, transp, summary) in cases {
        let e = dated(&c, date, rest);
        let file = event_file(&c, &e);
        let got = (prop(&file, "STATUS"), prop(&file, "TRANSP"), prop(&file, "SUMMARY"));
        assert_eq!(got, (status.into(), transp.into(), summary.into()), "{date} {rest}");
        let feed = feed(&c, &head(&c), &[&e]);
        assert_eq!(prop(&feed, "TRANSP"), "TRANSP:TRANSPARENT", "{date} {rest}");
        assert_eq!(prop(&feed, "STATUS"), status, "{date} {rest}");
        // The UID stays whatever the status: subscribers see the same event change.
        assert_eq!(prop(&file, "UID"), "UID:e@when-and-where.example.github.io");
    }
    let moved = event_file(&c, &dated(&c, "16 Feb", "postponed_from = \"7 Feb\""));
    assert!(prop(&moved, "DESCRIPTION").starts_with("DESCRIPTION:Postponed from 7 Feb.\\n\\n"));
    let off = event_file(&c, &dated(&c, "16 Feb", "status = \"cancelled\""));
    assert!(prop(&off, "DESCRIPTION").starts_with("DESCRIPTION:Cancelled: this event will not"));
}

#[test]
fn a_month_only_event_says_its_day_is_unknown() {
    let c = config("");
    let file = event_file(&c, &dated(&c, "(tbc) Apr", ""));
    assert_eq!(prop(&file, "SUMMARY"), "SUMMARY:(tbc) E");
    assert_eq!(
        prop(&file, "DESCRIPTION"),
        "DESCRIPTION:Date: to be confirmed\\, some time in April 2021 (the day is not known yet).\\n\\nMore: https://example.github.io/when-and-where/events/e.html"
    );
    let file = event_file(&c, &dated(&c, "Apr", ""));
    assert!(
        prop(&file, "DESCRIPTION")
            .starts_with("DESCRIPTION:Date: some time in April 2021 (the day is not known yet).")
    );
}

#[test]
fn month_only_events_leave_the_feeds_when_omitted_but_keep_their_own_file() {
    let day = |c: &Config| event(c, "day", "title = \"Day\"\ndate = \"16 Feb\"\n");
    let month = |c: &Config| event(c, "month", "title = \"Month\"\ndate = \"(tbc) Apr\"\n");
    let uids = |ics: &str| props(ics, "UID");

    let all = config("[feeds]\nmonth_only = \"all-month\"\n");
    let (d, m) = (day(&all), month(&all));
    assert_eq!(
        uids(&feed(&all, &head(&all), &[&d, &m])),
        ["UID:day@when-and-where.example.github.io", "UID:month@when-and-where.example.github.io"]
    );
    assert!(ics::in_feeds(&all, &m));

    let omit = config("[feeds]\nmonth_only = \"omit\"\n");
    let (d, m) = (day(&omit), month(&omit));
    assert_eq!(
        uids(&feed(&omit, &head(&omit), &[&d, &m])),
        ["UID:day@when-and-where.example.github.io"]
    );
    assert!(!ics::in_feeds(&omit, &m));
    let own = event_file(&omit, &m);
    assert_eq!(prop(&own, "DTSTART"), "DTSTART;VALUE=DATE:20210401");
    assert_eq!(prop(&own, "DTEND"), "DTEND;VALUE=DATE:20210501");
    // A feed left with nothing but an omitted event is still a valid calendar.
    assert_eq!(
        props(&feed(&omit, &head(&omit), &[&m]), "BEGIN"),
        ["BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "BEGIN:STANDARD"]
    );
}

#[test]
fn uids_depend_on_slug_and_site_only() {
    let c = config("");
    let a = event(&c, "walk21", "title = \"Walk21\"\ndate = \"26-30 Sep\"\n");
    let b = event(&c, "walk21", "title = \"Walk21 Seoul (moved)\"\ndate = \"(tbc) 4-8 Oct\"\n");
    assert_eq!(ics::uid(&c, &a), "walk21@when-and-where.example.github.io");
    assert_eq!(ics::uid(&c, &a), ics::uid(&c, &b));
    assert_eq!(prop(&event_file(&c, &b), "UID"), "UID:walk21@when-and-where.example.github.io");

    let site = |base: &str| {
        Config::parse(&Source::new(
            "calendar.toml",
            format!("title = \"W\"\nbase_url = \"{base}\"\nyear = 2021\n"),
        ))
        .unwrap()
    };
    assert_eq!(ics::uid(&site("https://events.example.org/"), &a), "walk21@events.example.org");
    assert_eq!(
        ics::uid(&site("https://example.github.io/Cal%20Two/2021/"), &a),
        "walk21@2021.cal-20two.example.github.io"
    );
}

#[test]
fn stamps_come_from_the_event_then_the_edition() {
    let c = config("");
    let e = dated(&c, "16 Feb", "updated = 2021-01-15\n");
    let file = event_file(&c, &e);
    assert_eq!(prop(&file, "DTSTAMP"), "DTSTAMP:20210115T000000Z");
    assert_eq!(prop(&file, "LAST-MODIFIED"), "LAST-MODIFIED:20210115T000000Z");
    let file = event_file(&c, &dated(&c, "16 Feb", ""));
    assert_eq!(prop(&file, "DTSTAMP"), "DTSTAMP:20210201T000000Z");
    assert_eq!(prop(&file, "LAST-MODIFIED"), "LAST-MODIFIED:20210201T000000Z");
}

#[test]
fn output_is_byte_identical_from_run_to_run() {
    let c = config("");
    let events: Vec<Event> = ["16 Feb", "(tbc) Apr", "15-22 Feb"]
        .iter()
        .enumerate()
        .map(|(i, d)| event(&c, &format!("e{i}"), &format!("title = \"E{i}\"\ndate = \"{d}\"\n")))
        .collect();
    let refs: Vec<&Event> = events.iter().collect();
    let first = feed(&c, &head(&c), &refs);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(feed(&c, &head(&c), &refs), first);
    assert_eq!(event_file(&c, &events[0]), event_file(&c, &events[0]));
}

const SMART_CITY: &str = "Smart City; Expo, \"Live\"\nBarcelona";

#[test]
fn text_is_escaped_and_cannot_inject_properties() {
    let c = config("");
    let e = event(
        &c,
        "smart-city",
        r#"title = "Smart City; Expo, \"Live\"\nBarcelona"
date = "16 Nov"
location = "Fira\\Gran Via; Hall 2, Barcelona"
description = "One\r\n\r\nTwo\r\rEND:VEVENT"
"#,
    );
    assert_eq!(e.title, SMART_CITY);
    let file = event_file(&c, &e);
    assert_eq!(prop(&file, "SUMMARY"), r#"SUMMARY:Smart City\; Expo\, "Live"\nBarcelona"#);
    assert_eq!(prop(&file, "LOCATION"), r"LOCATION:Fira\\Gran Via\; Hall 2\, Barcelona");
    assert!(prop(&file, "DESCRIPTION").starts_with(r"DESCRIPTION:One\nTwo\nEND:VEVENT\n\nMore:"));
    assert_eq!(lines(&file).iter().filter(|l| l.as_str() == "END:VEVENT").count(), 1);
    // The loader refuses a NUL in a location; this module must stay safe without it.
    let mut raw = dated(&c, "16 Nov", "");
    raw.location = Some("Hall 2\rEND:VEVENT\r\nBEGIN:VEVENT\u{0}".into());
    let raw_file = event_file(&c, &raw);
    assert_eq!(prop(&raw_file, "LOCATION"), r"LOCATION:Hall 2\nEND:VEVENT\nBEGIN:VEVENT");
    assert_eq!(props(&raw_file, "BEGIN"), ["BEGIN:VCALENDAR", "BEGIN:VEVENT"]);
    assert!(!lines(&file).iter().any(|l| l.starts_with("Barcelona")));
    assert!(!file.replace("\r\n", "").contains(['\r', '\n']), "a line break that is not CRLF");

    // The crate's own parser reads back exactly what was written.
    let parsed: icalendar::Calendar = file.parse().unwrap();
    let vevent = parsed.components[0].as_event().unwrap();
    use icalendar::{Component, EventLike};
    assert_eq!(vevent.get_summary(), Some(SMART_CITY));
    assert_eq!(vevent.get_location(), Some("Fira\\Gran Via; Hall 2, Barcelona"));
}

#[test]
fn names_and_categories_are_escaped_on_one_categories_line() {
    let c = config(
        "[[tags]]\nid = \"culture\"\nlabel = \"Arts, culture; heritage\"\n[[tags]]\nid = \"diplomacy\"\n\
         label = \"Urban diplomacy events\"\n[[tags]]\nid = \"online\"\nlabel = \"Online\"\n",
    );
    let e = dated(&c, "16 Feb", "tags = [\"culture\", \"diplomacy\", \"online\"]\n");
    let file = event_file(&c, &e);
    assert_eq!(
        props(&file, "CATEGORIES"),
        [r"CATEGORIES:Arts\, culture\; heritage,Urban diplomacy events,Online"]
    );
    let culture = c.tags.iter().find(|t| t.id == "culture").unwrap();
    let name = ics::tag_feed_name(&c, culture);
    assert_eq!(name, "When & Where: Arts, culture; heritage");
    let feed = feed(&c, &FeedHead::tag(&c, culture), &[&e]);
    assert_eq!(prop(&feed, "NAME"), r"NAME:When & Where: Arts\, culture\; heritage");
    assert_eq!(
        prop(&feed, "X-WR-CALNAME"),
        r"X-WR-CALNAME:When & Where: Arts\, culture\; heritage"
    );
}

#[test]
fn long_lines_fold_at_75_octets_between_characters_and_escapes() {
    let c = config("");
    let title = "Foro «Ciudades»; ñandú, 東京都 — São Paulo\\Curitiba, 🎉 Zürich; ".repeat(5);
    let e = event(
        &c,
        "long",
        &format!("title = \"{}\"\ndate = \"16 Feb\"\n", title.replace('\\', "\\\\")),
    );
    let file = event_file(&c, &e);
    let physical: Vec<&str> = file.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let summary: Vec<&str> =
        physical.iter().skip_while(|l| !l.starts_with("SUMMARY:")).take(6).copied().collect();
    assert!(summary[1..].iter().all(|l| l.starts_with(' ')));
    for line in &physical {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        let body = line.strip_prefix(' ').unwrap_or(line);
        let trailing = body.chars().rev().take_while(|&c| c == '\\').count();
        assert_eq!(trailing % 2, 0, "an escape cut in two: {line:?}");
    }
    let escaped = title.trim().replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,");
    assert_eq!(prop(&file, "SUMMARY"), format!("SUMMARY:{escaped}"));
    let folds_before_space = physical.iter().filter(|l| l.starts_with("  ")).count();
    assert_eq!(folds_before_space, 0);
}

#[test]
fn every_line_ends_in_crlf() {
    let c = config("");
    let e = dated(&c, "16 Feb", "description = \"\"\"a\n\nb\"\"\"\n");
    let h = head(&c);
    for file in [event_file(&c, &e), feed(&c, &h, &[&e]), feed(&c, &h, &[])] {
        assert!(file.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(file.matches('\n').count(), file.matches("\r\n").count());
        assert_eq!(file.matches('\r').count(), file.matches("\r\n").count());
    }
}

#[test]
fn a_feed_without_events_is_a_valid_calendar() {
    let c = config("");
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        PRODID,
        "CALSCALE:GREGORIAN",
        "NAME:When & Where: Capacity building events",
        "X-WR-CALNAME:When & Where: Capacity building events",
        "URL;VALUE=URI:https://example.github.io/when-and-where/tags/capacity-building.html",
        "SOURCE;VALUE=URI:https://example.github.io/when-and-where/tags/capacity-building.ics",
        "X-APPLE-CALENDAR-COLOR:#0057a8",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "BEGIN:VTIMEZONE",
        "TZID:UTC",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0000",
        "TZNAME:UTC",
        "END:STANDARD",
        "END:VTIMEZONE",
        "END:VCALENDAR",
        "",
    ];
    let tag = &c.tags[1];
    let feed = feed(&c, &FeedHead::tag(&c, tag), &[]);
    assert_eq!(lines(&feed), expected[..expected.len() - 1]);
}

#[test]
fn feeds_have_a_name_a_refresh_interval_and_their_events_in_order() {
    let c = config(
        "publisher = \"Metropolis, \\\"the network\\\"\"\npublisher_email = \"events@example.org\"\n",
    );
    let a = event(&c, "a", "title = \"A\"\ndate = \"16 Feb\"\n");
    let b = event(&c, "b", "title = \"B\"\ndate = \"15 Feb\"\n");
    let whole = feed(&c, &head(&c), &[&a, &b]);
    let (calendar, _) = whole.split_once("BEGIN:VEVENT").unwrap();
    assert_eq!(prop(calendar, "DESCRIPTION"), "DESCRIPTION:The must-attend events in 2021");
    assert_eq!(prop(&whole, "NAME"), "NAME:When & Where");
    assert_eq!(prop(&whole, "X-WR-CALNAME"), "X-WR-CALNAME:When & Where");
    assert_eq!(prop(&whole, "X-WR-CALDESC"), "X-WR-CALDESC:The must-attend events in 2021");
    assert_eq!(prop(calendar, "URL"), "URL;VALUE=URI:https://example.github.io/when-and-where/");
    assert_eq!(
        prop(&whole, "SOURCE"),
        "SOURCE;VALUE=URI:https://example.github.io/when-and-where/calendar.ics"
    );
    assert_eq!(prop(&whole, "REFRESH-INTERVAL"), "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
    assert_eq!(prop(&whole, "X-PUBLISHED-TTL"), "X-PUBLISHED-TTL:PT12H");
    // With an e-mail address, the publisher organises every event, and the feed is PUBLISHed.
    assert_eq!(prop(&whole, "METHOD"), "METHOD:PUBLISH");
    assert_eq!(
        props(&whole, "ORGANIZER"),
        [
            "ORGANIZER;CN=\"Metropolis, the network\":mailto:events@example.org",
            "ORGANIZER;CN=\"Metropolis, the network\":mailto:events@example.org"
        ]
    );
    assert_eq!(prop(&event_file(&c, &a), "METHOD"), "METHOD:PUBLISH");
    // Without one, neither.
    let bare = config("publisher = \"Metropolis\"\n");
    let feed_bare = feed(&bare, &head(&bare), &[&a]);
    assert!(props(&feed_bare, "METHOD").is_empty() && props(&feed_bare, "ORGANIZER").is_empty());
    assert_eq!(props(&whole, "SUMMARY"), ["SUMMARY:A", "SUMMARY:B"]);
    assert!(!whole.contains("VTIMEZONE"));
    // The event file is for importing, not subscribing: no name, no refresh interval.
    let own = event_file(&c, &a);
    assert!(props(&own, "X-WR-CALNAME").is_empty() && props(&own, "REFRESH-INTERVAL").is_empty());
}

#[test]
fn webcal_links_follow_the_base_url() {
    let c = config("");
    assert_eq!(
        links::webcal_url(&c, "calendar.ics"),
        "webcal://example.github.io/when-and-where/calendar.ics"
    );
    assert_eq!(
        links::webcal_url(&c, &c.tags[0].feed_path()),
        "webcal://example.github.io/when-and-where/tags/diplomacy.ics"
    );
    let local = Config::parse(&Source::new(
        "calendar.toml",
        "title = \"W\"\nbase_url = \"http://localhost:8000/\"\n",
    ))
    .unwrap();
    assert_eq!(links::webcal_url(&local, "calendar.ics"), "webcal://localhost:8000/calendar.ics");
}

#[test]
fn add_links_are_percent_encoded_for_google_and_both_outlooks() {
    let c = config("");
    let e = event(
        &c,
        "smart-city",
        r#"title = "Smart City; Expo, \"Live\"\nBarcelona & more + 100%"
date = "16-18 Nov"
location = "Fira Gran Via, Barcelona"
"#,
    );
    let page = "https%3A%2F%2Fexample.github.io%2Fwhen-and-where%2Fevents%2Fsmart-city.html";
    let text = "Smart%20City%3B%20Expo%2C%20%22Live%22%0ABarcelona%20%26%20more%20%2B%20100%25";
    let links = add(&c, &e);
    assert_eq!(
        links.google,
        format!(
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text={text}&dates=20211116%2F20211119&details=More%3A%20{page}&location=Fira%20Gran%20Via%2C%20Barcelona"
        )
    );
    let outlook = |host: &str| {
        format!(
            "https://{host}/calendar/0/deeplink/compose?path=/calendar/action/compose&rru=addevent&subject={text}&startdt=2021-11-16&enddt=2021-11-19&allday=true&body=More%3A%20{page}&location=Fira%20Gran%20Via%2C%20Barcelona"
        )
    };
    assert_eq!(links.outlook_live, outlook("outlook.live.com"));
    assert_eq!(links.outlook_office, outlook("outlook.office.com"));
    // For a page: the same addresses, as HTML escapes them for an attribute.
    let text_of = ics::description_text(&e);
    let html = links::page_add_links(&ENGLISH, &c, &e, text_of.as_deref());
    let html = html.expect("it takes place");
    let escaped = |url: &str| Some(url.replace('&', "&amp;"));
    assert_eq!(html.google.as_str().map(str::to_string), escaped(&links.google));
    assert_eq!(html.outlook_live.as_str().map(str::to_string), escaped(&links.outlook_live));
    assert_eq!(html.outlook_office.as_str().map(str::to_string), escaped(&links.outlook_office));
    assert!(html.google.is_safe(), "templates must not escape it again");
    // Timed: UTC instants, and the zone for Google's form.
    let w = dated(&c, "28 Mar", "time = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n");
    let links = add(&c, &w);
    assert!(
        links.google.contains("&dates=20210328T070000Z%2F20210328T083000Z&")
            && links.google.ends_with("&ctz=Europe%2FMadrid"),
        "{}",
        links.google
    );
    assert!(
        links.outlook_live.contains(
            "&startdt=2021-03-28T07%3A00%3A00Z&enddt=2021-03-28T08%3A30%3A00Z&allday=false&"
        ),
        "{}",
        links.outlook_live
    );
    // A start alone lasts an hour in the links too, never `dates=X/X`.
    let s = dated(&c, "28 Mar", "time = \"09:00\"\ntimezone = \"Europe/Madrid\"\n");
    assert!(add(&c, &s).google.contains("&dates=20210328T070000Z%2F20210328T080000Z&"));
    // A tentative timed event does not mark the reader busy; its title says tbc.
    let t = dated(&c, "(tbc) 28 Mar", "time = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n");
    let google = add(&c, &t).google;
    assert!(google.contains("&text=%28tbc%29%20E&") && google.ends_with("&trp=false"), "{google}");
    // Cancelled and postponed events have no "add" links.
    for status in ["cancelled", "postponed"] {
        let off = dated(&c, "16 Feb", &format!("status = \"{status}\"\n"));
        assert_eq!(links::add_links(&ENGLISH, &c, &off, None), None);
    }
}

#[test]
fn descriptions_are_plain_text_with_links_as_text_and_address() {
    let c = config("");
    let e = dated(
        &c,
        "16 Feb",
        "description = \"\"\"*Hybrid*: <b>see</b> [the programme](https://example.org/p) or <https://example.org/q>.\"\"\"\n",
    );
    let expected = "*Hybrid*: see the programme (https://example.org/p) or https://example.org/q.";
    let plain = expected.replace('*', "");
    let file = event_file(&c, &e);
    assert!(
        prop(&file, "DESCRIPTION").starts_with(&format!("DESCRIPTION:{plain}\\n\\nMore:")),
        "{file}"
    );
    let google = add(&c, &e).google;
    assert!(!google.contains("%3Cb%3E") && !google.contains("%3Chttps"), "{google}");
}

/// The "add" links of a day, a range, a month-only and a timed event, and the subscribe
/// links of the whole calendar, whole (`tests/snapshots/ics__links.snap`).
#[test]
fn add_and_subscribe_links_whole() {
    let c = config("");
    let cases = [
        ("day", "date = \"7 Oct\"\nlocation = \"Seoul, Korea\"\n"),
        (
            "range",
            "date = \"15-22 Feb\"\ndescription = \"A *week* of [work](https://example.org/w).\"\n",
        ),
        ("month-only", "date = \"(tbc) Apr\"\n"),
        ("timed", "date = \"16 Feb\"\ntime = \"10:00-11:30\"\ntimezone = \"Europe/Madrid\"\n"),
    ];
    let mut out = String::new();
    for (slug, body) in cases {
        let e = event(&c, slug, &format!("title = \"The {slug} event\"\n{body}"));
        let links = add(&c, &e);
        out.push_str(&format!(
            "{slug}\n  google: {}\n  outlook.live: {}\n  outlook.office: {}\n",
            links.google, links.outlook_live, links.outlook_office
        ));
    }
    out.push_str("subscribe to calendar.ics\n");
    for link in links::subscribe_links(&ENGLISH, &c, "calendar.ics", &c.title) {
        out.push_str(&format!(
            "  {} ({}): {}\n    {}\n",
            link.name, link.kind, link.href, link.help
        ));
    }
    insta::assert_snapshot!("links", out);
}

#[test]
fn subscribe_links_cover_every_app() {
    let c = config("");
    let got: Vec<(&str, String)> = links::subscribe_links(
        &ENGLISH,
        &c,
        "tags/diplomacy.ics",
        "When & Where: Urban diplomacy events",
    )
    .into_iter()
    .map(|l| (l.kind, l.href))
    .collect();
    let address = "https%3A%2F%2Fexample.github.io%2Fwhen-and-where%2Ftags%2Fdiplomacy.ics";
    let name = "When%20%26%20Where%3A%20Urban%20diplomacy%20events";
    let expected = [
        ("google", "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.github.io%2Fwhen-and-where%2Ftags%2Fdiplomacy.ics".to_string()),
        ("outlook-live", format!("https://outlook.live.com/calendar/0/addfromweb?url={address}&name={name}")),
        ("outlook-office", format!("https://outlook.office.com/calendar/0/addfromweb?url={address}&name={name}")),
        ("webcal", "webcal://example.github.io/when-and-where/tags/diplomacy.ics".to_string()),
        ("copy", "https://example.github.io/when-and-where/tags/diplomacy.ics".to_string()),
        ("download", "tags/diplomacy.ics".to_string()),
    ];
    let expected: Vec<(&str, String)> = expected.into_iter().collect();
    assert_eq!(got, expected);
}

#[test]
fn link_text_is_cut_short() {
    let c = config("");
    let long = "word ".repeat(400);
    let e = dated(&c, "16 Feb", &format!("description = \"{long}\"\n"));
    let google = add(&c, &e).google;
    assert!(google.len() < 2000, "{}", google.len());
    assert!(google.contains("word%E2%80%A6%0A%0AMore%3A%20https"), "{google}");
    // The file has it all.
    assert_eq!(prop(&event_file(&c, &e), "DESCRIPTION").matches("word").count(), 400);
}

/// Writes a site for `tests/ics/check` into `$WHENWHERE_ICS_SITE` (default
/// `target/ics-site`): one project folder per `month_only` mode, each with its
/// `calendar.toml` and a `public/` of `.ics` files and `events.json`, from the shipped
/// calendar plus the edge cases (daylight-saving changes, escaping, years, an empty tag).
#[test]
#[ignore = "writes files for tests/ics/check"]
fn write_ics_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::var_os("WHENWHERE_ICS_SITE")
        .map_or_else(|| root.join("target/ics-site"), std::path::PathBuf::from);
    for mode in ["all-month", "omit"] {
        write_site(&out.join(mode), mode);
    }
    eprintln!("wrote {}", out.display());
}

const EDGE_CASES: &[(&str, &str)] = &[
    (
        "webinar-dst-spring",
        "title = \"Webinar on the day clocks go forward\"\ndate = \"28 Mar\"\ntime = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\ntags = [\"capacity-building\"]\nlocation = \"Online\"\n",
    ),
    (
        "webinar-dst-autumn",
        "title = \"Webinar on the day clocks go back\"\ndate = \"(tbc) 31 Oct\"\ntime = \"00:30-04:00\"\ntimezone = \"Europe/Madrid\"\n",
    ),
    (
        "webinar-no-end",
        "title = \"Tokyo morning call\"\ndate = \"16 Feb\"\ntime = \"00:30\"\ntimezone = \"Asia/Tokyo\"\n",
    ),
    (
        "smart-city-escapes",
        "title = \"Smart City; Expo, \\\"Live\\\"\\nBarcelona\"\ndate = \"16-18 Nov\"\nlocation = \"Fira\\\\Gran Via; Hall 2, Barcelona\"\ntags = [\"diplomacy\", \"culture\"]\ndescription = \"\"\"Line one; with, escapes \\\\ and a very long line that has to be folded more than once: é, ñ, 東京, 🎉, «»; again ,;,;,;,;,;,;,;,;,;,;,;,;,;,;,;,;\"\"\"\n",
    ),
    (
        "webinar-repeated-hour",
        "title = \"Webinar in the hour that happens twice\"\ndate = \"31 Oct\"\ntime = \"02:30-03:30\"\ntimezone = \"Europe/Madrid\"\n",
    ),
    (
        "forum-cancelled",
        "title = \"A forum that was cancelled\"\ndate = \"7 Oct\"\nstatus = \"cancelled\"\ntags = [\"diplomacy\"]\n",
    ),
    (
        "summit-postponed",
        "title = \"A summit postponed, new date unknown\"\ndate = \"(tbc) 12-14 May\"\nstatus = \"postponed\"\n",
    ),
    (
        "congress-moved",
        "title = \"A congress moved to a new date\"\ndate = \"8-13 Nov\"\npostponed_from = \"7-9 Oct\"\ntags = [\"diplomacy\"]\n",
    ),
    (
        "new-year-summit",
        "title = \"Summit across the new year\"\ndate = \"28 Dec - 3 Jan\"\ntags = [\"diplomacy\"]\n",
    ),
    (
        "month-confirmed",
        "title = \"Some time in December\"\ndate = \"Dec\"\ntags = [\"culture\"]\n",
    ),
    // Calls: their deadlines are calls.ics, read by the independent parsers too.
    (
        "awards-with-call",
        "title = \"Awards; \\\"Cities\\\", 2021\"\ndate = \"18 Nov\"\ntags = [\"diplomacy\"]\n[call]\nuntil = \"(tbc) 1-15 Sep\"\nurl = \"https://example.org/apply?a=1&b=2\"\nlabel = \"Call for nominations, \\\"open\\\"; all cities\"\n",
    ),
    (
        "retreat-with-call",
        "title = \"Retreat with a call\"\ndate = \"10 Dec\"\n[call]\nuntil = \"Oct\"\n",
    ),
];

fn write_site(project: &Path, mode: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut loaded = whenwhere::load::load(root).expect("the shipped calendar loads");
    let config = &mut loaded.config;
    config.feeds.month_only = match mode {
        "omit" => whenwhere::config::MonthOnly::Omit,
        _ => whenwhere::config::MonthOnly::AllMonth,
    };
    for (id, label) in [("culture", "Arts, culture; heritage"), ("empty", "A tag with no events")] {
        config.tags.push(Tag {
            id: id.into(),
            label: label.into(),
            colour: None,
            description: None,
            translations: Default::default(),
            lang_of: Default::default(),
        });
    }
    let mut events: Vec<Event> = loaded.events.into_iter().filter(|e| !e.draft).collect();
    for (slug, body) in EDGE_CASES {
        events.push(event(config, slug, body));
    }
    events.sort_by(whenwhere::order::date_order);
    let public = project.join("public");
    std::fs::create_dir_all(public.join("events")).unwrap();
    std::fs::create_dir_all(public.join("tags")).unwrap();
    std::fs::write(
        project.join("calendar.toml"),
        format!("# written by tests/it/ics.rs\n[feeds]\nmonth_only = \"{mode}\"\n"),
    )
    .unwrap();
    let all: Vec<&Event> = events.iter().collect();
    let whole = feed(config, &FeedHead::calendar(config), &all);
    std::fs::write(public.join("calendar.ics"), whole).unwrap();
    for tag in &config.tags {
        let tagged: Vec<&Event> = events.iter().filter(|e| e.tags.contains(&tag.id)).collect();
        let feed = feed(config, &FeedHead::tag(config, tag), &tagged);
        std::fs::write(public.join(tag.feed_path()), feed).unwrap();
    }
    let history = History::default();
    let mut calls: Vec<(chrono::NaiveDate, &Event)> =
        events.iter().filter_map(|e| Some((e.call.as_ref()?.until, e))).collect();
    calls.sort_by_key(|(until, _)| *until);
    let calls: Vec<String> = calls
        .into_iter()
        .filter_map(|(_, e)| ics::call_vevent(config, e, history.revision(config, e)))
        .collect();
    let mut out = Vec::new();
    ics::write_feed(config, &FeedHead::calls(config), calls.iter().map(String::as_str), &mut out)
        .unwrap();
    std::fs::write(public.join("calls.ics"), out).unwrap();
    let mut json = Vec::new();
    for e in &events {
        std::fs::write(public.join(e.ics_path()), event_file(config, e)).unwrap();
        json.push(serde_json::json!({
            "slug": e.slug,
            "title": e.title,
            "start": e.date.when.first_day().to_string(),
            "end": e.date.when.last_day().to_string(),
            "precision": e.date.when.precision().as_str(),
            "tentative": e.date.tentative,
            "status": whenwhere::view::status(e),
            "tags": e.tags,
            "location": e.location,
            "url": e.url,
            "page": config.base_url.absolute(&e.page_path()),
            "ics": config.base_url.absolute(&e.ics_path()),
            "time": e.time.map(|t| serde_json::json!({
                "start": t.start.format("%H:%M").to_string(),
                "end": t.end.map(|end| end.format("%H:%M").to_string()),
                "timezone": t.zone.name(),
            })),
            "call": e.call.as_ref().map(|c| serde_json::json!({
                "until": c.until.to_string(),
                "tentative": c.tentative,
                "url": c.url,
                "label": c.label.as_deref().unwrap_or("Call for proposals"),
            })),
        }));
    }
    let doc = serde_json::json!({
        "title": config.title,
        "base_url": config.base_url.as_str(),
        "events": json,
    });
    std::fs::write(public.join("events.json"), serde_json::to_string_pretty(&doc).unwrap())
        .unwrap();
}
