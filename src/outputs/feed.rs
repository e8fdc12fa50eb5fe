//! `calendar.ics`: the calendar's feed, to subscribe to: the current edition and later
//! ones ([`edition::in_current_feeds`]).

use rayon::prelude::*;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::event::Event;
use crate::plan::{Maker, Plan};
use crate::{edition, ics};

/// `calendar.ics`.
pub struct Feed;

pub(super) const ABOUT: About = About {
    content_type: ContentType::Fixed("text/calendar; charset=utf-8"),
    templated: false,
    streamed: true,
    depends: Depends::Events,
    stage: Stage::Feeds,
};

impl Output for Feed {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "calendar.ics".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let current = build.editions().current();
        let keep = |e: &Event| edition::in_current_feeds(e, current);
        write_feed(build, &ics::FeedHead::calendar(build.config()), &keep, out)
    }
}

/// Writes a feed with this head of the published events in feeds that `keep` keeps.
pub(super) fn write_feed(
    build: &Plan<'_>,
    head: &ics::FeedHead,
    keep: &dyn Fn(&Event) -> bool,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let config = build.config();
    // Every VEVENT first, on all cores, if no other file made them yet.
    (0..build.len()).into_par_iter().for_each(|i| {
        build.vevent(i);
    });
    let mut members = (0..build.len())
        .filter(|&i| {
            let e = build.event(i);
            ics::in_feeds(config, e) && keep(e)
        })
        .map(|i| build.vevent(i).as_str());
    let written = ics::write_feed(config, head, &mut members, out.bytes);
    written.map_err(|e| out.failed.because(&e))
}
