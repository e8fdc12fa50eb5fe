//! The rebuild state machine: each change builds the project again and publishes the
//! result as a new [`Preview`], or the problems over the last good site.
//!
//! A build is checked against the last build known to make every file: after a change to
//! the settings or the theme, every file is made before the build is served, as `whenwhere
//! build` makes them; after a change to events, their own pages are, and the pages that
//! list them (the index, their tags' pages) once the preview is idle
//! ([`Rebuilder::check_rest`]), so that the page a browser reloads is not kept waiting for
//! pages nobody looks at.

use std::sync::Arc;
use std::time::Instant;

use super::pages::Pages;
use super::preview::{Preview, Shared, problems_text};
use crate::diagnostic::Diagnostic;
use crate::outputs::{Depends, File};
use crate::pipeline::{Changed, Pipeline};
use crate::site::{self, Difference};
use crate::{feature_words, say, stderr};

/// A build and the path it is served under.
#[derive(Debug, Clone)]
pub struct Served {
    /// The build, its files made on request.
    pub pages: Arc<Pages>,
    /// The path it is served under, from `base_url`: `/when-and-where/`, or `/`.
    pub base_path: String,
}

/// Builds the project, with links pointing at the preview, and publishes each result.
pub struct Rebuilder {
    pipeline: Pipeline,
    quiet: bool,
    shared: Arc<Shared>,
    /// The last build published as good.
    last: Option<Served>,
    /// The last build known to make every file.
    checked: Option<Served>,
    /// The pages of `last` that may differ from `checked`'s and are not made yet.
    unchecked: Vec<File>,
}

impl Rebuilder {
    /// A builder that publishes to `shared`; nothing is built yet.
    pub fn new(pipeline: Pipeline, quiet: bool, shared: Arc<Shared>) -> Rebuilder {
        Rebuilder { pipeline, quiet, shared, last: None, checked: None, unchecked: Vec::new() }
    }

    /// The build, and the path it is served under.
    fn build(&mut self, changed: &Changed) -> Result<Served, Vec<Diagnostic>> {
        let build = self.pipeline.plan(changed, &mut |warnings| {
            stderr::print(&crate::report::each(warnings));
        })?;
        let base_path = build.config().base_url.path().to_string();
        Ok(Served { pages: Arc::new(Pages::new(build)), base_path })
    }

    /// How a build differs from an earlier one; everything if there is none.
    fn difference(new: &Served, old: Option<&Served>) -> Difference {
        match old {
            Some(old) if old.base_path == new.base_path => {
                site::difference(new.pages.plan(), old.pages.plan())
            }
            _ => Difference::Everything,
        }
    }

    /// Makes the files of a build that must make before it is served; returns the pages
    /// left to check once the preview is idle.
    fn check(&self, new: &Served) -> Result<Vec<File>, Vec<Diagnostic>> {
        match Rebuilder::difference(new, self.checked.as_ref()) {
            Difference::Nothing => Ok(Vec::new()),
            Difference::Files(files) => {
                // Pages alone: the other files are made by code, which no content fails.
                let (own, lists): (Vec<File>, Vec<File>) = files
                    .into_iter()
                    .filter(|f| f.about().templated)
                    .partition(|f| f.about().depends == Depends::OwnEvent);
                let errors = new.pages.make(&own);
                if errors.is_empty() { Ok(lists) } else { Err(errors) }
            }
            // Exactly as `whenwhere build` makes them, keeping none: each is made again
            // when asked for.
            Difference::Everything => {
                site::emit(new.pages.plan(), &site::Discard).map(|_| Vec::new())
            }
        }
    }

    /// Rebuilds, reports, and publishes the result if it changes what is served.
    pub fn rebuild(&mut self, changed: &Changed, started: Instant, first: bool) {
        let result = self.build(changed).and_then(|new| {
            let unchecked = self.check(&new)?;
            Ok((new, unchecked))
        });
        let current = self.shared.current();
        let next = match result {
            Ok((new, unchecked)) => {
                let unchanged = current.problems.is_none()
                    && current.site.is_some()
                    && Rebuilder::difference(&new, self.last.as_ref()) == Difference::Nothing;
                if !self.quiet {
                    say!(
                        "{} {} in {:.2} s{}",
                        if first { "Built" } else { "Rebuilt" },
                        feature_words::count(new.pages.plan().len(), "event"),
                        started.elapsed().as_secs_f64(),
                        if unchanged { " (nothing changed)" } else { "" }
                    );
                }
                if unchanged {
                    return;
                }
                let preview = Preview {
                    site: Some(new.pages.clone()),
                    base_path: new.base_path.clone(),
                    problems: None,
                    generation: current.generation + 1,
                    instance: current.instance.clone(),
                };
                if unchecked.is_empty() {
                    self.checked = Some(new.clone());
                }
                self.unchecked = unchecked;
                self.last = Some(new);
                preview
            }
            Err(errors) => match self.failed(&errors, &current, None) {
                Some(next) => next,
                None => return,
            },
        };
        self.shared.publish(next);
    }

    /// Whether pages are left to check.
    pub fn has_unchecked(&self) -> bool {
        !self.unchecked.is_empty()
    }

    /// Makes the pages left to check; if one fails, serves the last build known to make
    /// every file again, with the problems over it.
    pub fn check_rest(&mut self) {
        let Some(last) = self.last.clone() else { return };
        let unchecked = std::mem::take(&mut self.unchecked);
        let errors = last.pages.make(&unchecked);
        if errors.is_empty() {
            self.checked = Some(last);
            return;
        }
        self.last = self.checked.clone();
        let current = self.shared.current();
        let next = if current.problems.is_some() {
            // A later change failed to load and is shown already: its problems stay, over
            // the last site known to make every page.
            stderr::print(&problems_text(&errors));
            let checked = self.checked.clone().expect("a checked build comes first");
            Some(Preview {
                site: Some(checked.pages),
                base_path: checked.base_path,
                generation: current.generation + 1,
                ..(*current).clone()
            })
        } else {
            self.failed(&errors, &current, self.checked.clone())
        };
        if let Some(next) = next {
            self.shared.publish(next);
        }
    }

    /// Reports a failed build; the state to publish, if it changes what is served: the
    /// problems over `instead`, else over the site served now.
    fn failed(
        &self,
        errors: &[Diagnostic],
        current: &Preview,
        instead: Option<Served>,
    ) -> Option<Preview> {
        let text = problems_text(errors);
        stderr::print(&text);
        if current.site.is_some() {
            say!("Still serving the last good site; save a fix to rebuild.");
        } else {
            say!("Nothing to serve until the project builds; save a fix to rebuild.");
        }
        if current.problems.as_deref() == Some(text.as_str()) && instead.is_none() {
            return None;
        }
        let mut next =
            Preview { problems: Some(text), generation: current.generation + 1, ..current.clone() };
        if let Some(served) = instead {
            next.site = Some(served.pages);
            next.base_path = served.base_path;
        }
        Some(next)
    }
}
