//! `tags/<id>.ics`: a tag's feed, to subscribe to.

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::ics;
use crate::plan::{Maker, Plan};

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
        super::feed::write_feed(build, &head, &|e| e.tags.contains(&tag.id), out)
    }
}
