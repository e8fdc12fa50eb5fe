//! One event as lists show it ([`EventView`]), and as a build keeps it for every page that
//! lists it: a template value of its fields' values alone ([`ListView`]).

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};
use serde::Serialize;

use super::{TagView, anchor, status};
use crate::date::{self, DateExpr, Listing, When};
use crate::event::{Attendance, Call, Event, Status};
use crate::locale::{Locale, fill};
use crate::translatable::Translatable;

/// Declares [`EventView`] and, from the same list of its fields, their names in order
/// ([`VIEW_KEYS`]) and [`ListView::new`], which takes a view apart in that order: each
/// field is named once. A field's value is `Value::from` it, or what the function written
/// after it (`=> …`) makes of it.
macro_rules! declare_event_view {
    (
        $(#[$doc:meta])*
        pub struct EventView<'a> {
            $( $(#[$field_doc:meta])* pub $field:ident: $ty:ty $(=> $convert:expr)?, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize)]
        pub struct EventView<'a> {
            $( $(#[$field_doc])* pub $field: $ty, )*
        }

        /// The names of [`EventView`]'s fields, in its order: the keys of a [`ListView`].
        const VIEW_KEYS: [&str; [$(stringify!($field)),*].len()] = [$(stringify!($field)),*];

        impl ListView {
            /// The values of a view's fields.
            fn new(view: EventView<'_>) -> ListView {
                let EventView { $($field),* } = view;
                ListView([$(field_value!($field $(, $convert)?)),*])
            }
        }
    };
}

/// One field's template value, for [`declare_event_view!`].
macro_rules! field_value {
    ($value:ident) => {
        Value::from($value)
    };
    ($value:ident, $convert:expr) => {
        ($convert)($value)
    };
}

declare_event_view! {
    /// One event as lists show it: on the index and on tag pages; what only its own
    /// page needs is in [`super::EventDetails`]. Its fields are what templates see: a build
    /// turns it into a template value ([`event_value`]) and keeps that, one per event, so
    /// it is kept small. Fields are in the order of how often list rows read them: a
    /// [`ListView`] finds a field by comparing names in this order (a sixth of an event
    /// page's time).
    pub struct EventView<'a> {
        /// The word shown beside a cancelled or postponed event.
        pub status_word: Option<&'static str>,
        /// Marked to be confirmed.
        pub tentative: bool,
        /// First day, ISO, as `events.json` gives it: `data-start` for scripts.
        pub start: String,
        /// Last day, inclusive, ISO: `data-end`.
        pub end: String,
        /// Its tag ids separated by spaces: `data-tags`.
        pub tag_ids: String,
        /// How readers attend it, `in-person`, `online` or `hybrid`, or empty when its file
        /// does not say: `data-attendance`.
        pub attendance: &'static str,
        /// The word of its attendance, in the page's language.
        pub attendance_word: Option<&'static str>,
        /// Its call for proposals, with its deadline.
        pub call: Option<CallView> => |call: Option<CallView>| {
            call.map_or(Value::from(()), |c| Value::from(minijinja::value::Serde(c)))
        },
        /// Machine-readable start for `<time datetime>`: `2021-02-15`, or `2021-04` for a month.
        pub datetime: String,
        /// The brochure's form: `15-22 Feb`, `(tbc) Apr`.
        pub date: String,
        /// Its page, relative to the site root.
        pub page: String,
        /// Plain-text title.
        pub title: &'a str,
        /// The language of the title when it is not the page's, for want of a translation.
        pub title_lang: Option<&'a str>,
        /// Where it is.
        pub location: Option<&'a str>,
        /// The language of the location when it is not the page's.
        pub location_lang: Option<&'a str>,
        /// "Postponed from 7 Oct", for an event moved from another date.
        pub postponed_from: Option<String>,
        /// Its tags' views, in the calendar's order (template values made once per build).
        pub tags: Vec<Value>,
        /// `confirmed`, `tentative`, `cancelled` or `postponed`.
        pub status: &'static str,
        /// The page's form: `15–22 February 2021`.
        pub date_long: String,
        /// Hours and zone of a timed event: `09:00–10:30 (Europe/Madrid)`.
        pub time: Option<String>,
        /// A timed event's start as an instant (RFC 3339, UTC), for the script that shows it
        /// in the reader's zone.
        pub instant_start: Option<String>,
        /// Its end, likewise, if it has one.
        pub instant_end: Option<String>,
        /// Its zone's IANA name, or its fixed offset (`-03:00`).
        pub zone: Option<String>,
        /// Official site.
        pub url: Option<&'a str>,
        /// Who organises it.
        pub organizers: &'a [String] => |names: &[String]| {
            Value::from_iter(names.iter().map(|name| Value::from(name.as_str())))
        },
        /// Its `.ics` file, relative to the site root; none when it has no day to put in a
        /// calendar (precision `year`).
        pub ics: Option<String>,
        /// The language of the description when it is not the page's.
        pub description_lang: Option<&'a str>,
        /// The anchor of its month on the index.
        pub month_anchor: String,
        /// The month's name, for "All events of …"; "Dates to be confirmed" for a year.
        pub month_name: &'static str,
        /// The page's id.
        pub slug: &'a str,
    }
}

/// An event's call as lists and its page show it: "Call for proposals until 15 Mar", in
/// parts around the call's name, which may be in another language than the page's.
#[derive(Debug, Clone, Serialize)]
pub struct CallView {
    /// The deadline, ISO: `data-until`, for the script that marks a call closed.
    pub until: String,
    /// Where to answer it.
    pub url: Option<String>,
    /// What lists show before the name.
    pub before: String,
    /// The call's name.
    pub label: String,
    /// The language of the name when it is not the page's, for want of a translation.
    pub label_lang: Option<String>,
    /// What lists show after the name: " until 15 Mar".
    pub after: String,
    /// What the event's page shows before the name.
    pub before_long: String,
    /// What the event's page shows after the name: " until Monday 15 March 2021".
    pub after_long: String,
}

/// An event's call in a locale.
pub fn call_view(locale: &Locale, call: &Call) -> CallView {
    let deadline = DateExpr::new(When::Day(call.until), call.tentative);
    let long = deadline.when.long(locale);
    let long = if call.tentative { fill(locale.words.tbc, &[("date", &long)]) } else { long };
    let pattern = locale.features.call_until;
    let (before, after) = pattern.split_once("{label}").unwrap_or(("", pattern));
    let around = |date: &str| (before.replace("{date}", date), after.replace("{date}", date));
    let (before, after) = around(&deadline.short(locale));
    let (before_long, after_long) = around(&long);
    CallView {
        until: date::iso_day(call.until),
        url: call.url.clone(),
        before,
        label: call.label.clone().unwrap_or_else(|| locale.features.call_label.to_string()),
        label_lang: call.lang_of.get(&Translatable::Label).cloned(),
        after,
        before_long,
        after_long,
    }
}

/// The word of an event's attendance in a locale.
pub fn attendance_word(locale: &Locale, attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::InPerson => locale.features.in_person,
        Attendance::Online => locale.features.online,
        Attendance::Hybrid => locale.features.hybrid,
    }
}

/// Every tag's view as a template value, for [`event_value`].
pub fn tag_values(tags: &[TagView]) -> Vec<Value> {
    tags.iter().map(|t| Value::from(minijinja::value::Serde(t))).collect()
}

/// One event's list view as a template value; `tag_values` are [`tag_values`] of `tags`.
pub fn event_value(locale: &Locale, tags: &[TagView], tag_values: &[Value], e: &Event) -> Value {
    Value::from_object(ListView::new(event_view(locale, tags, tag_values, e)))
}

/// One event's list view as templates see it: [`EventView`]'s values in its order, found
/// by name in [`VIEW_KEYS`]. Kept for every event for the whole build: a serialised
/// struct keeps each field's name beside its value, a third more memory.
#[derive(Debug)]
struct ListView([Value; VIEW_KEYS.len()]);

impl Object for ListView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        VIEW_KEYS.iter().position(|k| *k == key).map(|i| self.0[i].clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&VIEW_KEYS)
    }
}

/// One event's list view, in a locale.
pub fn event_view<'a>(
    locale: &Locale,
    tags: &[TagView],
    tag_values: &[Value],
    e: &'a Event,
) -> EventView<'a> {
    let listing = e.date.when.listing();
    EventView {
        slug: &e.slug,
        title: &e.title,
        title_lang: e.lang_of.get(&Translatable::Title).map(String::as_str),
        location_lang: e.lang_of.get(&Translatable::Location).map(String::as_str),
        description_lang: e.lang_of.get(&Translatable::Description).map(String::as_str),
        date: e.date.short(locale),
        date_long: e.date.when.long(locale),
        datetime: match e.date.when {
            When::Month(m) => format!("{}-{:02}", m.year, m.month),
            When::Year(y) => format!("{y:04}"),
            other => date::iso_day(other.first_day()),
        },
        start: date::iso_day(e.date.when.first_day()),
        end: date::iso_day(e.date.when.last_day()),
        tag_ids: e.tags.join(" "),
        attendance: e.attendance.map_or("", Attendance::as_str),
        attendance_word: e.attendance.map(|a| attendance_word(locale, a)),
        call: e.call.as_ref().map(|c| call_view(locale, c)),
        time: e.time.map(|t| {
            let zone = date::zone_shown(e.date.when.first_day(), t.start, t.zone);
            locale.hours(t.start, t.end, &zone)
        }),
        instant_start: e
            .time
            .map(|t| crate::ics::instant(e.date.when.first_day(), t.start, t.zone).to_rfc3339()),
        instant_end: e.time.and_then(|t| {
            let end = t.end?;
            Some(crate::ics::instant(e.date.when.first_day(), end, t.zone).to_rfc3339())
        }),
        zone: e.time.map(|t| t.zone.name().into_owned()),
        tentative: e.date.tentative,
        status: status(e),
        status_word: match e.status {
            Status::Cancelled => Some(locale.features.cancelled),
            Status::Postponed => Some(locale.features.postponed),
            Status::Scheduled => None,
        },
        postponed_from: e
            .postponed_from
            .map(|from| locale.features.postponed_from.replace("{date}", &from.shown(locale))),
        location: e.location.as_deref(),
        url: e.url.as_deref(),
        organizers: &e.organizers,
        tags: tags
            .iter()
            .zip(tag_values)
            .filter(|(t, _)| e.tags.contains(&t.id))
            .map(|(_, v)| v.clone())
            .collect(),
        page: e.page_path(),
        ics: e.date.when.has_days().then(|| e.ics_path()),
        month_anchor: anchor(listing),
        month_name: match listing {
            Listing::Month(m) => locale.month(m.month),
            Listing::Undated(_) => locale.words.undated,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    use crate::locale;

    #[test]
    fn a_list_view_has_the_fields_of_an_event_view_in_its_order() {
        let text = "title = \"A congress\"\ndate = \"(tbc) 8 Nov\"\npostponed_from = \"7-9 Oct\"\n\
                    location = \"Lyon\"\nurl = \"https://example.org/\"\norganizers = \"UCLG\"\n\
                    time = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n";
        let tags = crate::config::builtin_tags();
        let ctx =
            crate::event::Context { year: Some(2021), tags: &tags, timezone: None, languages: &[] };
        let event = Event::parse(&Source::new("content/c.toml", text.to_string()), &ctx).unwrap();
        let view = event_view(&locale::ENGLISH, &[], &[], &event);
        let serialised = Value::from(minijinja::value::Serde(&view));
        let keys: Vec<Value> = serialised.try_iter().unwrap().collect();
        assert_eq!(keys, VIEW_KEYS.map(Value::from));
        let listed = Value::from_object(ListView::new(view));
        for key in VIEW_KEYS {
            let (got, want) = (listed.get_attr(key).unwrap(), serialised.get_attr(key).unwrap());
            assert_eq!((got.kind(), got.to_string()), (want.kind(), want.to_string()), "{key}");
        }
        assert!(listed.get_attr("nothing").unwrap().is_undefined());
    }
}
