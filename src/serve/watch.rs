//! Watching the project: a burst of file events, once it settles, becomes one rebuild;
//! between bursts, an idle preview checks the pages left to check.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::preview::problems_text;
use super::rebuild::Rebuilder;
use crate::diagnostic::{Diagnostic, ServeProblem};
use crate::pipeline::Changed;

/// A burst of file events ends after this long without a new one.
const QUIET_PERIOD: Duration = Duration::from_millis(50);
/// How long the preview is left alone after a rebuild, for browsers to reload, before the
/// pages that list the changed events are checked.
const IDLE_PERIOD: Duration = Duration::from_millis(250);

/// The watcher and the folders it covers. The project root is watched alone (for
/// `calendar.toml` and for `content/` or `themes/` appearing), and those two folders
/// recursively, so that `target/`, `.git/` or `public/` never cost a watch.
pub struct Watched {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
}

impl Watched {
    /// Starts watching the project in `dir` with `watcher`.
    pub fn new(dir: &Path, watcher: notify::RecommendedWatcher) -> Watched {
        // Events name paths as they were watched: one absolute form for all of them.
        let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut watched = Watched { root, watcher };
        let root = watched.root.clone();
        watched.watch(&root, RecursiveMode::NonRecursive);
        for folder in ["content", "themes"] {
            let path = root.join(folder);
            if path.is_dir() {
                watched.watch(&path, RecursiveMode::Recursive);
            }
        }
        watched
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) {
        if let Err(e) = self.watcher.watch(path, mode) {
            let shown = path.strip_prefix(&self.root).unwrap_or(path);
            let what = crate::diagnostic::display_path(shown);
            let problem = ServeProblem::NotWatched { what, message: e.to_string() };
            crate::stderr::print(&problems_text(&[Diagnostic::command(problem).warning()]));
        }
    }

    /// Waits for a change, lets its burst of events settle, rebuilds; forever.
    pub fn run(
        mut self,
        events: &mpsc::Receiver<notify::Result<notify::Event>>,
        builder: &mut Rebuilder,
    ) {
        loop {
            let event = if builder.has_unchecked() {
                match events.recv_timeout(IDLE_PERIOD) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        builder.check_rest();
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                let Ok(event) = events.recv() else { return };
                event
            };
            let mut changed = Changed::Paths(BTreeSet::new());
            if !self.note(event, &mut changed) {
                continue;
            }
            let mut settled_at = Instant::now() + QUIET_PERIOD;
            loop {
                let wait = settled_at.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => {
                        if self.note(event, &mut changed) {
                            settled_at = Instant::now() + QUIET_PERIOD;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            builder.rebuild(&changed, Instant::now(), false);
        }
    }

    /// Adds what an event changed to `changed`; whether it can change the site. Starts
    /// watching `content/` or `themes/` when one appears.
    fn note(&mut self, event: notify::Result<notify::Event>, changed: &mut Changed) -> bool {
        let Ok(event) = event else {
            *changed = Changed::Everything;
            return true;
        };
        if event.need_rescan() {
            *changed = Changed::Everything;
            return true;
        }
        let created = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_));
        match event.kind {
            // Opening and reading, the build's own included, change nothing.
            EventKind::Access(notify::event::AccessKind::Close(
                notify::event::AccessMode::Write,
            )) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        let mut relevant = false;
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else { continue };
            if created && (rel == Path::new("content") || rel == Path::new("themes")) {
                self.watch(path, RecursiveMode::Recursive);
            }
            if affects_site(rel) {
                relevant = true;
                if let Changed::Paths(paths) = changed {
                    paths.insert(rel.to_path_buf());
                }
            }
        }
        relevant
    }
}

/// Whether a change to this path, relative to the project root, can change the site.
pub fn affects_site(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let editor_litter = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"].iter().any(|x| name.ends_with(x));
    if editor_litter {
        return false;
    }
    let mut parts = rel.components().map(|c| c.as_os_str());
    match parts.next().and_then(|c| c.to_str()) {
        Some("calendar.toml") => parts.next().is_none(),
        // Event files, and folders (a path without an extension may be one).
        Some("content") => rel.extension().is_none_or(|x| x == "toml"),
        Some("themes") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_project_files_trigger_a_rebuild() {
        for yes in
            ["calendar.toml", "content/2021/a.toml", "content/2021", "themes/default/static/x.png"]
        {
            assert!(affects_site(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "README.md",
            "content/2021/.a.toml.swp",
            "content/2021/a.toml~",
            "content/notes.md",
            "themes/default/templates/.#base.html",
            "calendar.toml/x",
        ] {
            assert!(!affects_site(Path::new(no)), "{no}");
        }
    }
}
