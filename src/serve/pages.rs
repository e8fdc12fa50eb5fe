//! The page cache: a build served on demand, each file made when first asked for, then
//! kept for as long as the build is served.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::outputs::{self, File, Paths};
use crate::plan::{Maker, Plan};
use crate::site;

/// A file's bytes, shared between the responses that send it.
pub type Bytes = Arc<Vec<u8>>;

/// A file made, or why it cannot be.
pub type Made = Result<Bytes, Diagnostic>;

/// The files a preview serves, by path relative to the site's root.
pub trait Files: Send + Sync + std::fmt::Debug {
    /// Whether there is a file at this path; makes nothing.
    fn has(&self, path: &str) -> bool;

    /// The file at this path, made if it was not yet, with its `Content-Type`.
    fn get(&self, path: &str) -> Option<(&'static str, Made)>;
}

/// A build served on demand: each file made when first asked for, then kept.
pub struct Pages {
    build: Plan<'static>,
    /// Every file by path, listed when first asked for.
    paths: OnceLock<Paths>,
    /// Files made so far; a file being made is waited for, never made twice.
    made: Mutex<HashMap<File, Arc<OnceLock<Made>>>>,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("build", &self.build).finish_non_exhaustive()
    }
}

impl Pages {
    /// Serves a build; nothing is made yet.
    pub fn new(build: Plan<'static>) -> Pages {
        Pages { build, paths: OnceLock::new(), made: Mutex::default() }
    }

    /// The build served.
    pub fn plan(&self) -> &Plan<'static> {
        &self.build
    }

    /// How many files are made and kept.
    pub fn kept(&self) -> usize {
        self.made.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn file(&self, path: &str) -> Option<File> {
        self.paths.get_or_init(|| Paths::of(&self.build)).get(path)
    }

    /// A file, made by `maker` (a new one if none is given) unless it was made already.
    fn made(&self, maker: Option<&Maker<'_>>, file: File) -> Made {
        let cell = {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            made.entry(file).or_default().clone()
        };
        cell.get_or_init(|| {
            let bytes = match maker {
                Some(maker) => outputs::bytes(maker, file),
                None => outputs::bytes(&self.build.maker(), file),
            };
            bytes.map(Arc::new)
        })
        .clone()
    }

    /// Makes these files now, in parallel, and keeps them; the diagnostics of those that
    /// cannot be made, each once, in the order of [`File`]. One maker serves them all, so
    /// that the list pages among them share one view of every event.
    pub fn make(&self, files: &[File]) -> Vec<Diagnostic> {
        let mut files = files.to_vec();
        files.sort();
        let maker = self.build.maker();
        let made: Vec<Made> = files.par_iter().map(|&file| self.made(Some(&maker), file)).collect();
        site::distinct(made.into_iter().filter_map(Result::err))
    }
}

impl Files for Pages {
    fn has(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    fn get(&self, path: &str) -> Option<(&'static str, Made)> {
        let file = self.file(path)?;
        Some((file.content_type(&self.build), self.made(None, file)))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load;
    use crate::outputs::Kind;
    use crate::plan::PlanOptions;

    #[test]
    fn pages_are_made_once_on_demand_and_kept() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
        let project = load::load(&root).unwrap();
        let pages = Pages::new(Plan::owning(project, PlanOptions::default()).unwrap());
        assert_eq!(pages.kept(), 0, "nothing is made up front");
        assert!(pages.has("events/retreat.html") && !pages.has("events/nope.html"));
        assert_eq!(pages.kept(), 0, "asking whether a file is there makes none");
        let (kind, first) = pages.get("events/retreat.html").unwrap();
        assert_eq!(kind, "text/html; charset=utf-8");
        let (_, again) = pages.get("events/retreat.html").unwrap();
        assert!(Arc::ptr_eq(&first.unwrap(), &again.unwrap()));
        assert!(pages.get("events/nope.html").is_none());
        assert_eq!(pages.make(&[File::one(Kind::Index), File::new(Kind::TagPage, 0)]), []);
        let mut made: Vec<String> =
            pages.made.lock().unwrap().keys().map(|f| f.path(pages.plan())).collect();
        made.sort();
        assert_eq!(made, ["events/retreat.html", "index.html", "tags/diplomacy.html"]);
    }

    #[test]
    fn each_file_has_the_content_type_of_its_kind() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
        let project = load::load(&root).unwrap();
        let pages = Pages::new(Plan::owning(project, PlanOptions::default()).unwrap());
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("404.html", "text/html; charset=utf-8"),
            ("tags/diplomacy.html", "text/html; charset=utf-8"),
            ("events/retreat.ics", "text/calendar; charset=utf-8"),
            ("calendar.ics", "text/calendar; charset=utf-8"),
            ("tags/diplomacy.ics", "text/calendar; charset=utf-8"),
            ("events.json", "application/json"),
            (".nojekyll", "text/plain; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
        ] {
            assert_eq!(pages.get(path).map(|(kind, _)| kind), Some(expected), "{path}");
        }
    }
}
