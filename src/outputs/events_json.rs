//! `events.json`: every published event, machine-readable, in date order.

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};
use crate::view;

/// `events.json`.
pub struct EventsJson;

const ABOUT: About = About {
    content_type: ContentType::Fixed("application/json"),
    templated: false,
    streamed: true,
    depends: Depends::Events,
    stage: Stage::Main,
};

impl Output for EventsJson {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "events.json".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let json = view::events_json(build.config(), &build.events());
        let written = serde_json::to_writer_pretty(&mut *out.bytes, &json);
        written.map_err(|e| out.failed.because(&std::io::Error::other(e)))
    }
}
