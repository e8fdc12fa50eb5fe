//! `events/<slug>.html`: an event's page.

use minijinja::context;
use minijinja::value::Serde;

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::edition;
use crate::plan::{Maker, Plan};
use crate::{markdown, view};

/// `events/<slug>.html`, by the event's place among the published events.
pub struct EventPage;

const ABOUT: About = About {
    content_type: ContentType::Fixed("text/html; charset=utf-8"),
    templated: true,
    streamed: false,
    depends: Depends::OwnEvent,
    stage: Stage::Main,
};

impl Output for EventPage {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.event(index).page_path()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let config = build.config();
        let event = build.event(index);
        let view = match maker.views_made() {
            Some(views) => views.events[index].0.clone(),
            // A page made alone needs its event's view alone.
            None => view::event_value(
                config.locale,
                build.tags(),
                &view::tag_values(build.tags()),
                event,
            ),
        };
        // The description's plain text serves the page's links.
        let description = event.description.as_deref().map(markdown::to_html_and_text);
        let event_page = view::EventDetails::value(config, &view, event, description);
        let here = event.page_path();
        let canonical = config.base_url.absolute(&here);
        // Its edition's texts and links, not the current one's.
        let editions = build.editions();
        let edition = editions.current().map(|_| editions.view(config, edition::of(event)));
        let site = match &edition {
            Some(e) if editions.current() != Some(e.year) => build.edition_site(e.year),
            _ => maker.site(),
        };
        let page = build.renderer().render(
            "event.html",
            context! {
                site => site, here => &here, root => "../", canonical => canonical, event => event_page,
                edition => Serde(edition), translations => maker.translations("../", &here, &here),
            },
        )?;
        out.all(&page)
    }
}
