//! `events/<slug>.ics`: an event's own iCalendar file, for "add to calendar".

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::ics;
use crate::plan::{Maker, Plan};

/// `events/<slug>.ics`, by the event's place among the published events.
pub struct EventFile;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/calendar; charset=utf-8"),
    templated: false,
    streamed: false,
    depends: Depends::OwnEvent,
    stage: Stage::Main,
};

impl Output for EventFile {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.len()
    }

    /// An event whose month is not known has no file ([`ics::has_file`]).
    fn exists(&self, build: &Plan<'_>, index: usize) -> bool {
        ics::has_file(build.event(index))
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.event(index).ics_path()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let file = ics::event_file(build.config(), build.event(index), build.vevent(index));
        out.all(file.as_bytes())
    }
}
