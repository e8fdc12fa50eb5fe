//! One event file becomes a checked [`Event`], or every problem in it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::config::{Tag, is_language_tag};
use crate::date::{self, DateErrorKind, DateExpr, Hours, When, Zone};
use crate::diagnostic::{ContentProblem, Diagnostic, Problems, Source, ValueProblem, suggest};
use crate::fields::{Fields, Located, Translations, parse_document};
use crate::slug;
use crate::translatable::{self, Translatable};

/// A checked event, ready to be published.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The id of its page and `.ics` file.
    pub slug: String,
    /// Its file, relative to the project root.
    pub source: PathBuf,
    /// Plain-text title.
    pub title: String,
    /// When it is, parsed once.
    pub date: DateExpr,
    /// Start and end times, for a timed event on one day.
    pub time: Option<Timed>,
    /// Tag ids, all defined in `calendar.toml`, in the file's order.
    pub tags: Vec<String>,
    /// Where it is: a city, `Online`, `Hybrid`.
    pub location: Option<String>,
    /// Its official site.
    pub url: Option<String>,
    /// Markdown text.
    pub description: Option<String>,
    /// Who organises it.
    pub organizers: Vec<String>,
    /// Left out of the site and the feeds unless drafts are asked for.
    pub draft: bool,
    /// When the editor last changed it, as a date.
    pub updated: Option<NaiveDate>,
    /// Byte span of the `slug` key's value, when the slug was not taken from the file name.
    pub slug_span: Option<Range<usize>>,
    /// Whether it still takes place.
    pub status: Status,
    /// The date it was moved from, when it was postponed (`postponed_from`).
    pub postponed_from: Option<DateExpr>,
    /// Its title, location and description in the calendar's other languages (`[fr]`).
    pub translations: Translations,
    /// The texts shown in another language than the page's, for want of a translation,
    /// each with that language: pages mark them with `lang`.
    pub lang_of: BTreeMap<Translatable, String>,
    /// The language its own texts are written in (`language`), when it is given.
    pub language: Option<String>,
    /// How readers attend it (`attendance`), when it is given.
    pub attendance: Option<Attendance>,
    /// Its call for proposals, applications or nominations (`[call]`).
    pub call: Option<Call>,
}

/// How readers attend an event, from its `attendance` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    /// At its place.
    InPerson,
    /// On the Internet.
    Online,
    /// Either.
    Hybrid,
}

impl Attendance {
    /// Every kind, in the order filters list them.
    pub const ALL: [Attendance; 3] = [Attendance::InPerson, Attendance::Online, Attendance::Hybrid];

    /// Its value in event files, `events.json` and `data-attendance`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Attendance::InPerson => "in-person",
            Attendance::Online => "online",
            Attendance::Hybrid => "hybrid",
        }
    }

    /// Its schema.org `eventAttendanceMode`.
    pub const fn schema_org(self) -> &'static str {
        match self {
            Attendance::InPerson => "https://schema.org/OfflineEventAttendanceMode",
            Attendance::Online => "https://schema.org/OnlineEventAttendanceMode",
            Attendance::Hybrid => "https://schema.org/MixedEventAttendanceMode",
        }
    }
}

/// A call for proposals, applications or nominations attached to an event (`[call]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The deadline: the last day of its `until` (a day, or a range's or month's last day).
    pub until: NaiveDate,
    /// Whether the deadline is to be confirmed (`until = "(tbc) 15 Mar"`).
    pub tentative: bool,
    /// Where to answer it.
    pub url: Option<String>,
    /// Its name, such as "Call for nominations"; none for the language's "Call for proposals".
    pub label: Option<String>,
    /// Its label in the calendar's other languages (`fr = { label = "…" }`).
    pub translations: Translations,
    /// The texts shown in another language, for want of a translation, with that language.
    pub lang_of: BTreeMap<Translatable, String>,
}

/// Whether an event takes place, from its `status` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// It takes place (maybe at a date still to be confirmed).
    #[default]
    Scheduled,
    /// It will not take place.
    Cancelled,
    /// It will not take place at its date, and has no new one yet.
    Postponed,
}

impl Status {
    /// Whether it does not take place at its date: cancelled or postponed.
    pub fn is_off(self) -> bool {
        self != Status::Scheduled
    }
}

/// The hours of a timed event, on the event's one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    /// When it starts, local time.
    pub start: NaiveTime,
    /// When it ends, local time; `None` when only a start is given.
    pub end: Option<NaiveTime>,
    /// The zone the times are in.
    pub zone: Zone,
}

/// What an event file needs from its surroundings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The year of its folder, or else of `calendar.toml`.
    pub year: Option<i32>,
    /// The defined tags.
    pub tags: &'a [Tag],
    /// The calendar's time zone.
    pub timezone: Option<Tz>,
    /// The calendar's languages, the default first: the others name its translations.
    pub languages: &'a [String],
}

impl Event {
    /// The event's page, relative to the site root.
    pub fn page_path(&self) -> String {
        format!("events/{}.html", self.slug)
    }

    /// The event's own iCalendar file, relative to the site root.
    pub fn ics_path(&self) -> String {
        format!("events/{}.ics", self.slug)
    }

    /// Reads and checks one event file; `src.path` gives the default slug.
    pub fn parse(src: &Source, ctx: &Context<'_>) -> Result<Event, Vec<Diagnostic>> {
        Self::read(src, ctx).map(|(event, _)| event)
    }

    /// [`Event::parse`], with the warnings of a good file (such as a date that could be
    /// read two ways); a file with errors has its warnings among them.
    pub fn read(
        src: &Source,
        ctx: &Context<'_>,
    ) -> Result<(Event, Vec<Diagnostic>), Vec<Diagnostic>> {
        let doc = parse_document(src)?;
        let errors = Problems::new(src);
        let f = Fields::new(src, &doc, &errors);
        // A title may be wrapped over lines in the file; pages show it on one.
        let title = f.required_text("title", "title = \"UCLG Annual Retreat & Campus\"", 300, true);
        let date_text = f.string("date");
        let start = f.date("start");
        let end = f.date("end");
        let tbc = f.boolean("tbc");
        let tags = f.strings("tags", "a list of tag ids such as [\"diplomacy\"]");
        let location = f.text("location", 200, false);
        let url = f.http_url("url");
        let description = f.text("description", 20_000, true);
        let slug_key = f.slug("slug");
        let draft = f.boolean("draft");
        let time = f.string("time");
        let timezone_text = f.string("timezone");
        let timezone = timezone_text.clone().and_then(|t| read_timezone(&f, t));
        let year = f.year("year");
        let organizers = f.texts("organizers", "a list of names such as [\"Metropolis\"]", 200);
        let updated = f.date("updated");
        let status = read_status(&f);
        let postponed_from = f.string("postponed_from");
        let translations = f.translations(ctx.languages, translatable::EVENT);
        let language = read_language(&f);
        let attendance = read_attendance(&f);
        let call = read_call(&f, ctx, year.as_ref().map(|y| y.value).or(ctx.year));
        let time_key_present = f.has("time");
        let timezone_present = f.has("timezone");

        let year = year.map(|y| y.value).or(ctx.year);
        let date_span =
            date_text.as_ref().map(|t| f.source().inner_span(&t.span, &t.value, 0..t.value.len()));
        let date = read_date(&f, date_text, start, end, tbc, year);
        let tags = read_tags(&f, tags.unwrap_or_default(), ctx.tags);
        let (slug, slug_span) = read_slug(&f, slug_key, &src.path);
        let zone = match &timezone {
            Some(tz) => ZoneFrom::Given(tz.value),
            None if timezone_present => ZoneFrom::Invalid,
            None => ctx.timezone.map_or(ZoneFrom::Absent, |tz| ZoneFrom::Given(Zone::Named(tz))),
        };
        let hours = date.and_then(|d| d.hours);
        let time = match (time, hours, date_span) {
            (Some(t), Some(_), _) => {
                f.report(t.span, DateErrorKind::TimeTwice);
                None
            }
            (None, Some(h), Some(span)) => {
                let zone_twice = h.zone.is_some() && timezone_present;
                let day = date.map(|d| d.when.first_day());
                let zone = if zone_twice { ZoneFrom::Invalid } else { zone };
                day.and_then(|day| hours_in_date(&f, h, day, span, zone))
            }
            (t, ..) => t.and_then(|t| read_time(&f, t, date, zone)),
        };
        let postponed_from = postponed_from.and_then(|text| parse_date(&f, text, year));
        // `timezone = "CEST"` on a day in winter: said as for a zone in the date.
        let day = date.map(|d| d.when.first_day());
        if let (Some(t), Some(text), Some(day)) = (time, &timezone_text, day)
            && let Some(warning) = date::out_of_season(text.value.trim(), day, t.start)
        {
            f.warn(text.span.clone(), warning);
        }
        match timezone.as_ref() {
            Some(tz) if hours.is_some_and(|h| h.zone.is_some()) => {
                f.report(tz.span.clone(), DateErrorKind::ZoneTwice);
            }
            Some(tz) if !time_key_present && hours.is_none() => {
                f.report(tz.span.clone(), DateErrorKind::ZoneWithoutTime);
            }
            _ => {}
        }
        f.finish();

        let failed = errors.has_errors();
        let errors = errors.into_vec();
        match (title, date, slug) {
            (Some(title), Some(date), Some(slug)) if !failed => Ok((
                Event {
                    slug,
                    source: src.path.clone(),
                    title: title.value.trim().to_string(),
                    date,
                    time,
                    tags,
                    location: non_blank(location),
                    url: url.map(|u| u.value.to_string()),
                    description: non_blank(description),
                    organizers: organizers
                        .unwrap_or_default()
                        .into_iter()
                        .map(|o| o.value)
                        .collect(),
                    draft: draft.is_some_and(|d| d.value),
                    updated: updated.map(|u| u.value),
                    slug_span,
                    status,
                    postponed_from,
                    translations,
                    lang_of: BTreeMap::new(),
                    language: language.map(|l| l.value),
                    attendance,
                    call,
                }
                .marked_for(ctx.languages.first()),
                errors,
            )),
            _ => Err(errors),
        }
    }

    /// The event with its texts marked as written in its own `language`, for the pages of
    /// the calendar's `default` language when that is another; the other languages' builds
    /// mark them in [`crate::translate::in_language`].
    fn marked_for(mut self, default: Option<&String>) -> Event {
        let other = |l: &&String| default.is_none_or(|d| !d.eq_ignore_ascii_case(l));
        if let Some(language) = self.language.as_ref().filter(other) {
            let written = [
                (Translatable::Title, true),
                (Translatable::Location, self.location.is_some()),
                (Translatable::Description, self.description.is_some()),
            ];
            self.lang_of = written
                .into_iter()
                .filter(|&(_, is)| is)
                .map(|(key, _)| (key, language.clone()))
                .collect();
        }
        self
    }
}

/// The language an event's texts are written in: any well-formed BCP 47 tag, one of the
/// calendar's `languages` or not (a German talk in a French and English calendar), since
/// pages only mark its texts with it.
fn read_language(f: &Fields<'_, '_>) -> Option<Located<String>> {
    let code = f.string("language")?;
    if is_language_tag(&code.value) {
        Some(code)
    } else {
        f.report(code.span, ValueProblem::BadLanguage { code: code.value });
        None
    }
}

fn non_blank(s: Option<Located<String>>) -> Option<String> {
    s.map(|s| s.value.trim().to_string()).filter(|s| !s.is_empty())
}

fn read_date(
    f: &Fields<'_, '_>,
    text: Option<Located<String>>,
    start: Option<Located<NaiveDate>>,
    end: Option<Located<NaiveDate>>,
    tbc: Option<Located<bool>>,
    year: Option<i32>,
) -> Option<DateExpr> {
    let tbc_flag = tbc.as_ref().is_some_and(|t| t.value);
    match (text, start) {
        (Some(_), Some(start)) => {
            f.report(start.span, ContentProblem::DateAndStart);
            None
        }
        (Some(text), None) => {
            if let Some(end) = end {
                f.report(end.span, ContentProblem::NeedsStart { key: "end" });
            }
            parse_date(f, text, year).map(|mut d| {
                d.tentative |= tbc_flag;
                d
            })
        }
        (None, Some(start)) => {
            let last = end.as_ref().map_or(start.value, |e| e.value);
            match When::from_days(start.value, last) {
                Some(when) => Some(DateExpr::new(when, tbc_flag)),
                None => {
                    let span = end.map_or(start.span, |e| e.span);
                    let kind = date::DateErrorKind::Reversed { start: start.value, end: last };
                    f.report(span, kind);
                    None
                }
            }
        }
        (None, None) => {
            let orphans = [("end", end.map(|e| e.span)), ("tbc", tbc.map(|t| t.span))];
            let mut orphaned = false;
            for (key, span) in orphans {
                if let Some(span) = span {
                    f.report(span, ContentProblem::NeedsStart { key });
                    orphaned = true;
                }
            }
            if !orphaned && !f.has("start") {
                f.absent(&["date", "start"], ContentProblem::NoDate.into());
            }
            None
        }
    }
}

/// The event's own zone: an IANA name, or any zone a date may name (`EDT`, `UTC-03`),
/// read as in a date, so that a name copied from an invitation means the same in either.
fn read_timezone(f: &Fields<'_, '_>, name: Located<String>) -> Option<Located<Zone>> {
    match date::zone(name.value.trim()) {
        Ok(zone) => Some(Located { value: zone, span: name.span }),
        Err(DateErrorKind::UnknownZone { .. }) => {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
            let suggestion = suggest(&name.value, names);
            f.report(name.span, ValueProblem::UnknownTimezone { zone: name.value, suggestion });
            None
        }
        Err(kind) => {
            f.report(name.span, kind);
            None
        }
    }
}

/// A date expression of the file, or its error reported at its place; how it was read,
/// where it could mean something else, is a warning at its place.
fn parse_date(f: &Fields<'_, '_>, text: Located<String>, year: Option<i32>) -> Option<DateExpr> {
    match date::parse_noted(&text.value, year) {
        Ok(noted) => {
            for warning in noted.warnings {
                let span = f.source().inner_span(&text.span, &text.value, warning.span);
                f.warn(span, warning.kind);
            }
            Some(noted.date)
        }
        Err(e) => {
            let span = f.source().inner_span(&text.span, &text.value, e.span);
            f.report(span, e.kind);
            None
        }
    }
}

/// `attendance`: `in-person`, `online` or `hybrid`, in any case, with a space or an
/// underscore for the hyphen.
fn read_attendance(f: &Fields<'_, '_>) -> Option<Attendance> {
    let written = f.string("attendance")?;
    let value = written.value.trim().to_lowercase().replace([' ', '_'], "-");
    if let Some(kind) = Attendance::ALL.into_iter().find(|a| a.as_str() == value) {
        return Some(kind);
    }
    let allowed = &["in-person", "online", "hybrid"];
    let suggestion = suggest(&value, allowed.iter().copied());
    let problem =
        ValueProblem::NotOneOf { key: "attendance", value: written.value, allowed, suggestion };
    f.report(written.span, problem);
    None
}

/// The `[call]` table: `until` (required), `url` and `label`, the label translated as a
/// tag's is (`fr = { label = "…" }`). The deadline is the last day of `until`; a date
/// with hours, or with no month, is refused.
fn read_call(f: &Fields<'_, '_>, ctx: &Context<'_>, year: Option<i32>) -> Option<Call> {
    let c = f.table("call")?;
    let until = if c.require("until", "until = \"15 Mar\"") { c.string("until") } else { None };
    let url = c.http_url("url");
    let label = c.text("label", 100, false);
    let translations = c.translations(ctx.languages, translatable::CALL);
    let until = until.and_then(|text| {
        let span = text.span.clone();
        let date = parse_date(&c, text, year)?;
        let refused = if date.hours.is_some() {
            Some("a time")
        } else if matches!(date.when, When::Year(_)) {
            Some("a year")
        } else {
            None
        };
        match refused {
            Some(what) => {
                c.report(span, ContentProblem::DeadlineNotADay { what });
                None
            }
            None => Some(date),
        }
    });
    c.misplaced(MISPLACED_IN_CALL, "[call]");
    c.finish();
    let until = until?;
    Some(Call {
        until: until.when.last_day(),
        tentative: until.tentative,
        url: url.map(|u| u.value.to_string()),
        label: non_blank(label),
        translations,
        lang_of: BTreeMap::new(),
    })
}

/// The keys of an event's top level that a `[call]` table does not have: written below it,
/// they were meant for the event (TOML reads every line up to the next header as the
/// table's). `url` is the call's own.
const MISPLACED_IN_CALL: &[&str] = &[
    "title",
    "date",
    "start",
    "end",
    "tbc",
    "tags",
    "location",
    "description",
    "slug",
    "draft",
    "time",
    "timezone",
    "year",
    "organizers",
    "updated",
    "status",
    "postponed_from",
    "language",
    "attendance",
];

/// `status`: `cancelled` (or `canceled`) or `postponed`; absent, the event takes place.
fn read_status(f: &Fields<'_, '_>) -> Status {
    let Some(status) = f.string("status") else {
        return Status::Scheduled;
    };
    match status.value.trim().to_lowercase().as_str() {
        "cancelled" | "canceled" => Status::Cancelled,
        "postponed" => Status::Postponed,
        _ => {
            let allowed = &["cancelled", "postponed"];
            let suggestion = suggest(&status.value, allowed.iter().copied());
            f.report(
                status.span,
                ValueProblem::NotOneOf { key: "status", value: status.value, allowed, suggestion },
            );
            Status::Scheduled
        }
    }
}

/// The most tags one event may have: each puts the event in another tag's page and feeds.
pub const MAX_TAGS: usize = 20;

fn read_tags(f: &Fields<'_, '_>, written: Vec<Located<String>>, defined: &[Tag]) -> Vec<String> {
    if written.len() > MAX_TAGS {
        let span = written[MAX_TAGS].span.clone();
        f.report(span, ValueProblem::TooMany { key: "tags", count: written.len(), max: MAX_TAGS });
        return Vec::new();
    }
    let mut tags: Vec<String> = Vec::with_capacity(written.len());
    for tag in written {
        let id = tag.value;
        if tags.contains(&id) {
            f.report(tag.span, ContentProblem::RepeatedTag { tag: id });
        } else if defined.iter().any(|t| t.id == id) {
            tags.push(id);
        } else {
            let span = f.source().inner_span(&tag.span, &id, 0..id.len());
            f.report_with(span, || {
                // "Capacity Building" and "urban diplomacy" are what editors see in the legend.
                let cleaned = slug::slugify(&id);
                let suggestion = defined
                    .iter()
                    .find(|t| {
                        let label = slug::slugify(&t.label);
                        t.id == cleaned
                            || label == cleaned
                            || (cleaned.len() >= 4 && label.contains(&cleaned))
                    })
                    .map(|t| t.id.clone())
                    .or_else(|| suggest(&id, defined.iter().map(|t| t.id.as_str())));
                let known = defined.iter().map(|t| t.id.clone()).collect();
                ContentProblem::UnknownTag { tag: id, suggestion, known }
            });
        }
    }
    tags
}

/// The event's slug: its `slug` key, checked by [`Fields::slug`], or else its file name.
fn read_slug(
    f: &Fields<'_, '_>,
    key: Option<Located<String>>,
    path: &Path,
) -> (Option<String>, Option<Range<usize>>) {
    if let Some(k) = key {
        return (Some(k.value), Some(k.span));
    }
    if f.has("slug") {
        // A bad `slug` key, reported already; the file name does not stand in for it.
        return (None, None);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if slug::is_valid(&stem) && stem.len() > slug::MAX_LEN {
        let problem = ValueProblem::SlugTooLong {
            length: stem.len(),
            max: slug::MAX_LEN,
            suggestion: slug::shorten(&stem),
            from_file_name: true,
        };
        f.report(0..0, problem);
        return (None, None);
    }
    if slug::is_valid(&stem) {
        return (Some(stem), None);
    }
    let problem = ValueProblem::BadSlug {
        suggestion: slug::slugify(&stem),
        from_file_name: true,
        slug: stem,
    };
    f.report(0..0, problem);
    (None, None)
}

/// The zone a timed event's hours are read in.
#[derive(Clone, Copy)]
enum ZoneFrom {
    /// From the event, or else from `calendar.toml`.
    Given(Zone),
    /// The event names a zone that does not exist; that is reported already.
    Invalid,
    /// Neither the event nor the calendar names one.
    Absent,
}

fn read_time(
    f: &Fields<'_, '_>,
    text: Located<String>,
    date: Option<DateExpr>,
    zone: ZoneFrom,
) -> Option<Timed> {
    let Some((start, end)) = date::parse_time_range(&text.value) else {
        f.report(text.span, DateErrorKind::BadTimeKey { text: text.value });
        return None;
    };
    match date.map(|d| d.when) {
        Some(When::Range(..)) => {
            f.report(text.span, DateErrorKind::TimeKeyNotOnDay { what: "a range of days" });
            return None;
        }
        Some(When::Month(..)) => {
            f.report(text.span, DateErrorKind::TimeKeyNotOnDay { what: "a month" });
            return None;
        }
        Some(When::Year(..)) => {
            f.report(text.span, DateErrorKind::TimeKeyNotOnDay { what: "a year" });
            return None;
        }
        _ => {}
    }
    match zone {
        ZoneFrom::Given(zone) => {
            let day = match date.map(|d| d.when) {
                Some(When::Day(day)) => Some(day),
                _ => None,
            };
            outside_gap(f, &text.span, day, Timed { start, end, zone })
        }
        ZoneFrom::Invalid => None,
        ZoneFrom::Absent => {
            f.report(text.span, DateErrorKind::TimeWithoutZone);
            None
        }
    }
}

/// When `time` does not exist on `day` in `zone` (the clocks jump over it), the last
/// minute before the jump and the first after it, as the zone's clocks show them.
fn gap_around(day: NaiveDate, time: NaiveTime, zone: Zone) -> Option<(NaiveTime, NaiveTime)> {
    use chrono::TimeZone;
    // A fixed offset has no gaps.
    let zone = zone.iana()?;
    let exists = |t: chrono::NaiveDateTime| zone.from_local_datetime(&t).earliest().is_some();
    let local = day.and_time(time);
    if exists(local) {
        return None;
    }
    let minute = chrono::Duration::minutes(1);
    // Gaps last an hour or two at most; a day's bound keeps a strange zone finite.
    let (mut before, mut after) = (local - minute, local + minute);
    for _ in 0..1440 {
        if exists(before) {
            break;
        }
        before -= minute;
    }
    for _ in 0..1440 {
        if exists(after) {
            break;
        }
        after += minute;
    }
    Some(((before + minute).time(), after.time()))
}

/// The hours of a timed event, unless one of them falls in a daylight-saving gap of its
/// day (reported at `span`).
fn outside_gap(
    f: &Fields<'_, '_>,
    span: &Range<usize>,
    day: Option<NaiveDate>,
    timed: Timed,
) -> Option<Timed> {
    let Timed { start, end, zone } = timed;
    if let Some(day) = day {
        for time in std::iter::once(start).chain(end) {
            if let (Some((from, to)), Some(zone)) = (gap_around(day, time, zone), zone.iana()) {
                f.report(span.clone(), DateErrorKind::TimeInGap { time, day, zone, from, to });
                return None;
            }
        }
    }
    Some(timed)
}

/// The hours written in the date (`9 March, 09:00-10:30 CET`) on its `day`, in their own
/// zone, else the event's or the calendar's; `span` is the date's.
fn hours_in_date(
    f: &Fields<'_, '_>,
    hours: Hours,
    day: NaiveDate,
    span: Range<usize>,
    zone: ZoneFrom,
) -> Option<Timed> {
    let Hours { start, end, zone: written } = hours;
    match written.map_or(zone, ZoneFrom::Given) {
        ZoneFrom::Given(zone) => outside_gap(f, &span, Some(day), Timed { start, end, zone }),
        ZoneFrom::Invalid => None,
        ZoneFrom::Absent => {
            f.report(span, DateErrorKind::NoZone);
            None
        }
    }
}

/// An event of 2021 with only a slug, a title and a date, for the unit tests of what is
/// made of events (the calendar's months, the editions).
#[cfg(test)]
pub(crate) fn example(slug: &str, title: &str, date: &str) -> Event {
    Event {
        slug: slug.into(),
        source: format!("content/{slug}.toml").into(),
        title: title.into(),
        date: crate::date::parse(date, Some(2021)).unwrap(),
        time: None,
        tags: vec![],
        location: None,
        url: None,
        description: None,
        organizers: vec![],
        draft: false,
        updated: None,
        slug_span: None,
        status: Default::default(),
        postponed_from: None,
        translations: Default::default(),
        lang_of: Default::default(),
        language: None,
        attendance: None,
        call: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::builtin_tags;

    fn parse(path: &str, text: &str) -> Result<Event, Vec<String>> {
        let tags = builtin_tags();
        let ctx = Context { year: Some(2021), tags: &tags, timezone: None, languages: &[] };
        Event::parse(&Source::new(path, text), &ctx).map_err(|errors| {
            errors.iter().map(|e| format!("{}: {}", e.location(), e.problem)).collect()
        })
    }

    #[test]
    fn a_full_event() {
        let e = parse(
            "content/2021/retreat.toml",
            r#"title = " UCLG Annual Retreat & Campus "
date = "(tbc) 15-22 Feb"
tags = ["diplomacy", "capacity-building"]
location = "Guangzhou, China"
url = "https://example.org/retreat"
description = """Some *Markdown*."""
organizers = "UCLG"
updated = 2021-01-30
"#,
        )
        .unwrap();
        assert_eq!(e.slug, "retreat");
        assert_eq!(e.title, "UCLG Annual Retreat & Campus");
        assert_eq!(e.date.to_string(), "(tbc) 15-22 Feb");
        assert_eq!(e.tags, ["diplomacy", "capacity-building"]);
        assert_eq!(e.location.as_deref(), Some("Guangzhou, China"));
        assert_eq!(e.url.as_deref(), Some("https://example.org/retreat"));
        assert_eq!(e.organizers, ["UCLG"]);
        assert_eq!(e.updated, NaiveDate::from_ymd_opt(2021, 1, 30));
        assert!(!e.draft);
    }

    #[test]
    fn start_end_and_tbc_keys() {
        let e =
            parse("a.toml", "title = \"A\"\nstart = 2021-08-31\nend = 2021-09-02\ntbc = true\n")
                .unwrap();
        assert_eq!(e.date.to_string(), "(tbc) 31 Aug – 2 Sep");
        let e = parse("a.toml", "title = \"A\"\nstart = 2021-08-31\n").unwrap();
        assert_eq!(e.date.to_string(), "31 Aug");
    }

    #[test]
    fn the_event_year_beats_the_context_year() {
        let e = parse("a.toml", "title = \"A\"\ndate = \"16 Feb\"\nyear = 2024\n").unwrap();
        assert_eq!(e.date.when.first_day(), NaiveDate::from_ymd_opt(2024, 2, 16).unwrap());
    }

    #[test]
    fn timed_events() {
        let e = parse(
            "a.toml",
            "title = \"W\"\ndate = \"16 Feb\"\ntime = \"09:00-10:30\"\ntimezone = \"Europe/Madrid\"\n",
        )
        .unwrap();
        let t = e.time.unwrap();
        assert_eq!(
            (t.start.to_string(), t.end.unwrap().to_string()),
            ("09:00:00".into(), "10:30:00".into())
        );
        assert_eq!(t.zone, Zone::Named(chrono_tz::Europe::Madrid));
    }

    /// A date or zone that could mean something else: the event, with warnings at their
    /// places; beside an error, the warnings are among the problems.
    #[test]
    fn readings_of_two_meanings_are_warnings() {
        let tags = builtin_tags();
        let ctx = Context { year: Some(2021), tags: &tags, timezone: None, languages: &[] };
        let read = |text: &str| Event::read(&Source::new("a.toml", text), &ctx);
        let (event, warnings) = read(
            "title = \"A\"\ndate = \"03/04/2021\"\ntime = \"9h\"\ntimezone = \"CEST\"\npostponed_from = \"30-1 June\"\n",
        )
        .unwrap();
        assert_eq!(event.date.when, When::Day(NaiveDate::from_ymd_opt(2021, 4, 3).unwrap()));
        assert_eq!(event.time.unwrap().zone, Zone::Named(chrono_tz::Europe::Brussels));
        let shown: Vec<String> =
            warnings.iter().map(|w| format!("{} {:?}", w.location(), w.severity)).collect();
        // `CEST` on 3 April is summer time: no warning for it.
        assert_eq!(shown, ["a.toml:2:9 Warning", "a.toml:5:19 Warning"]);
        let problems =
            read("title = \"A\"\ndate = \"03/04/2021\"\nurl = \"ftp://x\"\n").unwrap_err();
        let mut severities: Vec<_> = problems.iter().map(|p| p.severity).collect();
        severities.sort();
        use crate::diagnostic::Severity;
        assert_eq!(severities, [Severity::Error, Severity::Warning]);
    }

    /// Every problem of one file, at once, with its position.
    #[test]
    fn every_problem_of_a_file_is_reported() {
        let errors = parse(
            "content/2021/Bad Name.toml",
            r#"titel = "Webinar"
date = "31 Feb"
tags = ["diplomcy", "Capacity Building", 3]
url = "javascript:alert(1)"
draft = "yes"
time = "9am"
timezone = "Europe/Pariss"
"#,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "content/2021/Bad Name.toml:3:42: `tags` should be a list of tag ids such as [\"diplomacy\"], not a number",
                "content/2021/Bad Name.toml:4:7: `url` must be an http:// or https:// address",
                "content/2021/Bad Name.toml:5:9: `draft` should be true or false, not text",
                "content/2021/Bad Name.toml:7:12: unknown time zone `Europe/Pariss`",
                "content/2021/Bad Name.toml:2:9: there is no 31 February in 2021",
                "content/2021/Bad Name.toml:3:10: unknown tag `diplomcy`",
                "content/2021/Bad Name.toml:3:22: unknown tag `Capacity Building`",
                "content/2021/Bad Name.toml:1:1: `Bad Name` is not a valid slug (it comes from the file name)",
                "content/2021/Bad Name.toml:6:8: `9am` is not a time or time range",
                "content/2021/Bad Name.toml:1:1: unknown key `titel`",
            ]
        );
    }

    #[test]
    fn date_rules() {
        let cases = [
            ("date = \"16 Feb\"\nstart = 2021-02-16", "3:9: both `date` and `start` are given"),
            ("", "1:1: the event has no date"),
            ("end = 2021-02-16", "2:7: `end` needs `start`"),
            (
                "start = 2021-02-16\nend = 2021-02-15",
                "3:7: the range ends (2021-02-15) before it starts (2021-02-16)",
            ),
            (
                "start = 2021-02-16T10:00:00",
                "2:9: `start` should be a plain date such as 2021-02-15, without a time",
            ),
            (
                "date = \"15-22 Feb\"\ntime = \"10:00\"\ntimezone = \"UTC\"",
                "3:8: `time` applies to a single day, but this event's date is a range of days",
            ),
            ("date = \"16 Feb\"\ntime = \"10:00\"", "3:8: `time` needs a time zone"),
            ("date = \"16 Feb\"\ntimezone = \"UTC\"", "3:12: `timezone` is given without `time`"),
            (
                "date = \"16 Feb\"\ntime = \"11:00-10:00\"\ntimezone = \"UTC\"",
                "3:8: `11:00-10:00` is not a time or time range",
            ),
            (
                "date = \"16 Feb\"\ntags = [\"diplomacy\", \"diplomacy\"]",
                "3:22: tag `diplomacy` is listed twice",
            ),
            ("date = \"16 Feb\"\nslug = \"../x\"", "3:8: `../x` is not a valid slug"),
            ("date = \"Fbe 3\"", "2:9: unknown month `Fbe`"),
            (
                "date = \"28 Mar\"\ntime = \"02:30-03:30\"\ntimezone = \"Europe/Madrid\"",
                "3:8: 02:30 does not exist on 28 March 2021 in Europe/Madrid: the clocks go from 02:00 straight to 03:00",
            ),
            (
                "date = \"28 Mar\"\ntime = \"01:30-02:15\"\ntimezone = \"Europe/Madrid\"",
                "3:8: 02:15 does not exist on 28 March 2021 in Europe/Madrid: the clocks go from 02:00 straight to 03:00",
            ),
            (
                "date = \"14 Mar\"\ntime = \"02:00\"\ntimezone = \"America/New_York\"",
                "3:8: 02:00 does not exist on 14 March 2021 in America/New_York: the clocks go from 02:00 straight to 03:00",
            ),
            ("date = \"16 Feb\"\nstatus = \"moved\"", "3:10: `status` cannot be `moved`"),
            (
                "date = \"16 Feb\"\npostponed_from = \"31 Feb\"",
                "3:19: there is no 31 February in 2021",
            ),
        ];
        for (body, expected) in cases {
            let errors = parse("e.toml", &format!("title = \"T\"\n{body}\n")).unwrap_err();
            assert_eq!(errors, [format!("e.toml:{expected}")], "{body:?}");
        }
    }

    /// `attendance`: each kind as editors may write it, and a value that is none of them.
    #[test]
    fn attendance_kinds() {
        let cases = [
            ("in-person", Ok(Some(Attendance::InPerson))),
            ("In Person", Ok(Some(Attendance::InPerson))),
            ("in_person", Ok(Some(Attendance::InPerson))),
            (" ONLINE ", Ok(Some(Attendance::Online))),
            ("hybrid", Ok(Some(Attendance::Hybrid))),
            ("onlin", Err("e.toml:3:14: `attendance` cannot be `onlin`".to_string())),
            ("virtual", Err("e.toml:3:14: `attendance` cannot be `virtual`".to_string())),
        ];
        for (written, expected) in cases {
            let text = format!("title = \"T\"\ndate = \"16 Feb\"\nattendance = \"{written}\"\n");
            let got = parse("e.toml", &text).map(|e| e.attendance).map_err(|e| e.join("\n"));
            assert_eq!(got, expected, "{written}");
        }
        let e = parse("e.toml", "title = \"T\"\ndate = \"16 Feb\"\n").unwrap();
        assert_eq!(e.attendance, None);
    }

    /// The help of an unknown attendance names the closest kind, else every kind.
    #[test]
    fn an_unknown_attendance_suggests_the_closest_kind() {
        let ctx = Context { year: Some(2021), tags: &[], timezone: None, languages: &[] };
        let help = |written: &str| {
            let text = format!("title = \"T\"\ndate = \"16 Feb\"\nattendance = \"{written}\"\n");
            let errors = Event::parse(&Source::new("e.toml", text), &ctx).unwrap_err();
            errors[0].problem.help()
        };
        assert_eq!(help("onlin").as_deref(), Some("did you mean `online`?"));
        assert_eq!(help("virtual").as_deref(), Some("use one of `in-person`, `online`, `hybrid`"));
    }

    /// `[call]`: its deadline is the last day of `until`, read as event dates are (the
    /// event's year); a time or a year alone is refused, as is a call without `until`.
    #[test]
    fn calls_and_their_deadlines() {
        let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let cases = [
            ("until = \"15 Mar\"", Ok((day(3, 15), false))),
            ("until = \"(tbc) 15 Mar\"", Ok((day(3, 15), true))),
            ("until = \"1-15 Mar\"", Ok((day(3, 15), false))),
            ("until = \"March\"", Ok((day(3, 31), false))),
            ("until = \"2021-03-15\"", Ok((day(3, 15), false))),
            (
                "until = \"15 Mar 17:00 CET\"",
                Err("e.toml:5:9: a call's `until` is the last day to answer, not a time"),
            ),
            (
                "until = \"TBC\"",
                Err("e.toml:5:9: a call's `until` is the last day to answer, not a year"),
            ),
            ("until = \"31 Feb\"", Err("e.toml:5:10: there is no 31 February in 2021")),
            (
                "until = \"15 Mar\"\nattendance = \"online\"",
                Err(
                    "e.toml:6:1: `attendance` is written below `[call]`, so it is read as part of that table",
                ),
            ),
            ("url = \"https://x.org/\"", Err("e.toml:4:1: `call.until` is missing")),
            (
                "until = \"15 Mar\"\nurl = \"ftp://x.org/\"",
                Err("e.toml:6:7: `url` must be an http:// or https:// address"),
            ),
        ];
        for (body, expected) in cases {
            let text = format!("title = \"T\"\ndate = \"16 Apr\"\n\n[call]\n{body}\n");
            let got = parse("e.toml", &text)
                .map(|e| e.call.map(|c| (c.until, c.tentative)).unwrap())
                .map_err(|e| e.join("\n"));
            assert_eq!(got, expected.map_err(String::from), "{body}");
        }
    }

    #[test]
    fn a_call_s_url_label_and_translations() {
        let tags = builtin_tags();
        let languages = ["en".to_string(), "fr".to_string()];
        let ctx = Context { year: Some(2021), tags: &tags, timezone: None, languages: &languages };
        let text = "title = \"T\"\ndate = \"16 Apr\"\n[call]\nuntil = \"15 Mar\"\n\
                    url = \"https://x.org/apply\"\nlabel = \"Call for nominations\"\n\
                    fr = { label = \"Appel à nominations\" }\n";
        let e = Event::parse(&Source::new("e.toml", text), &ctx).unwrap();
        let call = e.call.unwrap();
        assert_eq!(call.url.as_deref(), Some("https://x.org/apply"));
        assert_eq!(call.label.as_deref(), Some("Call for nominations"));
        assert_eq!(call.translations.get("fr", Translatable::Label), Some("Appel à nominations"));
        let e = parse("e.toml", "title = \"T\"\ndate = \"16 Apr\"\n[call]\nuntil = \"15 Mar\"\n");
        let call = e.unwrap().call.unwrap();
        assert_eq!((call.url, call.label), (None, None));
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let errors = parse("e.toml", "title = \"T\ndate = \"16 Feb\"\n").unwrap_err();
        assert_eq!(
            errors,
            ["e.toml:1:11: this is not valid TOML: invalid basic string, expected `\"`"]
        );
    }

    #[test]
    fn status_and_postponed_from() {
        let cases = [
            ("", Status::Scheduled, None),
            ("status = \"cancelled\"", Status::Cancelled, None),
            ("status = \" Canceled \"", Status::Cancelled, None),
            ("status = \"POSTPONED\"", Status::Postponed, None),
            ("postponed_from = \"7 Feb\"", Status::Scheduled, Some("7 Feb")),
            (
                "status = \"postponed\"\npostponed_from = \"1-3 Feb\"",
                Status::Postponed,
                Some("1-3 Feb"),
            ),
        ];
        for (body, status, from) in cases {
            let e =
                parse("e.toml", &format!("title = \"T\"\ndate = \"16 Feb\"\n{body}\n")).unwrap();
            assert_eq!(e.status, status, "{body}");
            assert_eq!(e.postponed_from.map(|d| d.to_string()), from.map(String::from), "{body}");
        }
        // The repeated hour of autumn exists (twice): it is not refused.
        let e = parse(
            "e.toml",
            "title = \"T\"\ndate = \"31 Oct\"\ntime = \"02:30-03:30\"\ntimezone = \"Europe/Madrid\"\n",
        );
        assert!(e.is_ok(), "{e:?}");
    }
}
