//! `tags/<id>.ics`: a tag's feed, to subscribe to: its events of the current edition and
//! later ones, as the root feed holds them.

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};
use crate::{edition, ics};

/// `tags/<id>.ics`, by the tag's place in the calendar's tags.
pub struct TagFeed;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/calendar; charset=utf-8"),
    templated: false,
    streamed: true,
    depends: Depends::TagEvents,
    stage: Stage::Feeds,
};

impl Output for TagFeed {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.tags().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.tags()[index].feed.clone()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let tag = &build.config().tags[index];
        let head = ics::FeedHead::tag(build.config(), tag);
        let current = build.editions().current();
        let keep = |e: &crate::event::Event| {
            e.tags.contains(&tag.id) && edition::in_current_feeds(e, current)
        };
        super::feed::write_feed(build, &head, &keep, out)
    }
}
