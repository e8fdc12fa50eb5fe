//! `embed.html`: the events as a compact list without the site's frame, for other sites'
//! `<iframe>`.

use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// `embed.html`.
pub struct Embed;

impl Output for Embed {
    fn about(&self) -> &'static About {
        // Made as the index is: one templated page of the edition's events.
        &super::index::ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "embed.html".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        super::index::every_month(maker, "embed.html", "embed.html", out)
    }
}
