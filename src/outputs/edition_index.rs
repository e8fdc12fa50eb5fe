//! `<year>/index.html`: one edition's events, by month, at an address that stays when
//! the next edition becomes the current one.

use super::index::write_index;
use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::build::{Build, Maker};
use crate::diagnostic::Diagnostic;

/// `<year>/index.html`.
pub struct EditionIndex;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/html; charset=utf-8"),
    templated: true,
    streamed: true,
    depends: Depends::Events,
    stage: Stage::Main,
};

impl Output for EditionIndex {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Build<'_>) -> usize {
        build.editions().years().len()
    }

    fn path(&self, build: &Build<'_>, index: usize) -> String {
        format!("{}/index.html", build.editions().years()[index])
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let year = maker.build().editions().years()[index];
        write_index(maker, Some(year), "../", out)
    }
}
