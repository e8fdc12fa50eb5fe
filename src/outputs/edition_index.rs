//! `<year>/index.html`: one edition's events, by month, at an address that stays when
//! the next edition becomes the current one.

use super::index::write_index;
use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// `<year>/index.html`.
pub struct EditionIndex;

impl Output for EditionIndex {
    fn about(&self) -> &'static About {
        // The root index's facts: the same page, of one edition.
        &super::index::ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.editions().years().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        format!("{}/index.html", build.editions().years()[index])
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let year = maker.plan().editions().years()[index];
        write_index(maker, Some(year), "../", out)
    }
}
