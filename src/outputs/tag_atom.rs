//! `tags/<id>.atom`: a tag's events as an Atom feed.

use super::atom::{Head, write_atom};
use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::ics;
use crate::plan::{Maker, Plan};
use crate::translatable::Translatable;

/// `tags/<id>.atom`, by the tag's place in the calendar's tags.
pub struct TagAtom;

const ABOUT: About = About {
    content_type: ContentType::Fixed("application/atom+xml"),
    templated: false,
    streamed: true,
    depends: Depends::TagEvents,
    stage: Stage::Main,
};

impl Output for TagAtom {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.tags().len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.tags()[index].atom.clone()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let config = build.config();
        let tag = &config.tags[index];
        let head = Head {
            title: ics::tag_feed_name(config, tag),
            // Marked only when both its parts, the calendar's title and the tag's label,
            // are left in the default language.
            lang: config
                .lang_of
                .get(&Translatable::Title)
                .filter(|_| tag.lang_of.contains_key(&Translatable::Label))
                .cloned(),
            path: tag.atom_path(),
            page: config.base_url.absolute(&tag.page_path()),
        };
        write_atom(build, &head, Some(&tag.id), out)
    }
}
