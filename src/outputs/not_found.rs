//! `404.html`, which GitHub Pages serves at any depth: its links start from the site's
//! path.

use minijinja::context;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// `404.html`.
pub struct NotFound;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/html; charset=utf-8"),
    templated: true,
    streamed: false,
    depends: Depends::Settings,
    stage: Stage::Main,
};

impl Output for NotFound {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "404.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let root = build.config().base_url.path();
        let page = build.renderer().render(
            "404.html",
            context! {
                site => maker.site(), here => "index.html", root => root, canonical => (),
                translations => maker.translations(root, "index.html", ""),
            },
        )?;
        out.all(&page)
    }
}
