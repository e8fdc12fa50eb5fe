//! The theme's own files: each file of its `static/` folder, copied as it is to the same
//! path in the site, after every made file, so that it replaces a made file of that path.

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::diagnostic::Diagnostic;
use crate::plan::{Maker, Plan};

/// A file of the theme's `static/` folder, by its place among them in path order.
pub struct Asset;

const ABOUT: About = About {
    content_type: ContentType::ByExtension,
    templated: false,
    streamed: false,
    depends: Depends::Settings,
    stage: Stage::Theme,
};

impl Output for Asset {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, build: &Plan<'_>) -> usize {
        build.theme().assets.len()
    }

    fn path(&self, build: &Plan<'_>, index: usize) -> String {
        build.theme().assets.keys().nth(index).cloned().unwrap_or_default()
    }

    fn write(&self, maker: &Maker<'_>, index: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let bytes = maker.plan().theme().assets.values().nth(index);
        out.all(bytes.map_or(&[][..], Vec::as_slice))
    }
}

/// The `Content-Type` of a file, by its extension.
pub fn by_extension(path: &str) -> &'static str {
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        // CNAME, .nojekyll
        None => "text/plain; charset=utf-8",
        Some(_) => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::by_extension;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(by_extension("events/a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(by_extension("style.css"), "text/css; charset=utf-8");
        assert_eq!(by_extension("favicon.svg"), "image/svg+xml");
        assert_eq!(by_extension("events.json"), "application/json");
        assert_eq!(by_extension("img/Logo.PNG"), "image/png");
        assert_eq!(by_extension("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(by_extension(".nojekyll"), "text/plain; charset=utf-8");
        assert_eq!(by_extension("data.bin"), "application/octet-stream");
    }
}
