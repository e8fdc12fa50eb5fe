//! An event's attendance and its call for proposals, through every output: list rows and
//! the event's page, the index's filters, `events.json`, the page's schema.org data and
//! the calls' feed, `calls.ics`, in each language.

use crate::common::{self, file, site_text as render};

const CALENDAR: &str = "languages = [\"en\", \"fr\"]\ntitle = \"T\"\n\
                        base_url = \"https://example.org/cal/\"\nyear = 2021\nupdated = 2021-01-01\n";

fn project() -> tempfile::TempDir {
    common::project(&[
        ("calendar.toml", CALENDAR),
        (
            "content/forum.toml",
            "title = \"Forum\"\ndate = \"8-9 Mar\"\nlocation = \"Lyon\"\nattendance = \"hybrid\"\n\
             url = \"https://x.org/forum\"\n[call]\nuntil = \"15 Jan\"\nurl = \"https://x.org/apply\"\n\
             label = \"Call for nominations\"\nfr = { label = \"Appel à nominations\" }\n",
        ),
        (
            "content/webinar.toml",
            "title = \"Webinar\"\ndate = \"3 Feb\"\nattendance = \"online\"\n[call]\nuntil = \"20 Jan\"\n",
        ),
        ("content/visit.toml", "title = \"Visit\"\ndate = \"5 May\"\n"),
    ])
}

#[test]
fn attendance_is_in_every_list_the_filters_events_json_and_schema_org() {
    let dir = project();
    let files = render(dir.path());
    let index = file(&files, "index.html");
    let attendance: Vec<&str> = index
        .split("data-attendance=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(attendance, ["online", "hybrid", ""], "in date order: webinar, forum, visit");
    // Only the kinds some event has are offered.
    assert!(index.contains(
        r#"<input type="checkbox" name="attendance" value="online" hidden> Online</label>"#
    ));
    assert!(index.contains(
        r#"<input type="checkbox" name="attendance" value="hybrid" hidden> Hybrid</label>"#
    ));
    assert!(!index.contains(r#"value="in-person""#));
    assert!(index.contains(r#"<p class="attendance">Hybrid</p>"#), "{index}");
    assert!(file(&files, "fr/index.html").contains(r#"<p class="attendance">Hybride</p>"#));
    let page = file(&files, "events/forum.html");
    assert!(page.contains(r#"<dt>Attendance</dt>"#), "{page}");
    assert!(page.contains(r#"<dd class="attendance" data-attendance="hybrid">Hybrid</dd>"#));
    let json: serde_json::Value = serde_json::from_str(file(&files, "events.json")).unwrap();
    let kinds: Vec<&serde_json::Value> =
        json["events"].as_array().unwrap().iter().map(|e| &e["attendance"]).collect();
    assert_eq!(
        kinds,
        [&serde_json::json!("online"), &serde_json::json!("hybrid"), &serde_json::Value::Null]
    );

    let schema = |page: &str| -> serde_json::Value {
        let script = page.split(r#"<script type="application/ld+json">"#).nth(1).unwrap();
        serde_json::from_str(script.split("</script>").next().unwrap()).unwrap()
    };
    let forum = schema(page);
    assert_eq!(forum["@type"], "Event");
    assert_eq!(forum["eventAttendanceMode"], "https://schema.org/MixedEventAttendanceMode");
    assert_eq!(forum["startDate"], "2021-03-08");
    assert_eq!(forum["endDate"], "2021-03-09");
    assert_eq!(
        forum["location"],
        serde_json::json!([{"@type": "Place", "name": "Lyon"}, {"@type": "VirtualLocation", "url": "https://x.org/forum"}])
    );
    let webinar = schema(file(&files, "events/webinar.html"));
    assert_eq!(webinar["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
    assert!(schema(file(&files, "events/visit.html")).get("eventAttendanceMode").is_none());
}

#[test]
fn a_call_shows_on_its_event_and_the_index_and_is_in_events_json() {
    let dir = project();
    let files = render(dir.path());
    let index = file(&files, "index.html");
    assert!(
        index.contains(
            r#"<p class="call" data-until="2021-01-15"><a href="https://x.org/apply" rel="external">Call for nominations until 15 Jan</a></p>"#
        ),
        "{index}"
    );
    assert!(index.contains(
        r#"<p class="call" data-until="2021-01-20">Call for proposals until 20 Jan</p>"#
    ));
    let fr = file(&files, "fr/index.html");
    assert!(fr.contains("Appel à nominations jusqu’au 15 janv."), "{fr}");
    assert!(fr.contains("Appel à propositions jusqu’au 20 janv."), "{fr}");
    let page = file(&files, "events/forum.html");
    assert!(page.contains("Call for nominations until Friday 15 January 2021</a>"), "{page}");
    // The subscribe section links the calls' feed.
    assert!(index.contains(r#"<a href="webcal://example.org/cal/calls.ics">"#), "{index}");

    let json: serde_json::Value = serde_json::from_str(file(&files, "events.json")).unwrap();
    let calls: Vec<&serde_json::Value> =
        json["events"].as_array().unwrap().iter().map(|e| &e["call"]).collect();
    assert_eq!(
        calls,
        [
            &serde_json::json!({"until": "2021-01-20", "tentative": false, "url": null, "label": "Call for proposals"}),
            &serde_json::json!({"until": "2021-01-15", "tentative": false, "url": "https://x.org/apply", "label": "Call for nominations"}),
            &serde_json::Value::Null,
        ]
    );
    let fr: serde_json::Value = serde_json::from_str(file(&files, "fr/events.json")).unwrap();
    assert_eq!(fr["events"][0]["call"]["label"], "Appel à propositions");
    assert_eq!(fr["events"][1]["call"]["label"], "Appel à nominations");
}

/// `calls.ics` (and `fr/calls.ics`): one all-day, free event on each call's deadline, in
/// deadline order, with a UID of its own, read back by the `icalendar` crate.
#[test]
fn the_calls_feed_has_each_deadline_as_an_all_day_event() {
    use icalendar::{Component, DatePerhapsTime};
    let dir = project();
    let files = render(dir.path());
    let read = |path: &str| -> Vec<(String, String, String, String, String)> {
        let calendar: icalendar::Calendar = file(&files, path).parse().unwrap();
        calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .map(|e| {
                let day = |d: Option<DatePerhapsTime>| match d {
                    Some(DatePerhapsTime::Date(d)) => d.to_string(),
                    other => format!("{other:?}"),
                };
                (
                    e.get_uid().unwrap().to_string(),
                    day(e.get_start()),
                    day(e.get_end()),
                    e.get_summary().unwrap().to_string(),
                    e.property_value("TRANSP").unwrap().to_string(),
                )
            })
            .collect()
    };
    let uid = |slug: &str| format!("call-{slug}@cal.example.org");
    let free = "TRANSPARENT".to_string();
    assert_eq!(
        read("calls.ics"),
        [
            (
                uid("forum"),
                "2021-01-15".into(),
                "2021-01-16".into(),
                "Call for nominations: Forum".into(),
                free.clone()
            ),
            (
                uid("webinar"),
                "2021-01-20".into(),
                "2021-01-21".into(),
                "Call for proposals: Webinar".into(),
                free.clone()
            ),
        ]
    );
    let fr = read("fr/calls.ics");
    assert_eq!(fr[0].3, "Appel à nominations\u{a0}: Forum");
    assert_eq!(fr[1].3, "Appel à propositions\u{a0}: Webinar");
    // An event's own UID is not its call's.
    assert!(file(&files, "events/forum.ics").contains("UID:forum@cal.example.org\r\n"));
    assert!(file(&files, "calls.ics").contains("URL:https://x.org/apply\r\n"));
    assert!(
        file(&files, "calls.ics").contains("URL:https://example.org/cal/events/webinar.html\r\n")
    );
}

/// A calendar whose events have no call still has a valid, empty `calls.ics`, and its
/// index neither links it nor offers attendance filters.
#[test]
fn without_calls_the_feed_is_empty_and_unlinked() {
    let dir = common::project(&[("content/a.toml", "title = \"A\"\ndate = \"3 Mar\"\n")]);
    let files = render(dir.path());
    let feed = file(&files, "calls.ics");
    assert!(!feed.contains("BEGIN:VEVENT") && feed.contains("BEGIN:VTIMEZONE"), "{feed}");
    let index = file(&files, "index.html");
    assert!(!index.contains("calls.ics") && !index.contains("name=\"attendance\""), "{index}");
}
