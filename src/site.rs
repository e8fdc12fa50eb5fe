//! The whole site, made in memory from a loaded project, then written to disk at once:
//! into a fresh folder beside the output folder, swapped in only when complete.

use std::io;
use std::path::{Path, PathBuf};

use minijinja::context;
use minijinja::value::Serde;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Problem};
use crate::event::Event;
use crate::ics;
use crate::load::Project;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::view::{self, Views};

/// What to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include events marked `draft = true`.
    pub drafts: bool,
}

/// Every file of the site, by path relative to the output folder, in path order.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The files.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many events were published.
    pub events: usize,
    /// How many iCalendar feeds (whole calendar and tags) were written.
    pub feeds: usize,
}

impl Site {
    /// The contents of a file of the site.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
    }
}

/// Renders the site of a project.
pub fn render(project: &Project, options: Options) -> Result<Site, Vec<Diagnostic>> {
    let config = &project.config;
    let theme = Theme::load(&project.root, &config.theme)?;
    let renderer = Renderer::new(&theme)?;
    let events: Vec<Event> =
        project.events.iter().filter(|e| options.drafts || !e.draft).cloned().collect();
    let views = Views::new(config, &events);
    let canonical = |path: &str| config.base_url.absolute(path);

    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(events.len() * 2 + 16);
    let mut page = |path: String, rendered: Result<String, Diagnostic>| -> Result<(), Diagnostic> {
        files.push((path, rendered?.into_bytes()));
        Ok(())
    };
    let mut errors = Vec::new();
    let index = renderer.render(
        "index.html",
        context! { site => Serde(&views.site), root => "", canonical => canonical(""), months => Serde(views.months(|_| true)) },
    );
    // The 404 page is served at any depth: its links start from the site's path.
    let not_found = renderer.render(
        "404.html",
        context! { site => Serde(&views.site), root => config.base_url.path(), canonical => () },
    );
    for (path, result) in [("index.html".to_string(), index), ("404.html".to_string(), not_found)] {
        page(path, result).unwrap_or_else(|e| errors.push(e));
    }
    for tag in &views.site.tags {
        let months = views.months(|e| e.tags.contains(&tag.id));
        let html = renderer.render(
            "tag.html",
            context! { site => Serde(&views.site), root => "../", canonical => canonical(&tag.page), tag => Serde(tag), months => Serde(months) },
        );
        page(tag.page.clone(), html).unwrap_or_else(|e| errors.push(e));
    }
    let event_pages: Vec<(String, Result<String, Diagnostic>)> = views
        .events
        .par_iter()
        .map(|(view, _)| {
            let html = renderer.render(
                "event.html",
                context! { site => Serde(&views.site), root => "../", canonical => canonical(&view.page), event => Serde(view) },
            );
            (view.page.clone(), html)
        })
        .collect();
    for (path, html) in event_pages {
        page(path, html).unwrap_or_else(|e| errors.push(e));
    }
    if !errors.is_empty() {
        // One broken template fails every page alike: say it once.
        errors.dedup();
        return Err(errors);
    }

    let published: Vec<&Event> = events.iter().collect();
    let ics_files: Vec<(String, Vec<u8>)> = events
        .par_iter()
        .map(|e| (e.ics_path(), ics::event_file(config, e).into_bytes()))
        .collect();
    files.extend(ics_files);
    files.push(("calendar.ics".into(), ics::feed(config, &config.title, &published).into_bytes()));
    for tag in &config.tags {
        let tagged: Vec<&Event> =
            published.iter().copied().filter(|e| e.tags.contains(&tag.id)).collect();
        let name = ics::tag_feed_name(config, tag);
        files.push((tag.feed_path(), ics::feed(config, &name, &tagged).into_bytes()));
    }
    let json = serde_json::to_vec_pretty(&view::events_json(config, &events))
        .expect("events.json is plain data");
    files.push(("events.json".into(), json));
    files.push((".nojekyll".into(), Vec::new()));
    if let Some(cname) = &config.cname {
        files.push(("CNAME".into(), format!("{cname}\n").into_bytes()));
    }
    for (name, bytes) in &theme.assets {
        files.push((name.clone(), bytes.clone()));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Site { files, events: events.len(), feeds: 1 + config.tags.len() })
}

/// Refuses an output folder that is, or contains, the project's own files.
pub fn check_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (root, out_abs) = (absolute(root), absolute(out));
    let unsafe_output = |reason| {
        Diagnostic::file(out, Problem::UnsafeOutput { path: out.display().to_string(), reason })
    };
    if root.starts_with(&out_abs) {
        return Err(unsafe_output("it holds the calendar project"));
    }
    for own in ["content", "themes", "calendar.toml", ".git"] {
        let own_path = root.join(own);
        if own_path.starts_with(&out_abs) || out_abs.starts_with(&own_path) {
            return Err(unsafe_output("it would replace the project's own files"));
        }
    }
    Ok(())
}

/// Removes `.` and `..` without touching the disk, so that missing folders can be checked.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes the site to `out`: all files into a new folder beside it, then a swap, so that
/// `out` is never half-written and a failed write leaves the previous site in place.
pub fn write(site: &Site, out: &Path) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
        })?
        .to_string_lossy()
        .into_owned();
    std::fs::create_dir_all(&parent)?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.old-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let written = write_all(site, &staging);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &previous)?;
        if let Err(e) = std::fs::rename(&staging, out) {
            std::fs::rename(&previous, out)?;
            return Err(e);
        }
        std::fs::remove_dir_all(&previous)?;
    } else {
        std::fs::rename(&staging, out)?;
    }
    Ok(())
}

fn write_all(site: &Site, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut folders: Vec<PathBuf> =
        site.files.iter().filter_map(|(p, _)| Path::new(p).parent().map(|d| dir.join(d))).collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    site.files.par_iter().try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))
}
