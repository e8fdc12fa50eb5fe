//! Yearly editions: the year an event belongs to, the years that have events, and what
//! each edition's index says of itself and of the others (`docs/format.md`, "Editions").

use serde::Serialize;

use crate::config::Config;
use crate::event::Event;

/// The edition an event belongs to: the year of its first day (the year it is listed
/// under, for an event whose day or month is not known).
pub fn of(event: &Event) -> i32 {
    event.date.when.month().year
}

/// Whether an event of the previous edition runs into `year`, and so is shown, marked,
/// at the start of `year`'s index too.
pub fn runs_into(event: &Event, year: i32) -> bool {
    of(event) == year - 1 && chrono::Datelike::year(&event.date.when.last_day()) >= year
}

/// Whether an edition's index lists an event: its own, and those running into it.
pub fn lists(event: &Event, year: i32) -> bool {
    of(event) == year || runs_into(event, year)
}

/// Whether the root feed and the tag feeds hold an event: those of the current edition
/// and later ones, and those of the previous one that run into it (listed at the start of
/// the root index too, and not yet over when the edition starts), so that what subscribers
/// download stays small however many years the project keeps; every event when the
/// calendar has no `year`. Earlier editions stay in their `<year>/calendar.ics`.
pub fn in_current_feeds(event: &Event, current: Option<i32>) -> bool {
    current.is_none_or(|year| of(event) >= year || runs_into(event, year))
}

/// The editions of a build: every year with a published event, newest first, and the
/// current one. A calendar without `year` has no editions: its index holds every event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editions {
    years: Vec<i32>,
    current: Option<i32>,
}

impl Editions {
    /// The editions of these published events under these settings.
    pub fn new(config: &Config, events: &[&Event]) -> Editions {
        let Some(current) = config.year else {
            return Editions::default();
        };
        let mut years: Vec<i32> = events.iter().map(|e| of(e)).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Editions { years, current: Some(current) }
    }

    /// Every year with events, newest first.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The current edition, which the root index shows.
    pub fn current(&self) -> Option<i32> {
        self.current
    }

    /// The index of an edition, relative to the site's root: the root's for the current one.
    pub fn index_path(&self, year: i32) -> String {
        if self.current == Some(year) { "index.html".into() } else { format!("{year}/index.html") }
    }

    /// What an index of `year` (the root's, or `<year>/index.html`) says about editions.
    pub fn view(&self, config: &Config, year: i32) -> EditionView {
        let link = |&y: &i32| EditionLink { year: y, index: self.index_path(y) };
        EditionView {
            year,
            label: label(config, year),
            index: self.index_path(year),
            several: self.years.len() > 1,
            earlier: self.years.iter().filter(|&&y| y < year).map(link).collect(),
            later: self.years.iter().filter(|&&y| y > year).rev().map(link).collect(),
        }
    }
}

/// An edition as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionView {
    /// Its year.
    pub year: i32,
    /// `2021`, or nothing when the title ends with it already.
    pub label: String,
    /// Its index, relative to the site's root.
    pub index: String,
    /// Whether the calendar has more than one edition, so that pages name theirs.
    pub several: bool,
    /// The earlier editions with events, newest first.
    pub earlier: Vec<EditionLink>,
    /// The later editions with events, oldest first.
    pub later: Vec<EditionLink>,
}

/// A link to an edition's index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionLink {
    /// Its year.
    pub year: i32,
    /// Its index, relative to the site's root.
    pub index: String,
}

/// `2021`, unless the title ends with it: themes print the title and then the year, and
/// "When & Where 2021" is not given it twice.
pub fn label(config: &Config, year: i32) -> String {
    without_repeat(&config.title, year.to_string())
}

/// The label, or nothing when the title ends with it as a word.
pub fn without_repeat(title: &str, label: String) -> String {
    let repeated = title.trim_end().strip_suffix(&label).is_some_and(|before| {
        before.is_empty() || before.ends_with(|c: char| c.is_whitespace() || c == '-')
    });
    if repeated { String::new() } else { label }
}

/// What `check` says of the events not in the current edition: `12 events in 2021, an
/// earlier edition`, one line a year, oldest first. Nothing for a calendar without `year`.
pub fn not_current(config: &Config, events: &[&Event]) -> Vec<String> {
    let Some(current) = config.year else {
        return Vec::new();
    };
    let mut counts = std::collections::BTreeMap::<i32, usize>::new();
    for e in events.iter().filter(|e| of(e) != current) {
        *counts.entry(of(e)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(year, n)| {
            let which = if year < current { "an earlier" } else { "a later" };
            let s = if n == 1 { "" } else { "s" };
            format!("{n} event{s} in {year}, {which} edition (current: {current})")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    fn config(text: &str) -> Config {
        let text = format!("title = \"Yearly\"\nbase_url = \"https://x.org/\"\n{text}");
        Config::parse(&Source::new("calendar.toml", text)).unwrap()
    }

    fn event(date: &str) -> Event {
        crate::event::example("e", "E", date)
    }

    #[test]
    fn an_event_is_of_its_first_days_year_and_shown_in_the_next_when_it_runs_into_it() {
        // (date, its edition, listed by 2021's index, listed by 2022's)
        let cases = [
            ("15 Feb", 2021, true, false),
            ("28 Dec - 3 Jan 2022", 2021, true, true),
            ("31 Dec", 2021, true, false),
            ("1 Jan 2022", 2022, false, true),
            ("(tbc) Dec", 2021, true, false),
            ("TBC 2022", 2022, false, true),
            ("20 Dec 2020 - 2 Jan 2022", 2020, true, false),
        ];
        for (date, edition, in_2021, in_2022) in cases {
            let e = event(date);
            assert_eq!(
                (of(&e), lists(&e, 2021), lists(&e, 2022)),
                (edition, in_2021, in_2022),
                "{date}"
            );
        }
    }

    #[test]
    fn the_root_feeds_hold_the_current_edition_and_later_ones() {
        // (date, in the feeds of 2022, in those of a calendar without `year`)
        let cases = [
            ("1 Feb 2020", false, true),
            ("(tbc) Dec 2021", false, true),
            ("31 Dec 2021", false, true),
            ("28 Dec 2021 - 3 Jan 2022", true, true),
            ("1 Jan 2022", true, true),
            ("TBC 2022", true, true),
            ("15 Mar 2024", true, true),
        ];
        for (date, current, without_year) in cases {
            let e = event(date);
            assert_eq!(
                (in_current_feeds(&e, Some(2022)), in_current_feeds(&e, None)),
                (current, without_year),
                "{date}"
            );
        }
    }

    #[test]
    fn each_index_links_the_other_editions_with_events() {
        let current = config("year = 2022\n");
        let events = [event("1 Feb 2020"), event("1 Feb"), event("1 Mar"), event("1 Feb 2022")];
        let refs: Vec<&Event> = events.iter().collect();
        let editions = Editions::new(&current, &refs);
        assert_eq!(editions.years(), [2022, 2021, 2020]);
        let shown = |year| {
            let v = editions.view(&current, year);
            let links = |l: &[EditionLink]| -> Vec<String> {
                l.iter().map(|e| format!("{} {}", e.year, e.index)).collect()
            };
            (v.index, links(&v.earlier), links(&v.later))
        };
        assert_eq!(
            shown(2022),
            (
                "index.html".into(),
                vec!["2021 2021/index.html".into(), "2020 2020/index.html".into()],
                vec![]
            )
        );
        assert_eq!(
            shown(2021),
            (
                "2021/index.html".into(),
                vec!["2020 2020/index.html".into()],
                vec!["2022 index.html".into()]
            )
        );
        // No `year`, no editions: the index holds every event.
        assert_eq!(Editions::new(&config(""), &refs).years(), [] as [i32; 0]);
        assert_eq!(
            not_current(&current, &refs),
            [
                "1 event in 2020, an earlier edition (current: 2022)",
                "2 events in 2021, an earlier edition (current: 2022)"
            ]
        );
    }

    #[test]
    fn editions_texts_are_read_and_a_top_level_key_below_them_is_misplaced() {
        let c = config(
            "year = 2022\n[[editions]]\nyear = 2021\nsubtitle = \"Old\"\n[editions.contacts]\n[[editions.contacts.people]]\nname = \"Ana\"\n",
        );
        assert_eq!(c.editions[0].year, 2021);
        assert_eq!(c.editions[0].contacts.as_ref().map(|c| c.people[0].name.as_str()), Some("Ana"));
        assert_eq!(c.editions[0].subtitle.as_deref(), Some("Old"));
        assert!(c.names_edition(2021) && c.names_edition(2022) && !c.names_edition(2020));
        let text = "title = \"Y\"\nbase_url = \"https://x.org/\"\n[[editions]]\nyear = 2021\ntitle = \"Z\"\n";
        assert!(Config::parse(&Source::new("calendar.toml", text.to_string())).is_err());
    }
}
