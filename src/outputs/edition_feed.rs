//! `<year>/calendar.ics`: one edition's feed; `calendar.ics` holds the current edition's and
//! later ones'.

use super::feed::write_feed;
use super::{About, Out, Output};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};
use crate::{edition, ics};

/// `<year>/calendar.ics`.
pub struct EditionFeed;

impl Output for EditionFeed {
    fn about(&self) -> &'static About {
        // The whole feed's facts: the same feed, of one edition.
        &super::feed::ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.editions().years().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        format!("{}/calendar.ics", build.editions().years()[index])
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let year = build.editions().years()[index];
        let config = build.config();
        let label = edition::label(config, year);
        let own = config.editions.iter().find(|e| e.year == year);
        let head = ics::FeedHead {
            name: format!("{} {label}", config.title).trim_end().to_string(),
            description: own.and_then(|e| e.subtitle.clone()).or_else(|| config.subtitle.clone()),
            page: config.base_url.absolute(&format!("{year}/")),
            source: config.base_url.absolute(&format!("{year}/calendar.ics")),
            colour: None,
        };
        write_feed(build, &head, &|e| edition::of(e) == year, out)
    }
}
