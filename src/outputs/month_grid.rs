//! `calendar.html` and `<year>/calendar.html`: an edition's events on a grid of twelve
//! months; the root one is the current edition's.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::grid;
use crate::plan::{Maker, Plan};

/// `calendar.html`.
pub struct MonthGrid;

impl Output for MonthGrid {
    fn about(&self) -> &'static About {
        // Made as the index is: one templated page of the edition's events.
        &super::index::ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "calendar.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        // The current edition, else the year of the first event: the one edition there is.
        let first = maker.views().events.first().map(|(_, e)| e.date.when.month().year);
        let year = build.editions().current().or(build.config().year).or(first);
        write_grid(maker, year, "", out)
    }
}

/// `<year>/calendar.html`.
pub struct EditionGrid;

impl Output for EditionGrid {
    fn about(&self) -> &'static About {
        &super::index::ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.editions().years().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        format!("{}/calendar.html", build.editions().years()[index])
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let year = maker.plan().editions().years()[index];
        write_grid(maker, Some(year), "../", out)
    }
}

/// Writes the grid of `year` (none: a calendar without events) at a place whose way back
/// to the site's root is `root`: the root's own `calendar.html`, or the year's.
fn write_grid(
    maker: &Maker<'_>,
    year: Option<i32>,
    root: &str,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let build = maker.plan();
    let views = maker.views();
    let grid = year.map(|y| grid::year_grid(views.locale, y, &views.events));
    let (here, site) = match year {
        Some(y) if !root.is_empty() => (format!("{y}/calendar.html"), build.edition_site(y)),
        _ => ("calendar.html".to_string(), maker.site()),
    };
    let canonical = build.config().base_url.absolute(&here);
    build.renderer().render_to(
        "calendar.html",
        context! {
            site => site, here => &here, root => root, canonical => canonical, grid => Serde(grid),
            translations => maker.translations(root, &here, &here),
        },
        out.bytes,
        |e| out.failed.because(e),
    )
}
