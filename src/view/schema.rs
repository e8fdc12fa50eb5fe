//! An event's schema.org data (`Event`, as JSON-LD), which search engines and other
//! calendars read from its page.

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::date::{self, When};
use crate::event::{Attendance, Event, Status};

/// An event's schema.org `Event` as JSON-LD, ready to be put inside a `<script>` element:
/// `<`, `>` and `&` are escaped, so that no text of the event can end the element.
pub fn event_json_ld(config: &Config, event: &Event) -> String {
    let mut data = Map::new();
    data.insert("@context".into(), json!("https://schema.org"));
    data.insert("@type".into(), json!("Event"));
    data.insert("name".into(), json!(event.title));
    let (start, end) = dates(event);
    data.insert("startDate".into(), json!(start));
    if let Some(end) = end {
        data.insert("endDate".into(), json!(end));
    }
    let status = match event.status {
        Status::Cancelled => "EventCancelled",
        Status::Postponed => "EventPostponed",
        Status::Scheduled if event.postponed_from.is_some() => "EventRescheduled",
        Status::Scheduled => "EventScheduled",
    };
    data.insert("eventStatus".into(), json!(format!("https://schema.org/{status}")));
    if let Some(attendance) = event.attendance {
        data.insert("eventAttendanceMode".into(), json!(attendance.schema_org()));
    }
    if let Some(location) = location(event) {
        data.insert("location".into(), location);
    }
    if let Some(organizers) = (!event.organizers.is_empty()).then_some(&event.organizers) {
        let organizers: Vec<Value> =
            organizers.iter().map(|name| json!({"@type": "Organization", "name": name})).collect();
        data.insert("organizer".into(), Value::Array(organizers));
    }
    data.insert("url".into(), json!(config.base_url.absolute(&event.page_path())));
    data.insert("inLanguage".into(), json!(config.language));
    let text = Value::Object(data).to_string();
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// `startDate` and `endDate`: days, or instants with their offset for a timed event; a
/// month or a year as ISO 8601 writes it (`2021-04`), without an end.
fn dates(event: &Event) -> (String, Option<String>) {
    let when = event.date.when;
    match (when, event.time) {
        (When::Day(day), Some(t)) => {
            let local = |time| {
                let instant = crate::ics::instant(day, time, t.zone);
                instant.with_timezone(&t.zone.offset_at(day, time)).to_rfc3339()
            };
            (local(t.start), t.end.map(local))
        }
        (When::Month(m), _) => (format!("{}-{:02}", m.year, m.month), None),
        (When::Year(y), _) => (format!("{y:04}"), None),
        _ => (date::iso_day(when.first_day()), Some(date::iso_day(when.last_day()))),
    }
}

/// Where it is: a place by its name, a virtual location by its address when it is
/// attended online, or both when hybrid.
fn location(event: &Event) -> Option<Value> {
    let place = event.location.as_ref().map(|name| json!({"@type": "Place", "name": name}));
    let online = event.url.as_ref().map(|url| json!({"@type": "VirtualLocation", "url": url}));
    match event.attendance {
        Some(Attendance::Online) => online.or(place),
        Some(Attendance::Hybrid) => match (place, online) {
            (Some(p), Some(o)) => Some(Value::Array(vec![p, o])),
            (p, o) => p.or(o),
        },
        _ => place,
    }
}
