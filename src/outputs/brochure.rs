//! `brochure.pdf` and `<year>/brochure.pdf`: an edition as the printed brochure, typeset
//! from the theme's `brochure.typ` ([`crate::brochure`]); the root one is the current
//! edition's. None with `brochure = false`, or in a program built without Typst.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::brochure::{self, Input, Typeset};
use crate::diagnostic::{Diagnostic, ThemeProblem};
use crate::edition;
use crate::plan::{Maker, Plan};

/// `brochure.pdf`, `<year>/brochure.pdf`.
pub struct Brochure;

const ABOUT: About = About {
    content_type: ContentType::Fixed("application/pdf"),
    templated: true,
    streamed: false,
    depends: Depends::Events,
    stage: Stage::Main,
};

impl Output for Brochure {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        if brochure::AVAILABLE && build.config().brochure { editions(build).len() } else { 0 }
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        path(build, editions(build)[index])
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let made = typeset(maker, editions(maker.plan())[index]);
        out.all(&made.as_ref().map_err(Clone::clone)?.pdf)
    }
}

/// The editions with a brochure, in the order of their files: the current one (or, for
/// a calendar without editions, its every event: `None`) first, then each other year
/// with events, newest first.
fn editions(build: &Plan<'_>) -> Vec<Option<i32>> {
    let editions = build.editions();
    let current = editions.current();
    let others = editions.years().iter().filter(|&&y| Some(y) != current).map(|&y| Some(y));
    std::iter::once(current).chain(others).collect()
}

/// Where an edition's brochure goes, relative to its language's root: beside its index.
fn path(build: &Plan<'_>, year: Option<i32>) -> String {
    match year {
        Some(y) if build.editions().current() != Some(y) => format!("{y}/brochure.pdf"),
        _ => "brochure.pdf".into(),
    }
}

/// An edition's brochure as its index links it: the link, relative to the language's
/// root, and the number of pages; none when the site has no brochure or it failed (the
/// brochure's own file reports why).
pub(super) fn link(maker: &Maker<'_>, year: Option<i32>) -> Option<(String, usize)> {
    let build = maker.plan();
    if Brochure.count(build) == 0 {
        return None;
    }
    let pages = typeset(maker, year).as_ref().ok()?.pages;
    Some((path(build, year), pages))
}

/// An edition's brochure, typeset once for its file and its index's link.
fn typeset<'m>(maker: &'m Maker<'_>, year: Option<i32>) -> &'m Result<Typeset, Diagnostic> {
    let build = maker.plan();
    let slot = editions(build).iter().position(|&y| y == year).unwrap_or(0);
    maker.brochure(slot, || {
        let config = build.config();
        let site = match year {
            Some(year) => build.edition_site(year),
            None => maker.site(),
        };
        let months = super::edition_months(maker, year);
        // The edition's last change dates the PDF: the newest stamp of its events.
        let stamp = (0..build.len())
            .filter(|&i| year.is_none_or(|y| edition::lists(build.event(i), y)))
            .map(|i| build.revision(i).stamp)
            .max()
            .unwrap_or_else(|| build.fallback_stamp());
        let data = context! {
            language => &config.language, edition => year, site => site,
            months => Serde(months), words => build.renderer().words(),
        };
        let (template, text) = &build.theme().brochure;
        let data = serde_json::to_vec(&data).map_err(|e| {
            let problem = ThemeProblem::Brochure { message: e.to_string(), hint: None };
            Diagnostic::file(template.clone(), problem)
        })?;
        let ident = format!("{}{}", build.prefix(), path(build, year));
        brochure::typeset(Input {
            template: (template, text),
            data,
            fonts: build.theme().fonts.values().map(Vec::as_slice).collect(),
            stamp,
            ident: &ident,
        })
    })
}
