//! `calendar.html`: the edition's events on a grid of twelve months.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, Out, Output};
use crate::build::{Build, Maker};
use crate::diagnostic::Diagnostic;
use crate::grid;

/// `calendar.html`.
pub struct MonthGrid;

impl Output for MonthGrid {
    fn about(&self) -> &'static About {
        // Made as the index is: one templated page of the edition's events.
        &super::index::ABOUT
    }

    fn count(&self, _: &Build<'_>) -> usize {
        1
    }

    fn path(&self, _: &Build<'_>, _: usize) -> String {
        "calendar.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.build();
        let views = maker.views();
        // The calendar's year, else the year of its first event: until editions, the
        // one edition there is.
        let first = views.events.first().map(|(_, e)| e.date.when.month().year);
        let year = build.config().year.or(first);
        let grid = year.map(|y| grid::year_grid(views.locale, y, &views.events));
        let canonical = build.config().base_url.absolute("calendar.html");
        build.renderer().render_to(
            "calendar.html",
            context! { site => maker.site(), here => "calendar.html", root => "", canonical => canonical, grid => Serde(grid) },
            out.bytes,
            |e| out.failed.because(e),
        )
    }
}
