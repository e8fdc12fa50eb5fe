//! The files GitHub Pages reads: `.nojekyll` (serve the site as it is) and `CNAME` (the
//! custom domain, when `calendar.toml` sets `cname`).

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// `.nojekyll`: empty.
pub struct NoJekyll;

/// `CNAME`.
pub struct Cname;

const PLAIN: About = About {
    content_type: ContentType::Fixed("text/plain; charset=utf-8"),
    templated: false,
    streamed: false,
    depends: Depends::Settings,
    stage: Stage::Main,
};

impl Output for NoJekyll {
    fn about(&self) -> &'static About {
        &PLAIN
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        ".nojekyll".into()
    }

    fn write(&self, _: &Maker<'_>, _: usize, _: &mut Out<'_>) -> Result<(), Diagnostic> {
        Ok(())
    }
}

impl Output for Cname {
    fn about(&self) -> &'static About {
        &PLAIN
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        usize::from(build.config().cname.is_some())
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "CNAME".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let cname = maker.plan().config().cname.as_deref().unwrap_or_default();
        out.all(format!("{cname}\n").as_bytes())
    }
}
