//! Reads a calendar project from disk: `calendar.toml` and every `*.toml` under
//! `content/`, into checked events, or every problem of every file.

use std::path::{Path, PathBuf};

use std::time::Instant;

use rayon::prelude::*;

use crate::calendar;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Problem, Source, display_path};
use crate::event::{Context, Event};
use crate::trace;

/// A calendar project as read from disk: its settings and its events in date order.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `calendar.toml`.
    pub root: PathBuf,
    /// The settings.
    pub config: Config,
    /// Every event, drafts included, in [`calendar::date_order`].
    pub events: Vec<Event>,
}

impl Project {
    /// How many events are drafts.
    pub fn drafts(&self) -> usize {
        self.events.iter().filter(|e| e.draft).count()
    }
}

/// Loads the project in `root`; on any problem, all of them, sorted by file and position.
pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
    let t = Instant::now();
    let config = load_config(root)?;
    let (files, mut errors) = discover(root);
    let t = trace::phase("discover", t);
    let parsed: Vec<(Source, Result<Event, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|rel| match read_source(root, rel) {
            Ok(src) => {
                let ctx = Context {
                    year: folder_year(rel).or(config.year),
                    tags: &config.tags,
                    timezone: config.timezone,
                };
                let event = Event::parse(&src, &ctx);
                (src, event)
            }
            Err(d) => (Source::new(rel.clone(), String::new()), Err(vec![d])),
        })
        .collect();
    let t = trace::phase("read and parse", t);
    let mut events = Vec::with_capacity(parsed.len());
    let mut first_use: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (src, result) in parsed {
        match result {
            Ok(event) => {
                let here = src.location(event.slug_span.as_ref().map(|s| s.start));
                if let Some(first) = first_use.get(&event.slug) {
                    let problem =
                        Problem::DuplicateSlug { slug: event.slug.clone(), first: first.clone() };
                    errors.push(match &event.slug_span {
                        Some(span) => src.error(span.clone(), problem),
                        None => Diagnostic::file(src.path.clone(), problem),
                    });
                } else {
                    first_use.insert(event.slug.clone(), here);
                    events.push(event);
                }
            }
            Err(mut d) => errors.append(&mut d),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        return Err(errors);
    }
    events.sort_by(calendar::date_order);
    trace::phase("slugs and order", t);
    Ok(Project { root: root.to_path_buf(), config, events })
}

/// Reads and checks the project's `calendar.toml` alone.
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let src = read_source(root, Path::new("calendar.toml")).map_err(|d| vec![d])?;
    Config::parse(&src)
}

/// Every `*.toml` below `content/`, relative to the root, in a stable order.
fn discover(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !content.is_dir() {
        return (files, errors);
    }
    let walker = walkdir::WalkDir::new(&content).follow_links(true).sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e)
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml") =>
            {
                files.push(relative(root, e.path()));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or_else(|| PathBuf::from("content"), |p| relative(root, p));
                let message = match e.loop_ancestor() {
                    Some(a) => format!("a link loops back to {}", display_path(&relative(root, a))),
                    None => e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()),
                };
                errors.push(Diagnostic::file(path, Problem::Io { message }));
            }
        }
    }
    (files, errors)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a project file as UTF-8 text.
fn read_source(root: &Path, rel: &Path) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        let problem =
            if e.kind() == std::io::ErrorKind::NotFound && rel == Path::new("calendar.toml") {
                Problem::NoConfig
            } else {
                Problem::Io { message: e.to_string() }
            };
        Diagnostic::file(rel, problem)
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Diagnostic::file(rel, Problem::NotUtf8))?;
    Ok(Source::new(rel, text))
}

/// The year of the nearest enclosing folder named like `2021`.
fn folder_year(rel: &Path) -> Option<i32> {
    rel.parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|name| name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|name| name.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_year_folder_wins() {
        assert_eq!(folder_year(Path::new("content/2021/x.toml")), Some(2021));
        assert_eq!(folder_year(Path::new("content/2021/2022/x.toml")), Some(2022));
        assert_eq!(folder_year(Path::new("content/2021/webinars/x.toml")), Some(2021));
        assert_eq!(folder_year(Path::new("content/x.toml")), None);
        assert_eq!(folder_year(Path::new("content/12345/x.toml")), None);
    }
}
