//! `embed.html`: the current edition's next events as a compact list without the site's
//! frame, for other sites' `<iframe>`: at most `embed_limit` of them, so that a page that
//! embeds it stays light however many events the calendar holds.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;

use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::event::Event;
use crate::plan::{Maker, Plan};
use crate::{edition, order};

/// `embed.html`.
pub struct Embed;

impl Output for Embed {
    fn about(&self) -> &'static About {
        // Made as the index is: one templated page of the edition's events.
        &super::index::ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "embed.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let current = build.editions().current();
        let events = build.events();
        let listed = events.iter().filter(|e| current.is_none_or(|year| edition::lists(e, year)));
        // In the order the list shows them, which puts month-only events after their month.
        let listed: Vec<&Event> =
            order::by_month_of(listed, |e| e).into_iter().flat_map(|m| m.events).copied().collect();
        let ends: Vec<NaiveDate> = listed.iter().map(|e| e.date.when.last_day()).collect();
        let shown = window(&ends, build.reference_day(), build.config().embed_limit);
        let slugs: HashSet<&str> = listed[shown].iter().map(|e| e.slug.as_str()).collect();
        let keep = |e: &Event| slugs.contains(e.slug.as_str());
        super::index::every_month(maker, "embed.html", "embed.html", &keep, out)
    }
}

/// Which of the listed events (by their last days, in list order) the embed shows: at most
/// `limit`, from the first not over before `today`; the last `limit` when fewer are left,
/// so that an edition that is over still shows its end rather than nothing.
fn window(ends: &[NaiveDate], today: NaiveDate, limit: usize) -> Range<usize> {
    let next = ends.iter().position(|&end| end >= today).unwrap_or(ends.len());
    let start = next.min(ends.len().saturating_sub(limit));
    start..(start + limit).min(ends.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_shows_the_next_events_or_the_last_ones() {
        let day = |d| NaiveDate::from_ymd_opt(2021, 3, d).unwrap();
        let ends = [day(1), day(5), day(10), day(10), day(20), day(31)];
        // (today, limit, shown)
        let cases = [
            (day(1), 3, 0..3),
            (day(2), 3, 1..4),
            (day(10), 2, 2..4),
            (day(11), 2, 4..6),
            (day(11), 3, 3..6),
            (day(31), 10, 0..6),
            (NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(), 2, 4..6),
            (NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), 4, 0..4),
        ];
        for (today, limit, shown) in cases {
            assert_eq!(window(&ends, today, limit), shown, "{today} {limit}");
        }
        assert_eq!(window(&[], day(1), 30), 0..0);
    }
}
