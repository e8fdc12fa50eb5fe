//! `index.html`: every published event, by month.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// `index.html`.
pub struct Index;

pub(super) const ABOUT: About = About {
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

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "index.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        write_index(maker, maker.plan().editions().current(), "", out)
    }
}

/// Writes an edition's index (every event's, for a calendar without editions) at a
/// place whose way back to the site's root is `root`.
pub(super) fn write_index(
    maker: &Maker<'_>,
    year: Option<i32>,
    root: &str,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let build = maker.plan();
    let config = build.config();
    let (site, edition, path) = match year {
        Some(year) => {
            let editions = build.editions();
            let path = if root.is_empty() { String::new() } else { format!("{year}/") };
            (build.edition_site(year), Some(editions.view(config, year)), path)
        }
        None => (maker.site(), None, String::new()),
    };
    let months = super::edition_months(maker, year);
    let canonical = config.base_url.absolute(&path);
    let here = format!("{path}index.html");
    let brochure = super::brochure::link(maker, year)
        .map(|(path, pages)| context! { path => path, pages => pages.to_string() });
    build.renderer().render_to(
        "index.html",
        context! {
            site => site, here => &here, root => root, canonical => canonical,
            months => Serde(months), edition => Serde(edition), brochure => brochure,
            translations => maker.translations(root, &here, &path),
        },
        out.bytes,
        |e| out.failed.because(e),
    )
}

/// Renders a page of the site's root that lists the events `keep` keeps by month with
/// `template`, as the index lists them: `embed.html`; `canonical` is its path.
pub(super) fn every_month(
    maker: &Maker<'_>,
    template: &str,
    canonical: &str,
    keep: &dyn Fn(&crate::event::Event) -> bool,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let build = maker.plan();
    let months = maker.views().months(keep);
    let here = canonical;
    let canonical = build.config().base_url.absolute(canonical);
    build.renderer().render_to(
        template,
        context! { site => maker.site(), here => here, root => "", canonical => canonical, months => Serde(months) },
        out.bytes,
        |e| out.failed.because(e),
    )
}
