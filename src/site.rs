//! The whole site of a build: every file made and handed to a [`Sink`] (memory, a folder
//! on disk, or nothing), and which files differ from an earlier build's. What each file is
//! and how it is made is in [`crate::outputs`]; writing to disk is [`crate::publish`]'s.

use std::collections::BTreeSet;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, OutputProblem, Problem};
use crate::outputs::{self, Depends, File, KINDS, Stage};
use crate::plan::{Maker, Plan};
use crate::trace;

/// Where the files of a build go: memory, for tests and `serve`, or a folder on disk.
pub trait Sink: Sync {
    /// Stores one file of the site; `path` is relative to the site's root.
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// Stores one file that `write` produces piece by piece, for files too large to
    /// hold whole, such as the feed of a large calendar.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Counts of what a build made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// How many events were published.
    pub events: usize,
    /// How many iCalendar feeds (whole calendar and tags) were written.
    pub feeds: usize,
}

/// A sink that keeps nothing: a build into it only checks that every file can be made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> io::Result<()> {
        Ok(())
    }

    fn put_with(
        &self,
        _: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        write(&mut io::sink())
    }
}

/// The diagnostics, each once, in their first order: one broken template fails every
/// page alike, and is said once; a full disk fails every file alike, and is said once,
/// for the first file it failed.
pub fn distinct(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let key = |d: &Diagnostic| match &*d.problem {
        Problem::Output(OutputProblem::Write { message }) => format!("write: {message}"),
        _ => d.to_string(),
    };
    diagnostics.into_iter().filter(|d| seen.insert(key(d))).collect()
}

/// The most bytes a site may have: its events' pages, files and their share of the lists
/// and feeds weigh about 11 KiB each in each language with the default theme; this bound is
/// a hundred times that, and more, so that only a runaway template meets it.
pub fn size_bound(build: &Plan<'_>) -> u64 {
    (64 << 20) + (1 << 20) * (build.len() * build.languages()) as u64
}

/// A sink that refuses to take more than a number of bytes in all.
struct SizeBoundedSink<'s> {
    out: &'s dyn Sink,
    left: AtomicU64,
}

/// What a [`SizeBoundedSink`] sink has left once a file went past the bound.
const EXCEEDED: u64 = u64::MAX;

impl SizeBoundedSink<'_> {
    fn take(&self, n: usize) -> io::Result<()> {
        let taken = self.left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            Some(left.checked_sub(n as u64).unwrap_or(EXCEEDED)).filter(|_| left != EXCEEDED)
        });
        match taken {
            Ok(left) if left >= n as u64 => Ok(()),
            // Said once, as the whole site's problem, by `emit`.
            _ => Err(io::Error::other("the site is too large")),
        }
    }
}

impl Sink for SizeBoundedSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.take(bytes.len())?;
        self.out.put(path, bytes)
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        struct Counted<'w, 'b> {
            inner: &'w mut dyn io::Write,
            bound: &'w SizeBoundedSink<'b>,
        }
        impl io::Write for Counted<'_, '_> {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let written = self.inner.write(buf)?;
                self.bound.take(written)?;
                Ok(written)
            }
            fn flush(&mut self) -> io::Result<()> {
                self.inner.flush()
            }
        }
        self.out.put_with(path, &mut |inner| write(&mut Counted { inner, bound: self }))
    }
}

/// Makes every file of the site and hands each to `out` as soon as it is made, so that
/// a large calendar is never held in memory whole. Pages and feeds are made in parallel,
/// in the stages of [`Stage`]. A site past [`size_bound`] is an error.
pub fn emit(build: &Plan<'_>, out: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
    let bound = size_bound(build);
    let bounded = SizeBoundedSink { out, left: AtomicU64::new(bound) };
    emit_into(build, &bounded).map_err(|errors| {
        // Every file refused past the bound failed for that one reason: say it once.
        if bounded.left.load(Ordering::Relaxed) != EXCEEDED {
            return errors;
        }
        let events = build.len() * build.languages();
        vec![Diagnostic::command(OutputProblem::SiteTooLarge { mib: bound >> 20, events })]
    })
}

fn emit_into(build: &Plan<'_>, out: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
    let t = Instant::now();
    let maker = build.maker();
    for lang in 0..build.languages() {
        maker.in_language(lang).views();
    }
    let t = trace::phase("views", t);
    let put = |file: &File| put(&maker, *file, out);
    let (mut singles, mut own, mut feeds, mut theme) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for &kind in KINDS {
        let about = kind.about();
        let files = outputs::of_kind(build, kind);
        match (about.stage, about.depends) {
            // An event's own files go together, by the event's place.
            (Stage::Main, Depends::OwnEvent) => own.push(kind),
            (Stage::Main, _) => singles.extend(files),
            (Stage::Feeds, _) => feeds.extend(files),
            (Stage::Theme, _) => theme.extend(files),
        }
    }
    // One pass over the singles and the events' files, on all cores: the list pages and
    // events.json first, since each is large, while the other cores make event pages.
    // Events come language by language, each language's build having the same events.
    let n = singles.len();
    let events = build.len();
    let results: Vec<Result<(), Diagnostic>> = (0..n + events * build.languages())
        .into_par_iter()
        .map(|k| match singles.get(k) {
            Some(file) => put(file),
            None => {
                let (lang, i) = ((k - n) / events, (k - n) % events);
                own.iter()
                    .filter(|kind| lang < kind.languages(build))
                    .filter(|kind| kind.output().exists(build.in_language(lang), i))
                    .try_for_each(|&kind| put(&File::new(kind, i).in_language(lang)))
            }
        })
        .collect();
    let t = trace::phase("pages, events.json and event files", t);
    let errors = distinct(results.into_iter().filter_map(Result::err));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut results: Vec<Result<(), Diagnostic>> = feeds.par_iter().map(put).collect();
    results.extend(theme.iter().map(put));
    let errors = distinct(results.into_iter().filter_map(Result::err));
    if !errors.is_empty() {
        return Err(errors);
    }
    trace::phase("feeds and theme files", t);
    Ok(Stats { events: build.len(), feeds: feeds.len() })
}

/// Makes one file and hands it to `out`: whole, or piece by piece for large ones.
fn put(maker: &Maker<'_>, file: File, out: &dyn Sink) -> Result<(), Diagnostic> {
    let build = maker.plan();
    let path = file.path(build);
    if !file.about().streamed {
        let bytes = outputs::bytes(maker, file)?;
        return out.put(&path, bytes).map_err(|e| outputs::failed(build, file, &e));
    }
    let mut made = Ok(());
    let written = out.put_with(&path, &mut |w| {
        made = outputs::write(maker, file, w);
        // The diagnostic is kept in `made`; this only stops the output.
        made.as_ref().map_err(|_| io::Error::other("not made"))?;
        Ok(())
    });
    made.and(written.map_err(|e| outputs::failed(build, file, &e)))
}

/// How a build's files differ from an earlier build's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Every file is as it was.
    Nothing,
    /// These files of the new build may differ (or are new); the others are as they were.
    Files(Vec<File>),
    /// Settings, theme or something every page shows changed: any file may differ.
    Everything,
}

/// Which files of `new` may differ from those of `old`, by what each kind depends on
/// ([`Depends`]), given the same settings, theme and years.
pub fn difference(new: &Plan<'_>, old: &Plan<'_>) -> Difference {
    if new.options() != old.options()
        || new.year_label() != old.year_label()
        || new.editions() != old.editions()
        || new.config() != old.config()
        || new.theme() != old.theme()
    {
        return Difference::Everything;
    }
    let mut changed = vec![false; new.len()];
    let mut tags: BTreeSet<&str> = BTreeSet::new();
    let mut kept = 0;
    for (i, event) in new.events().into_iter().enumerate() {
        let before = old.position(&event.slug).map(|j| (old.event(j), old.revision(j)));
        match before {
            Some((was, revision)) if was == event && revision == new.revision(i) => kept += 1,
            was => {
                let was = was.map(|(was, _)| was);
                changed[i] = true;
                tags.extend(event.tags.iter().map(String::as_str));
                if let Some(was) = was {
                    kept += 1;
                    tags.extend(was.tags.iter().map(String::as_str));
                }
            }
        }
    }
    if !changed.contains(&true) && kept == old.len() {
        return Difference::Nothing;
    }
    if kept < old.len() {
        // Events went: they leave the lists of their tags.
        for was in old.events() {
            if new.position(&was.slug).is_none() {
                tags.extend(was.tags.iter().map(String::as_str));
            }
        }
    }
    let files = outputs::all(new)
        .into_iter()
        .filter(|file| match file.about().depends {
            Depends::Settings => false,
            Depends::OwnEvent => changed[file.index],
            Depends::Events => true,
            Depends::TagEvents => {
                tags.contains(new.in_language(file.lang).tags()[file.index].id.as_str())
            }
        })
        .collect();
    Difference::Files(files)
}
