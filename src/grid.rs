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
    /// Weeks, Monday to Sunday; `None` for a day of another month.
    pub weeks: Vec<Vec<Option<GridDay>>>,
    /// Events known only by their month, listed under its table.
    pub undated: Vec<Value>,
    /// How many events take place in it, on days or not.
    pub count: usize,
}

/// One day of a month's table.
#[derive(Debug, Clone, Serialize)]
pub struct GridDay {
    /// Its number in the month.
    pub day: u32,
    /// ISO date, for the script that marks today.
    pub date: String,
    /// `Mon`, shown before the number where the grid becomes a list (a phone).
    pub weekday: &'static str,
    /// The events that cover it (every day of a range), in list order.
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
    let days = first.iter_days().take_while(|d| d.month() == month);
    let mut cells: Vec<Option<GridDay>> =
        (0..first.weekday().num_days_from_monday()).map(|_| None).collect();
    let last = first.iter_days().take_while(|d| d.month() == month).last().unwrap_or(first);
    // The month's events first, so that each day looks at those alone rather than at
    // every event of the calendar.
    let in_month: Vec<&(Value, &Event)> =
        events.iter().filter(|(_, e)| covers_between(&e.date.when, first, last)).collect();
    let mut count = in_month.len();
    for date in days {
        let on: Vec<Value> = in_month
            .iter()
            .filter(|(_, e)| covers(&e.date.when, date))
            .map(|(v, _)| v.clone())
            .collect();
        let weekday = locale.weekdays_short[date.weekday().num_days_from_monday() as usize];
        cells.push(Some(GridDay { day: date.day(), date: date.to_string(), weekday, events: on }));
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let undated: Vec<Value> = events
        .iter()
        .filter(
            |(_, e)| matches!(e.date.when, When::Month(m) if m.year == year && m.month == month),
        )
        .map(|(v, _)| v.clone())
        .collect();
    count += undated.len();
    GridMonth {
        anchor: format!("{year}-{month:02}"),
        caption: locale.month_heading(month, year),
        short: locale.month_short(month),
        weeks: cells.chunks(7).map(<[_]>::to_vec).collect(),
        undated,
        count,
    }
}

/// Whether an event with known days takes place on `date`.
fn covers(when: &When, date: NaiveDate) -> bool {
    covers_between(when, date, date)
}

/// Whether an event with known days takes place on some day from `first` to `last`.
fn covers_between(when: &When, first: NaiveDate, last: NaiveDate) -> bool {
    match *when {
        When::Day(d) => first <= d && d <= last,
        When::Range(a, b) => a <= last && first <= b,
        When::Month(_) | When::Year(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_covered_by_days_and_ranges_only() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let feb = crate::date::YearMonth { year: 2021, month: 2 };
        let cases = [
            (When::Day(d(2, 16)), d(2, 16), true),
            (When::Day(d(2, 16)), d(2, 17), false),
            (When::Range(d(2, 15), d(2, 22)), d(2, 15), true),
            (When::Range(d(2, 15), d(2, 22)), d(2, 22), true),
            (When::Range(d(2, 15), d(2, 22)), d(2, 23), false),
            (When::Range(d(1, 30), d(2, 2)), d(2, 1), true),
            (When::Month(feb), d(2, 1), false),
            (When::Year(2021), d(2, 1), false),
        ];
        for (when, date, expected) in cases {
            assert_eq!(covers(&when, date), expected, "{when:?} {date}");
        }
    }

    #[test]
    fn each_day_lists_the_events_that_cover_it_and_each_month_counts_them_once() {
        let range = crate::event::example("range", "Range", "30 Jan - 2 Feb 2021");
        let day = crate::event::example("day", "Day", "16 Feb 2021");
        let month = crate::event::example("month", "Month", "Feb 2021");
        let events: Vec<(Value, &Event)> =
            [&range, &day, &month].map(|e| (Value::from(e.slug.as_str()), e)).into();
        let grid = year_grid(&crate::locale::ENGLISH, 2021, &events);
        let on = |m: usize, date: &str| -> Vec<String> {
            let days = grid.months[m].weeks.iter().flatten().flatten();
            let d = days.clone().find(|d| d.date == date).expect("a day of the month");
            d.events.iter().map(|v| v.to_string()).collect()
        };
        assert_eq!(on(0, "2021-01-29"), Vec::<String>::new());
        assert_eq!(on(0, "2021-01-30"), ["range"]);
        assert_eq!(on(1, "2021-02-02"), ["range"]);
        assert_eq!(on(1, "2021-02-03"), Vec::<String>::new());
        assert_eq!(on(1, "2021-02-16"), ["day"]);
        assert_eq!(grid.months.iter().map(|m| m.count).collect::<Vec<_>>()[..3], [1, 3, 0]);
        assert_eq!(grid.months[1].undated, [Value::from("month")]);
    }

    #[test]
    fn weeks_start_on_monday_and_are_full() {
        let locale = &crate::locale::ENGLISH;
        let grid = year_grid(locale, 2021, &[]);
        let feb = &grid.months[1];
        assert_eq!(feb.caption, "February 2021");
        // 1 February 2021 is a Monday, and February 2021 exactly four weeks.
        assert_eq!(feb.weeks.len(), 4);
        assert_eq!(feb.weeks[0][0].as_ref().map(|d| d.day), Some(1));
        // 1 August 2021 is a Sunday: six blank days first, six weeks in all.
        let aug = &grid.months[7];
        assert!(aug.weeks[0][..6].iter().all(Option::is_none));
        assert_eq!(aug.weeks[0][6].as_ref().map(|d| d.date.as_str()), Some("2021-08-01"));
        assert_eq!(aug.weeks.len(), 6);
        assert!(grid.months.iter().all(|m| m.weeks.iter().all(|w| w.len() == 7)));
        assert_eq!(grid.weekdays[6].short, "Sun");
        assert_eq!(grid.weekdays[6].name, "Sunday");
        // Captions are headings: capitalised in French and Spanish as on the index.
        for (code, caption) in [("fr", "Février 2021"), ("es", "Febrero de 2021")] {
            let locale = crate::locale::Locale::built_in(code).expect("built in");
            assert_eq!(year_grid(locale, 2021, &[]).months[1].caption, caption);
        }
    }
}
