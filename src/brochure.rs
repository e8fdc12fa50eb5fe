//! The printed brochure: the theme's Typst template (`brochure.typ`) typeset into a PDF by
//! Typst, used as a library. The template reads the edition as `data.json` (`json("data.json")`)
//! and nothing else: no other file, no package (nothing is downloaded), no clock (its
//! `datetime.today()` and the PDF's date are the edition's stamp), so that the same
//! files always give the same bytes.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::diagnostic::Diagnostic;

/// Whether this program typesets brochures: built with the `brochure` feature (the
/// default); without it, sites have no brochure.
pub const AVAILABLE: bool = cfg!(feature = "brochure");

/// A typeset brochure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typeset {
    /// The PDF's bytes.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
}

/// What one brochure is made from.
pub struct Input<'a> {
    /// The template's file, as diagnostics name it, and its text.
    pub template: (&'a Path, &'a str),
    /// The edition as the template reads it: JSON.
    pub data: Vec<u8>,
    /// Fonts beside the built-in ones: the theme's `fonts/`.
    pub fonts: Vec<&'a [u8]>,
    /// The edition's stamp: the PDF's creation date and the template's "today".
    pub stamp: DateTime<Utc>,
    /// What identifies the document across builds (its path on the site).
    pub ident: &'a str,
}

/// Typesets a brochure. A template that does not compile or typeset is an error at its
/// file and line.
pub fn typeset(input: Input<'_>) -> Result<Typeset, Diagnostic> {
    #[cfg(feature = "brochure")]
    return typesetter::apart(input);
    #[cfg(not(feature = "brochure"))]
    {
        let message = "this program was built without the brochure (feature `brochure`)";
        let problem =
            crate::diagnostic::ThemeProblem::Brochure { message: message.into(), hint: None };
        Err(Diagnostic::file(input.template.0.to_path_buf(), problem))
    }
}

/// Typst, behind the `brochure` feature.
#[cfg(feature = "brochure")]
mod typesetter {
    use std::path::{Path, PathBuf};
    use std::sync::LazyLock;

    use chrono::{Datelike, Timelike};
    use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
    use typst::foundations::{Bytes, Datetime, Smart};
    use typst::layout::PagedDocument;
    use typst::syntax::{FileId, Source, VirtualPath};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt, World, WorldExt};

    use super::{Input, Typeset};
    use crate::diagnostic::{self, Diagnostic, ThemeProblem};

    /// The name the template reads the edition's data by.
    const DATA: &str = "data.json";

    /// Typst's standard library, made once: every brochure of every build uses the same.
    static LIBRARY: LazyLock<LazyHash<Library>> =
        LazyLock::new(|| LazyHash::new(Library::default()));

    /// The fonts built into the program (Typst's own: Libertinus Serif, New Computer Modern,
    /// DejaVu Sans Mono), read once.
    static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
        typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect()
    });

    /// The world a template sees: itself, the data, the fonts.
    struct Brochure {
        main: Source,
        data: Bytes,
        book: LazyHash<FontBook>,
        fonts: Vec<Font>,
        today: Option<Datetime>,
    }

    impl World for Brochure {
        fn library(&self) -> &LazyHash<Library> {
            &LIBRARY
        }

        fn book(&self) -> &LazyHash<FontBook> {
            &self.book
        }

        fn main(&self) -> FileId {
            self.main.id()
        }

        fn source(&self, id: FileId) -> FileResult<Source> {
            if id == self.main.id() { Ok(self.main.clone()) } else { Err(refused(id)) }
        }

        fn file(&self, id: FileId) -> FileResult<Bytes> {
            if id.package().is_none() && id.vpath().as_rootless_path() == Path::new(DATA) {
                Ok(self.data.clone())
            } else {
                Err(refused(id))
            }
        }

        fn font(&self, index: usize) -> Option<Font> {
            self.fonts.get(index).cloned()
        }

        fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
            self.today
        }
    }

    /// Why a file other than the template and its data cannot be read: a package would be
    /// downloaded, any other file would be read from outside the theme's one template.
    fn refused(id: FileId) -> FileError {
        match id.package() {
            Some(_) => FileError::Package(PackageError::Other(Some(
                "a brochure uses no package: nothing is downloaded while building".into(),
            ))),
            None => FileError::NotFound(id.vpath().as_rootless_path().to_path_buf()),
        }
    }

    /// Typst's own threads: it lays out in parallel with rayon, and its work must not
    /// share the site's pool (see [`apart`]).
    static POOL: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
        rayon::ThreadPoolBuilder::new().thread_name(|i| format!("typst-{i}")).build().ok()
    });

    /// Typesets on a thread of its own, Typst's parallel work on its own pool. A brochure
    /// is asked for by several pages at once (its file and its index's link) and made once
    /// behind a lock; on a worker of the site's pool, rayon would have the thread that
    /// holds the lock pick up, while Typst's work runs, a page that waits for that same
    /// lock, and the build would never end. Apart, the waiting thread only waits.
    pub(super) fn apart(input: Input<'_>) -> Result<Typeset, Diagnostic> {
        let Some(pool) = POOL.as_ref() else {
            let message = "the typesetter's threads could not be started".into();
            let problem = ThemeProblem::Brochure { message, hint: None };
            return Err(Diagnostic::file(input.template.0.to_path_buf(), problem));
        };
        std::thread::scope(|s| s.spawn(|| pool.install(|| typeset(input))).join())
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    fn typeset(input: Input<'_>) -> Result<Typeset, Diagnostic> {
        let (path, text) = input.template;
        let main =
            Source::new(FileId::new(None, VirtualPath::new("brochure.typ")), text.to_string());
        let mut fonts = FONTS.clone();
        fonts.extend(input.fonts.iter().flat_map(|data| Font::iter(Bytes::new(data.to_vec()))));
        let stamp = input.stamp;
        let today = Datetime::from_ymd(stamp.year(), stamp.month() as u8, stamp.day() as u8);
        let world = Brochure {
            main,
            data: Bytes::new(input.data),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            today,
        };
        let failed = |errors: &[SourceDiagnostic]| diagnostic(&world, path, text, errors);
        let document: PagedDocument = typst::compile(&world).output.map_err(|e| failed(&e))?;
        let created = Datetime::from_ymd_hms(
            stamp.year(),
            stamp.month() as u8,
            stamp.day() as u8,
            stamp.hour() as u8,
            stamp.minute() as u8,
            stamp.second() as u8,
        );
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(input.ident),
            timestamp: created.map(typst_pdf::Timestamp::new_utc),
            ..typst_pdf::PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|e| failed(&e))?;
        Ok(Typeset { pdf, pages: document.pages.len() })
    }

    /// The first error of a template, at its line and column when Typst knows them.
    fn diagnostic(
        world: &Brochure,
        path: &Path,
        text: &str,
        errors: &[SourceDiagnostic],
    ) -> Diagnostic {
        let first = errors.iter().find(|e| e.severity == Severity::Error).or(errors.first());
        let Some(error) = first else {
            let problem = ThemeProblem::Brochure { message: "no page made".into(), hint: None };
            return Diagnostic::file(path.to_path_buf(), problem);
        };
        let hint = (!error.hints.is_empty()).then(|| error.hints.join("; "));
        let problem = ThemeProblem::Brochure { message: error.message.to_string(), hint };
        // An error in a function of Typst's own points at the template's call to it.
        let spans = std::iter::once(error.span).chain(error.trace.iter().rev().map(|t| t.span));
        let in_template = spans
            .filter(|span| span.id() == Some(world.main.id()))
            .find_map(|span| world.range(span));
        match in_template {
            Some(range) => {
                diagnostic::Source::new(PathBuf::from(path), text.to_string()).error(range, problem)
            }
            None => Diagnostic::file(path.to_path_buf(), problem),
        }
    }
}
