//! `index.html`: every published event, by month.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::build::{Build, Maker};
use crate::diagnostic::Diagnostic;

/// `index.html`.
pub struct Index;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/html; charset=utf-8"),
    templated: true,
    streamed: true,
    depends: Depends::Events,
    stage: Stage::Main,
};

impl Output for Index {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, _: &Build<'_>) -> usize {
        1
    }

    fn path(&self, _: &Build<'_>, _: usize) -> String {
        "index.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        every_month(maker, "index.html", "", out)
    }
}

/// Renders a page of the site's root that lists every published event by month (the
/// index, `embed.html`) with `template`; `canonical` is its path.
pub(super) fn every_month(
    maker: &Maker<'_>,
    template: &str,
    canonical: &str,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let build = maker.build();
    let months = maker.views().months(|_| true);
    let canonical = build.config().base_url.absolute(canonical);
    build.renderer().render_to(
        template,
        context! { site => maker.site(), root => "", canonical => canonical, months => Serde(months) },
        out.bytes,
        |e| out.failed.because(e),
    )
}
