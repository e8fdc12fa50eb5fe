//! The order of events, and their grouping by month, as `docs/format.md` lays them out; events
//! whose month is not known come after every month, under their year.

use std::cmp::Ordering;

use crate::date::{Listing, Precision};
use crate::event::Event;

/// The events of one month (or of a year's dates to be confirmed), in index order; `T` is
/// an event or something that has one.
#[derive(Debug, Clone)]
pub struct Month<'a, T = Event> {
    /// The month, or the year of events whose month is not known.
    pub month: Listing,
    /// Its events: dated ones by first day, then month-only ones.
    pub events: Vec<&'a T>,
}

/// `events.json` order: by first day; on the same first day, earlier last day first,
/// then title; the slug last, so that the order is total.
pub fn date_order(a: &Event, b: &Event) -> Ordering {
    let key = |e: &Event| (e.date.when.first_day(), e.date.when.last_day());
    key(a).cmp(&key(b)).then_with(|| a.title.cmp(&b.title)).then_with(|| a.slug.cmp(&b.slug))
}

/// Index order: by the month an event starts in, years of unknown months after every
/// month; within a month, month-only events after the dated ones, and otherwise
/// [`date_order`].
pub fn index_order(a: &Event, b: &Event) -> Ordering {
    let key = |e: &Event| (e.date.when.listing(), e.date.when.precision() == Precision::Month);
    key(a).cmp(&key(b)).then_with(|| date_order(a, b))
}

/// Groups events by the month they start in, months in order.
#[cfg(test)]
fn by_month<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<Month<'a>> {
    let mut events: Vec<&Event> = events.into_iter().collect();
    events.sort_by(|a, b| date_order(a, b));
    by_month_of(events, |e| e)
}

/// Groups items by the month their event starts in, months and items in index order.
/// The items come in [`date_order`], as a build holds its events: a stable sort by month
/// then puts them in [`index_order`] without comparing their dates again, which made
/// this sort a twentieth of a build.
pub fn by_month_of<'a, T>(
    items: impl IntoIterator<Item = &'a T>,
    event: impl Fn(&T) -> &Event,
) -> Vec<Month<'a, T>> {
    let mut sorted: Vec<&T> = items.into_iter().collect();
    debug_assert!(sorted.is_sorted_by(|a, b| date_order(event(a), event(b)).is_le()));
    sorted.sort_by_cached_key(|item| {
        let when = &event(item).date.when;
        (when.listing(), when.precision() == Precision::Month)
    });
    let mut months: Vec<Month<'a, T>> = Vec::new();
    for item in sorted {
        let month = event(item).date.when.listing();
        match months.last_mut() {
            Some(m) if m.month == month => m.events.push(item),
            _ => months.push(Month { month, events: vec![item] }),
        }
    }
    months
}

/// Whether the events start in more than one year, so that month headings need the year.
pub fn spans_years<T>(months: &[Month<'_, T>]) -> bool {
    let years = months.iter().map(|m| m.month.year());
    years.clone().min() != years.max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Event;

    fn event(slug: &str, title: &str, date: &str) -> Event {
        crate::event::example(slug, title, date)
    }

    #[test]
    fn months_in_order_month_only_last_and_ranges_under_their_start() {
        let events = [
            event("a", "Apr only", "(tbc) Apr"),
            event("b", "Late March", "31 Mar - 2 Apr"),
            event("c", "April 1", "1 Apr"),
            event("d", "Long April 1", "1-5 Apr"),
            event("e", "Another April 1", "1 Apr"),
            event("f", "February", "15-22 Feb"),
            event("g", "Next year", "3 Jan 2022"),
            event("h", "Unknown", "Dates to be confirmed"),
            event("i", "Unknown next year", "TBC 2022"),
            event("j", "Also unknown", "(tbc)"),
        ];
        let months = by_month(&events);
        // The grouping keeps index order, which compares every event with every other.
        let mut by_index: Vec<&Event> = events.iter().collect();
        by_index.sort_by(|a, b| index_order(a, b));
        let grouped: Vec<&Event> = months.iter().flat_map(|m| m.events.iter().copied()).collect();
        assert_eq!(grouped, by_index);
        let shown: Vec<(String, Vec<&str>)> = months
            .iter()
            .map(|m| {
                let heading = match m.month {
                    Listing::Month(m) => format!("{}-{:02}", m.year, m.month),
                    Listing::Undated(y) => format!("{y} tbc"),
                };
                (heading, m.events.iter().map(|e| e.slug.as_str()).collect())
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("2021-02".to_string(), vec!["f"]),
                ("2021-03".to_string(), vec!["b"]),
                ("2021-04".to_string(), vec!["e", "c", "d", "a"]),
                ("2022-01".to_string(), vec!["g"]),
                ("2021 tbc".to_string(), vec!["j", "h"]),
                ("2022 tbc".to_string(), vec!["i"]),
            ]
        );
        assert!(spans_years(&months));
        assert!(!spans_years(&months[..3]));
        assert!(spans_years(&months[3..5]));
        assert!(!spans_years(&months[4..5]));
    }

    #[test]
    fn date_order_is_by_start_then_end_then_title() {
        let mut events = [
            event("x", "B", "1-5 Apr"),
            event("y", "Z", "1 Apr"),
            event("z", "A", "1-5 Apr"),
            event("m", "Month", "Apr"),
        ];
        events.sort_by(date_order);
        let slugs: Vec<&str> = events.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(slugs, ["y", "z", "x", "m"]);
    }
}
