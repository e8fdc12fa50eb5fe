//! `tags/<id>.html`: a tag's events, by month.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::build::{Build, Maker};
use crate::diagnostic::Diagnostic;

/// `tags/<id>.html`, by the tag's place in the calendar's tags.
pub struct TagPage;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/html; charset=utf-8"),
    templated: true,
    streamed: true,
    depends: Depends::TagEvents,
    stage: Stage::Main,
};

impl Output for TagPage {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Build<'_>) -> usize {
        build.tags().len()
    }

    fn path(&self, build: &Build<'_>, index: usize) -> String {
        build.tags()[index].page.clone()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.build();
        let tag = &build.tags()[index];
        let months = maker.views().months(|e| e.tags.contains(&tag.id));
        let canonical = build.config().base_url.absolute(&tag.page);
        build.renderer().render_to(
            "tag.html",
            context! { site => maker.site(), root => "../", canonical => canonical, tag => Serde(tag), months => Serde(months) },
            out.bytes,
            |e| out.failed.because(e),
        )
    }
}
