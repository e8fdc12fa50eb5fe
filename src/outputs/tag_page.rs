//! `tags/<id>.html`: a tag's events, by month.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::edition;
use crate::locale::fill;
use crate::plan::{Maker, Plan};
use crate::view::MonthView;
use serde::Serialize;

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

    fn count(&self, build: &Plan<'_>) -> usize {
        build.tags().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.tags()[index].page.clone()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let tag = &build.tags()[index];
        let months = maker.views().months(|e| e.tags.contains(&tag.id));
        let canonical = build.config().base_url.absolute(&tag.page);
        let editions = by_edition(maker, &tag.id);
        build.renderer().render_to(
            "tag.html",
            context! {
                site => maker.site(), here => &tag.page, root => "../", canonical => canonical, tag => Serde(tag),
                translations => maker.translations("../", &tag.page, &tag.page),
                months => Serde(months), editions => Serde(editions),
            },
            out.bytes,
            |e| out.failed.because(e),
        )
    }
}

/// An edition's part of a tag page.
#[derive(Serialize)]
struct EditionMonths {
    year: i32,
    label: String,
    index: String,
    months: Vec<MonthView>,
}

/// A tag's events by edition, newest first, so that the current and coming events come
/// before the archive; none when the calendar has one edition or none, whose page lists
/// months alone as before.
fn by_edition(maker: &Maker<'_>, tag: &str) -> Vec<EditionMonths> {
    let build = maker.plan();
    let editions = build.editions();
    if editions.years().len() < 2 {
        return Vec::new();
    }
    editions
        .years()
        .iter()
        .map(|&year| EditionMonths {
            year,
            label: edition::label(build.config(), year),
            index: editions.index_path(year),
            months: with_year(
                build.config(),
                year,
                maker.views().months(|e| edition::of(e) == year && e.tags.iter().any(|t| t == tag)),
            ),
        })
        .filter(|e| !e.months.is_empty())
        .collect()
}

/// Month headings with their year ("October 2022"), so that the same month of two
/// editions on one page does not name two regions alike.
fn with_year(config: &Config, year: i32, mut months: Vec<MonthView>) -> Vec<MonthView> {
    let words = &config.locale.words;
    let y = year.to_string();
    for month in &mut months {
        month.heading = if month.anchor.ends_with("-tbc") {
            fill(words.undated_in_year, &[("y", &y)])
        } else {
            fill(words.month_in_year, &[("m", &month.heading), ("y", &y)])
        };
    }
    months
}
