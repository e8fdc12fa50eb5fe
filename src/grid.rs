//! The month grid of one edition: its twelve months as weeks of days, each day with the
//! events that cover it, for `calendar.html`. Made from a list of events, so that one
//! year's events (an edition) make that year's grid.

use chrono::{Datelike, NaiveDate};
use minijinja::Value;
use serde::Serialize;

use crate::date::When;
use crate::event::Event;
use crate::locale::Locale;

/// A year of months, for a template.
#[derive(Debug, Clone, Serialize)]
pub struct YearGrid {
    /// The year.
    pub year: i32,
    /// The column heads, Monday first.
    pub weekdays: Vec<Weekday>,
    /// January to December.
    pub months: Vec<GridMonth>,
    /// Events known only by their year, listed after the months.
    pub undated: Vec<Value>,
}

/// A column head: the abbreviation shown, the full name for `<abbr title>`.
#[derive(Debug, Clone, Serialize)]
pub struct Weekday {
    /// `Mon`.
    pub short: &'static str,
    /// `Monday`.
    pub name: &'static str,
}

/// One month's table.
#[derive(Debug, Clone, Serialize)]
pub struct GridMonth {
    /// `2021-02`, as the index's month anchors.
    pub anchor: String,
    /// `February 2021`.
    pub caption: String,
    /// `Feb`, for the month navigation.
    pub short: &'static str,
    /// Weeks, Monday to Sunday, each with its days and its events' bars.
    pub weeks: Vec<GridWeek>,
    /// The days on which an event of the month begins, or the month's first day for one
    /// begun before it: the month as an agenda, where the grid is too narrow (a phone).
    pub agenda: Vec<AgendaDay>,
    /// Events known only by their month, listed under its table.
    pub undated: Vec<Value>,
    /// How many events take place in it, on days or not.
    pub count: usize,
}

/// One week of a month's table: a row of day numbers, then rows of bars.
#[derive(Debug, Clone, Serialize)]
pub struct GridWeek {
    /// Monday to Sunday; `None` for a day of another month.
    pub days: Vec<Option<GridDay>>,
    /// Rows of bars under the days, each row's cells spanning the seven columns: an event
    /// is one bar across its days of the week, in the first row where they are free.
    pub lanes: Vec<Vec<Bar>>,
}

/// A cell of a row of bars: an event across `span` days, or `span` empty days.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// How many days (columns) it covers.
    pub span: usize,
    /// The event's list view; none for days with nothing in this row.
    pub event: Option<Value>,
    /// The event began before this week (or month): the bar's start is open.
    pub before: bool,
    /// The event goes on after this week (or month).
    pub after: bool,
}

/// One day of a month's table.
#[derive(Debug, Clone, Serialize)]
pub struct GridDay {
    /// Its number in the month.
    pub day: u32,
    /// ISO date, for the script that marks today.
    pub date: String,
    /// `Mon`, shown before the number in the agenda.
    pub weekday: &'static str,
}

/// A day of a month's agenda: the events that begin on it, in list order.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaDay {
    /// The day itself.
    #[serde(flatten)]
    pub day: GridDay,
    /// The events that begin on it (or, on the month's first day, before it).
    pub events: Vec<Value>,
}

/// The grid of `year`, from events in list order with their list views; events of other
/// years, and the days of a range outside `year`, are left out.
pub fn year_grid(locale: &Locale, year: i32, events: &[(Value, &Event)]) -> YearGrid {
    let weekdays = locale
        .weekdays
        .iter()
        .zip(locale.weekdays_short)
        .map(|(&name, short)| Weekday { short, name })
        .collect();
    let months = (1..=12).map(|month| grid_month(locale, year, month, events)).collect();
    let undated = events
        .iter()
        .filter(|(_, e)| e.date.when == When::Year(year))
        .map(|(v, _)| v.clone())
        .collect();
    YearGrid { year, weekdays, months, undated }
}

fn grid_month(locale: &Locale, year: i32, month: u32, events: &[(Value, &Event)]) -> GridMonth {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("months 1 to 12 exist");
    let last = first.iter_days().take_while(|d| d.month() == month).last().unwrap_or(first);
    let day = |date: NaiveDate| GridDay {
        day: date.day(),
        date: date.to_string(),
        weekday: locale.weekdays_short[date.weekday().num_days_from_monday() as usize],
    };
    // The month's events first, so that each week looks at those alone rather than at
    // every event of the calendar.
    let in_month: Vec<Span<'_>> = events
        .iter()
        .filter_map(|(v, e)| {
            let (a, b) = days_of(&e.date.when)?;
            (a <= last && first <= b).then_some(Span { event: v, first: a, last: b })
        })
        .collect();
    let monday = first - chrono::Days::new(u64::from(first.weekday().num_days_from_monday()));
    let weeks = monday
        .iter_weeks()
        .take_while(|w| *w <= last)
        .map(|w| {
            let days =
                w.iter_days().take(7).map(|d| (first <= d && d <= last).then(|| day(d))).collect();
            GridWeek { days, lanes: lanes(w, first, last, &in_month) }
        })
        .collect();
    let mut agenda: Vec<AgendaDay> = Vec::new();
    let mut starts: Vec<(NaiveDate, &Value)> =
        in_month.iter().map(|s| (s.first.max(first), s.event)).collect();
    // Stable: events of the same day stay in list order.
    starts.sort_by_key(|(a, _)| *a);
    for (date, v) in starts {
        match agenda.last_mut() {
            Some(d) if d.day.date == date.to_string() => d.events.push(v.clone()),
            _ => agenda.push(AgendaDay { day: day(date), events: vec![v.clone()] }),
        }
    }
    let undated: Vec<Value> = events
        .iter()
        .filter(
            |(_, e)| matches!(e.date.when, When::Month(m) if m.year == year && m.month == month),
        )
        .map(|(v, _)| v.clone())
        .collect();
    GridMonth {
        anchor: format!("{year}-{month:02}"),
        caption: locale.month_heading(month, year),
        short: locale.month_short(month),
        count: in_month.len() + undated.len(),
        weeks,
        agenda,
        undated,
    }
}

/// An event with known days: its list view, first and last day.
struct Span<'a> {
    event: &'a Value,
    first: NaiveDate,
    last: NaiveDate,
}

/// The rows of bars of the week that begins on `monday`, in the month from `first` to
/// `last`: each event of the month that takes place in it, from its first to its last day
/// of the week and month, in the first row where those days are free, so that an event is
/// one bar, never repeated.
fn lanes(
    monday: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
    in_month: &[Span<'_>],
) -> Vec<Vec<Bar>> {
    let shown_from = monday.max(first);
    let shown_to = (monday + chrono::Days::new(6)).min(last);
    // Each row: its bars as (first column, last column, bar), in column order.
    let mut rows: Vec<Vec<(usize, usize, Bar)>> = Vec::new();
    for span in in_month {
        if span.last < shown_from || shown_to < span.first {
            continue;
        }
        let col = |d: NaiveDate| (d - monday).num_days().clamp(0, 6) as usize;
        let (from, to) = (col(span.first.max(shown_from)), col(span.last.min(shown_to)));
        let bar = Bar {
            span: to - from + 1,
            event: Some(span.event.clone()),
            before: span.first < shown_from,
            after: shown_to < span.last,
        };
        // Events come in date order, so a row is free from `from` on when its last bar ends
        // before it.
        match rows.iter_mut().find(|r| r.last().is_none_or(|(_, end, _)| *end < from)) {
            Some(row) => row.push((from, to, bar)),
            None => rows.push(vec![(from, to, bar)]),
        }
    }
    let gap = |span| Bar { span, event: None, before: false, after: false };
    rows.into_iter()
        .map(|row| {
            let mut cells = Vec::new();
            let mut next = 0;
            for (from, to, bar) in row {
                if from > next {
                    cells.push(gap(from - next));
                }
                cells.push(bar);
                next = to + 1;
            }
            if next < 7 {
                cells.push(gap(7 - next));
            }
            cells
        })
        .collect()
}

/// The first and last day of an event whose days are known.
fn days_of(when: &When) -> Option<(NaiveDate, NaiveDate)> {
    match *when {
        When::Day(d) => Some((d, d)),
        When::Range(a, b) => Some((a, b)),
        When::Month(_) | When::Year(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A week's rows of bars as text: `_3` for three empty days, `range:2>` for an event
    /// over two days that goes on after them, `<range:2` for one begun before.
    fn rows(week: &GridWeek) -> Vec<String> {
        let cell = |b: &Bar| match &b.event {
            None => format!("_{}", b.span),
            Some(v) => {
                let (open, close) =
                    (if b.before { "<" } else { "" }, if b.after { ">" } else { "" });
                format!("{open}{}:{}{close}", v.as_str().unwrap_or("?"), b.span)
            }
        };
        week.lanes.iter().map(|row| row.iter().map(cell).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn an_event_is_one_bar_in_each_week_and_month_it_covers() {
        let examples = [
            ("range", "30 Jan - 2 Feb 2021"),
            ("day", "16 Feb 2021"),
            ("month", "Feb 2021"),
            ("csw", "15-26 Mar 2021"),
            ("forest", "23-24 Mar 2021"),
            ("summit", "23-26 Mar 2021"),
            ("gosmart", "25 Mar 2021"),
            ("later", "29-31 Mar 2021"),
        ];
        let events: Vec<Event> =
            examples.iter().map(|(slug, date)| crate::event::example(slug, slug, date)).collect();
        let views: Vec<(Value, &Event)> =
            events.iter().map(|e| (Value::from(e.slug.as_str()), e)).collect();
        let grid = year_grid(&crate::locale::ENGLISH, 2021, &views);
        let week = |m: usize, w: usize| rows(&grid.months[m].weeks[w]);
        let cases: [(usize, usize, &[&str]); 8] = [
            // 30 January 2021 is a Saturday: the range ends January's last week, open
            // towards February, and begins February's first, open towards January.
            (0, 4, &["_5 range:2>"]),
            (1, 0, &["<range:2 _5"]),
            (1, 1, &[]),
            (1, 2, &["_1 day:1 _5"]),
            // Two weeks, one bar in each; three events on the same days, in three rows,
            // the day between them in the first free row.
            (2, 2, &["csw:7>"]),
            (2, 3, &["<csw:5 _2", "_1 forest:2 gosmart:1 _3", "_1 summit:4 _2"]),
            (2, 4, &["later:3 _4"]),
            (3, 0, &[]),
        ];
        for (month, w, want) in cases {
            assert_eq!(week(month, w), want, "month {} week {w}", month + 1);
        }
        let counts: Vec<usize> = grid.months.iter().map(|m| m.count).collect();
        assert_eq!(counts[..4], [1, 3, 5, 0]);
        assert_eq!(grid.months[1].undated, [Value::from("month")]);
        // The agenda: the days on which events begin, one begun before the month on its
        // first day.
        let agenda = |m: usize| -> Vec<String> {
            let days = grid.months[m].agenda.iter();
            days.map(|d| {
                let names: Vec<String> = d.events.iter().map(|v| v.to_string()).collect();
                format!("{} {}: {}", d.day.weekday, d.day.day, names.join(", "))
            })
            .collect()
        };
        assert_eq!(agenda(0), ["Sat 30: range"]);
        assert_eq!(agenda(1), ["Mon 1: range", "Tue 16: day"]);
        assert_eq!(
            agenda(2),
            ["Mon 15: csw", "Tue 23: forest, summit", "Thu 25: gosmart", "Mon 29: later"]
        );
    }

    #[test]
    fn weeks_start_on_monday_and_are_full() {
        let locale = &crate::locale::ENGLISH;
        let grid = year_grid(locale, 2021, &[]);
        let feb = &grid.months[1];
        assert_eq!(feb.caption, "February 2021");
        // 1 February 2021 is a Monday, and February 2021 exactly four weeks.
        assert_eq!(feb.weeks.len(), 4);
        assert_eq!(feb.weeks[0].days[0].as_ref().map(|d| d.day), Some(1));
        // 1 August 2021 is a Sunday: six blank days first, six weeks in all.
        let aug = &grid.months[7];
        assert!(aug.weeks[0].days[..6].iter().all(Option::is_none));
        assert_eq!(aug.weeks[0].days[6].as_ref().map(|d| d.date.as_str()), Some("2021-08-01"));
        assert_eq!(aug.weeks.len(), 6);
        assert!(grid.months.iter().all(|m| m.weeks.iter().all(|w| w.days.len() == 7)));
        assert_eq!(grid.weekdays[6].short, "Sun");
        assert_eq!(grid.weekdays[6].name, "Sunday");
        // Captions are headings: capitalised in French and Spanish as on the index.
        for (code, caption) in [("fr", "Février 2021"), ("es", "Febrero de 2021")] {
            let locale = crate::locale::Locale::built_in(code).expect("built in");
            assert_eq!(year_grid(locale, 2021, &[]).months[1].caption, caption);
        }
    }
}
