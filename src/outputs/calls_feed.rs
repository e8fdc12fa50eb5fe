//! `calls.ics`: the deadlines of the events' calls for proposals, applications or
//! nominations, one all-day event each, to subscribe to.

use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};
use crate::{edition, ics};

/// `calls.ics`.
pub struct CallsFeed;

impl Output for CallsFeed {
    fn about(&self) -> &'static About {
        // The whole feed's facts: a feed made from every event.
        &super::feed::ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        ics::CALLS_FEED.into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let config = build.config();
        // The calls of the current edition's events and later ones, passed or not: a
        // deadline that is over stays in subscribers' calendars as past events do, and the
        // archive's stay out, so the feed stays small (docs/decisions.md, "Calls").
        let current = build.editions().current();
        let mut calls: Vec<(chrono::NaiveDate, usize)> = (0..build.len())
            .filter(|&i| current.is_none_or(|year| edition::of(build.event(i)) >= year))
            .filter_map(|i| Some((build.event(i).call.as_ref()?.until, i)))
            .collect();
        // In deadline order, the events' order among calls of one day.
        calls.sort();
        let calls: Vec<String> = calls
            .into_iter()
            .filter_map(|(_, i)| ics::call_vevent(config, build.event(i), build.revision(i)))
            .collect();
        let head = ics::FeedHead::calls(config);
        let written = ics::write_feed(config, &head, calls.iter().map(String::as_str), out.bytes);
        written.map_err(|e| out.failed.because(&e))
    }
}
