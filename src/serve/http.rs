//! HTTP: each request answered from the current [`Preview`] alone ([`route`]), the site
//! under `base_url`'s path, pages with the live-reload script added.

use std::net::TcpStream;
use std::sync::Arc;

use super::live::{self, LIVE_PATH, Listeners, inject};
use super::pages::{Bytes, Files, Made};
use super::preview::{Preview, Shared, problems_text};
use super::server::{self, Request};

/// The answer to one request, decided from the current preview alone.
#[derive(Debug)]
pub enum Reply {
    /// A page or file.
    File {
        /// HTTP status.
        status: u16,
        /// Its `Content-Type`.
        content_type: &'static str,
        /// Its bytes.
        body: Body,
    },
    /// A redirect to another path.
    Redirect(String),
    /// The live-reload event stream.
    Live,
    /// A method other than GET or HEAD.
    MethodNotAllowed,
}

/// A response's bytes: a file of the site as it is, or a page with the live script added.
#[derive(Debug)]
pub enum Body {
    /// A file of the site, shared rather than copied.
    Shared(Bytes),
    /// Bytes made for this response.
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(bytes) => bytes,
            Body::Owned(bytes) => bytes,
        }
    }
}

/// Answers `method target` from the preview.
pub fn route(preview: &Preview, method: &str, target: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::MethodNotAllowed;
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == LIVE_PATH && method == "GET" {
        return Reply::Live;
    }
    let Some(site) = &preview.site else {
        let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Nothing to serve yet</title></head><body><h1>Nothing to serve yet</h1><p>The calendar has not built since <code>whenwhere serve</code> started. This page reloads once it does.</p></body></html>";
        return html(503, page, preview);
    };
    let base = preview.base_path.as_str();
    if (path == "/" && base != "/") || base.strip_suffix('/') == Some(path) {
        return Reply::Redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base).and_then(percent_decode) else {
        return not_found(site.as_ref(), preview);
    };
    let file =
        if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest };
    if let Some((content_type, made)) = site.get(&file) {
        return site_file(content_type, made, 200, preview);
    }
    if site.has(&format!("{file}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    }
    not_found(site.as_ref(), preview)
}

fn not_found(site: &dyn Files, preview: &Preview) -> Reply {
    match site.get("404.html") {
        Some((content_type, made)) => site_file(content_type, made, 404, preview),
        None => Reply::File {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: Body::Owned(b"Not found\n".to_vec()),
        },
    }
}

fn site_file(content_type: &'static str, made: Made, status: u16, preview: &Preview) -> Reply {
    let bytes = match made {
        Ok(bytes) => bytes,
        // Only a template that fails on pages the last change did not touch gets here:
        // the page says why, and reloads once a change fixes it.
        Err(error) => {
            let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>This page cannot be made</title></head><body><h1>This page cannot be made</h1></body></html>";
            let body = inject(page, &preview.event_id(), Some(&problems_text(&[error])));
            return Reply::File {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: Body::Owned(body),
            };
        }
    };
    if content_type.starts_with("text/html") {
        return html(status, &bytes, preview);
    }
    Reply::File { status, content_type, body: Body::Shared(bytes) }
}

fn html(status: u16, page: &[u8], preview: &Preview) -> Reply {
    let body = inject(page, &preview.event_id(), preview.problems.as_deref());
    Reply::File { status, content_type: "text/html; charset=utf-8", body: Body::Owned(body) }
}

/// Decodes `%XX` escapes; `None` for bytes that are not UTF-8. A `%` without two hex
/// digits after it stays as it is (and names no file of a site).
pub fn percent_decode(text: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

/// Answers one connection's request: at once, or, for a live connection, on a thread of
/// its own for as long as the page is open, if there is a place for it.
pub fn handle(stream: TcpStream, shared: &Arc<Shared>, listeners: &Arc<Listeners>) {
    let request = match server::read_request(&stream) {
        Ok(request) => request,
        Err(bad) => return server::refuse(&stream, bad),
    };
    let preview = shared.current();
    let text = "text/plain; charset=utf-8";
    let (status, headers, body): (u16, Vec<(&str, &str)>, Body) =
        match route(&preview, &request.method, &request.target) {
            Reply::Live => match listeners.join() {
                Some(place) => {
                    let shared = shared.clone();
                    let spawned = std::thread::Builder::new().name("whenwhere-live".into()).spawn(
                        move || {
                            live::stream(stream, &request, &shared, &preview);
                            drop(place);
                        },
                    );
                    // No thread to be had: the connection is closed.
                    drop(spawned);
                    return;
                }
                // A browser's EventSource closes the connection on this answer and does not
                // try again.
                None => (
                    503,
                    vec![("Content-Type", text)],
                    Body::Owned(b"Too many open pages are listening for changes\n".to_vec()),
                ),
            },
            Reply::File { status, content_type, body } => {
                (status, vec![("Content-Type", content_type)], body)
            }
            Reply::Redirect(ref to) => {
                let body = Body::Owned(format!("See {to}\n").into_bytes());
                let headers = vec![("Location", to.as_str()), ("Content-Type", text)];
                return answer(&stream, &request, 302, headers, &body);
            }
            Reply::MethodNotAllowed => (
                405,
                vec![("Allow", "GET, HEAD"), ("Content-Type", text)],
                Body::Owned(b"Only GET and HEAD\n".to_vec()),
            ),
        };
    answer(&stream, &request, status, headers, &body);
}

/// Sends an answer, then reads what is left of a request that may have a body.
fn answer(
    stream: &TcpStream,
    request: &Request,
    status: u16,
    headers: Vec<(&str, &str)>,
    body: &Body,
) {
    server::respond(stream, status, &headers, body.as_ref(), request.method == "HEAD");
    if request.method != "GET" && request.method != "HEAD" {
        // A body may follow, unread.
        server::drain(stream);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::by_extension;

    /// A site of fixed files.
    #[derive(Debug)]
    struct Fixed(Vec<(&'static str, Vec<u8>)>);

    impl Files for Fixed {
        fn has(&self, path: &str) -> bool {
            self.0.iter().any(|(p, _)| *p == path)
        }

        fn get(&self, path: &str) -> Option<(&'static str, Made)> {
            let (_, bytes) = self.0.iter().find(|(p, _)| *p == path)?;
            Some((by_extension(path), Ok(Arc::new(bytes.clone()))))
        }
    }

    fn preview(base: &str, problems: Option<&str>) -> Preview {
        let page = |text: &str| format!("<html><body><p>{text}</p></body></html>").into_bytes();
        let files = vec![
            ("404.html", page("not here")),
            ("calendar.ics", b"BEGIN:VCALENDAR".to_vec()),
            ("events/a.html", page("event a")),
            ("index.html", page("the index")),
            ("tags/index.html", page("tags")),
        ];
        Preview {
            site: Some(Arc::new(Fixed(files))),
            base_path: base.into(),
            problems: problems.map(str::to_string),
            generation: 3,
            instance: "77".into(),
        }
    }

    fn body(reply: &Reply) -> (u16, &'static str, String) {
        match reply {
            Reply::File { status, content_type, body } => {
                (*status, content_type, String::from_utf8_lossy(body.as_ref()).into_owned())
            }
            other => panic!("not a file: {other:?}"),
        }
    }

    fn redirect(reply: Reply) -> String {
        match reply {
            Reply::Redirect(to) => to,
            other => panic!("not a redirect: {other:?}"),
        }
    }

    #[test]
    fn the_site_is_served_under_its_path() {
        let p = preview("/when-and-where/", None);
        let (status, kind, text) = body(&route(&p, "GET", "/when-and-where/"));
        assert_eq!((status, kind), (200, "text/html; charset=utf-8"));
        assert!(text.contains("the index") && text.contains("since=77-3"));
        let (_, _, text) = body(&route(&p, "GET", "/when-and-where/events/a.html?x=1#top"));
        assert!(text.contains("event a"));
        let (status, kind, text) = body(&route(&p, "HEAD", "/when-and-where/calendar.ics"));
        assert_eq!(
            (status, kind, text.as_str()),
            (200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR")
        );
        assert_eq!(redirect(route(&p, "GET", "/")), "/when-and-where/");
        assert_eq!(redirect(route(&p, "GET", "/when-and-where")), "/when-and-where/");
        assert_eq!(redirect(route(&p, "GET", "/when-and-where/tags")), "/when-and-where/tags/");
        let (_, _, text) = body(&route(&p, "GET", "/when-and-where/tags/"));
        assert!(text.contains("tags"));
        for missing in [
            "/when-and-where/nope.html",
            "/elsewhere/index.html",
            "/index.html",
            "/when-and-where/%zz",
        ] {
            let (status, kind, text) = body(&route(&p, "GET", missing));
            assert_eq!((status, kind), (404, "text/html; charset=utf-8"), "{missing}");
            assert!(text.contains("not here") && text.contains("EventSource"), "{missing}");
        }
        assert!(matches!(route(&p, "GET", "/__whenwhere/live?since=77-3"), Reply::Live));
        // A stream has no end to send after a head alone: HEAD is no live connection.
        assert!(!matches!(route(&p, "HEAD", "/__whenwhere/live"), Reply::Live));
        assert!(matches!(route(&p, "POST", "/when-and-where/"), Reply::MethodNotAllowed));
    }

    #[test]
    fn a_root_site_is_served_at_the_root() {
        let p = preview("/", None);
        let (status, _, text) = body(&route(&p, "GET", "/"));
        assert_eq!(status, 200);
        assert!(text.contains("the index"));
        let (_, _, text) = body(&route(&p, "GET", "/events/a.html"));
        assert!(text.contains("event a"));
    }

    #[test]
    fn before_any_good_build_every_page_shows_the_problems() {
        let p = Preview { site: None, ..preview("/", Some("content/x.toml:2:8: error: bad")) };
        let (status, _, text) = body(&route(&p, "GET", "/anything"));
        assert_eq!(status, 503);
        assert!(text.contains("content/x.toml:2:8: error: bad"));
    }

    #[test]
    fn percent_escapes_are_decoded_and_bytes_that_are_not_utf8_refused() {
        assert_eq!(percent_decode("a%20b%C3%A9").as_deref(), Some("a bé"));
        assert_eq!(percent_decode("plain/path.html").as_deref(), Some("plain/path.html"));
        assert_eq!(percent_decode("%2").as_deref(), Some("%2"));
        assert_eq!(percent_decode("%+1x").as_deref(), Some("%+1x"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
