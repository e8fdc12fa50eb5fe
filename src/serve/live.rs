//! Live reload: pages served get a small script that listens on [`LIVE_PATH`] for
//! Server-Sent Events, `reload` after a good build and `error` with the diagnostics after
//! a failed one, which it shows in an overlay. The script and the overlay are added to
//! pages as they are served, never to the built site. Live connections are few and long:
//! at most [`MAX_LIVE`] are open at once, each on a thread of its own.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::preview::{Preview, Shared};
use super::server::{self, Request};

/// Where open pages listen for rebuilds; outside any site path.
pub const LIVE_PATH: &str = "/__whenwhere/live";
/// The most live connections open at once. A browser opens one per tab of the preview (and
/// at most six to one address); past this, a connection is refused with a 503, so that
/// threads stay bounded and ordinary requests keep being answered.
pub const MAX_LIVE: usize = 64;
/// How often an idle live connection is written to, to notice closed tabs.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// The id of the overlay that shows a failed build's diagnostics.
const OVERLAY_ID: &str = "whenwhere-problems";

/// Counts the open live connections, to keep them under [`MAX_LIVE`].
#[derive(Debug, Default)]
pub struct Listeners(AtomicUsize);

/// One open live connection's place among the [`Listeners`], given back when dropped.
#[derive(Debug)]
pub struct Place(Arc<Listeners>);

impl Listeners {
    /// A place for one more live connection, if fewer than [`MAX_LIVE`] are open.
    pub fn join(self: &Arc<Self>) -> Option<Place> {
        let taken = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < MAX_LIVE).then_some(n + 1));
        taken.ok().map(|_| Place(self.clone()))
    }

    /// How many are open.
    pub fn open(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A page with the live-reload script, and the diagnostics overlay when the latest build
/// failed, added before its last `</body>` (or at its end).
pub fn inject(page: &[u8], event_id: &str, problems: Option<&str>) -> Vec<u8> {
    let at =
        page.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(page.len());
    let mut snippet =
        String::from("<!-- added by whenwhere serve, not part of the built site -->\n");
    if let Some(text) = problems {
        snippet.push_str(&overlay(&escape(text)));
        snippet.push('\n');
    }
    // The overlay as a JS string, with `<` escaped so that no `</script>` can end the script.
    let template = serde_json::to_string(&overlay("")).expect("a string").replace('<', "\\u003c");
    snippet.push_str(&LIVE_SCRIPT.replace("TEMPLATE", &template).replace("EVENT_ID", event_id));
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Listens for rebuilds: reloads after a good one, shows the overlay after a failed one.
const LIVE_SCRIPT: &str = r#"<script>
(function () {
  var id = "whenwhere-problems";
  function show(text) {
    var box = document.getElementById(id);
    if (!box) {
      document.body.insertAdjacentHTML("beforeend", TEMPLATE);
      box = document.getElementById(id);
    }
    box.querySelector("pre").textContent = text;
  }
  document.addEventListener("click", function (e) {
    var box = document.getElementById(id);
    if (box && e.target.closest && e.target.closest("[data-whenwhere-dismiss]")) box.remove();
  });
  if (!window.EventSource) return;
  var live = new EventSource("/__whenwhere/live?since=EVENT_ID");
  live.onmessage = function (e) { if (e.data === "reload") location.reload(); };
  live.addEventListener("error", function (e) { if (typeof e.data === "string") show(e.data); });
})();
</script>
"#;

/// The overlay: fixed over the top of the page, light on near-black, its own styles only.
fn overlay(escaped_text: &str) -> String {
    format!(
        concat!(
            r#"<div id="{id}" role="alert" style="all:initial;display:block;position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:80vh;overflow:auto;box-sizing:border-box;padding:16px 20px;background:#111;color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-bottom:4px solid #ff6b6b;box-shadow:0 4px 24px rgba(0,0,0,.5)">"#,
            r#"<div style="display:flex;justify-content:space-between;align-items:baseline;gap:1em">"#,
            r#"<strong style="color:#ff9b9b;font:inherit;font-weight:bold">The calendar has errors: this page shows the last good build.</strong>"#,
            r#"<button type="button" data-whenwhere-dismiss style="font:inherit;color:#111;background:#fff;border:0;border-radius:3px;padding:4px 12px;cursor:pointer">Dismiss</button>"#,
            r#"</div><pre style="all:initial;display:block;margin:12px 0 0;white-space:pre-wrap;color:#fff;font:inherit">{text}</pre></div>"#,
        ),
        id = OVERLAY_ID,
        text = escaped_text
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One message of the live stream for a state.
pub fn live_event(preview: &Preview) -> String {
    let id = preview.event_id();
    match &preview.problems {
        None => format!("id: {id}\ndata: reload\n\n"),
        Some(text) => {
            let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
            format!("id: {id}\nevent: error\n{data}\n")
        }
    }
}

/// Streams Server-Sent Events until the client goes away: each new state after the one the
/// page was served from, and a comment now and then to notice a closed tab.
pub fn stream(mut out: TcpStream, request: &Request, shared: &Shared, preview: &Preview) {
    let last_event_id = request.last_event_id.clone();
    let query_since = request
        .target
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
        .map(str::to_string);
    let since = last_event_id.or(query_since);
    // A page from an earlier run of `serve` is stale whatever happened since: reload it.
    let (mut seen, stale) = match since.as_deref().and_then(|s| s.rsplit_once('-')) {
        Some((instance, generation)) if instance == preview.instance => {
            (generation.parse().unwrap_or(preview.generation), false)
        }
        Some(_) => (preview.generation, true),
        None => (preview.generation, false),
    };
    let head = server::head(200, &[("Content-Type", "text/event-stream; charset=utf-8")], None);
    let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_ok();
    if !send(&format!("{head}retry: 1000\n\n")) {
        return;
    }
    if stale && !send(&format!("id: {}\ndata: reload\n\n", preview.event_id())) {
        return;
    }
    loop {
        let sent = match shared.wait_past(seen, HEARTBEAT) {
            Some(next) => {
                seen = next.generation;
                send(&live_event(&next))
            }
            None => send(": still here\n\n"),
        };
        if !sent {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview(problems: Option<&str>) -> Preview {
        Preview {
            site: None,
            base_path: "/".into(),
            problems: problems.map(str::to_string),
            generation: 3,
            instance: "77".into(),
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_and_the_overlay_only_on_errors() {
        let page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let ok = String::from_utf8(inject(page, "1-2", None)).unwrap();
        assert!(ok.starts_with("<html><body><p>&lt;/body&gt;</p><!-- added by whenwhere serve"));
        assert!(ok.ends_with("</script>\n</BODY></html>"));
        assert!(ok.contains("new EventSource(\"/__whenwhere/live?since=1-2\")"));
        assert!(!ok.contains("role=\"alert\""), "the overlay is only in the script's template");
        assert!(!ok.contains("</pre>"), "no `</` in the script's template");

        let broken = inject(page, "1-2", Some("a.toml:1:1: error: <b> & \"c\""));
        let broken = String::from_utf8(broken).unwrap();
        assert!(broken.contains("role=\"alert\""));
        assert!(broken.contains(">a.toml:1:1: error: &lt;b&gt; &amp; \"c\"</pre>"));

        let no_body = String::from_utf8(inject(b"plain", "1-2", None)).unwrap();
        assert!(no_body.starts_with("plain<!--") && no_body.ends_with("</script>\n"));
    }

    #[test]
    fn live_events_carry_their_id_and_every_line_of_the_problems() {
        let ok = preview(None);
        assert_eq!(live_event(&ok), "id: 77-3\ndata: reload\n\n");
        let broken = preview(Some("first line\n  |\nlast\n"));
        assert_eq!(
            live_event(&broken),
            "id: 77-3\nevent: error\ndata: first line\ndata:   |\ndata: last\n\n"
        );
    }

    #[test]
    fn live_connections_are_capped_and_give_their_place_back() {
        let listeners = Arc::new(Listeners::default());
        let places: Vec<Place> = (0..MAX_LIVE).map_while(|_| listeners.join()).collect();
        assert_eq!((places.len(), listeners.open()), (MAX_LIVE, MAX_LIVE));
        assert!(listeners.join().is_none(), "one past the cap is refused");
        drop(places);
        assert_eq!(listeners.open(), 0);
        assert!(listeners.join().is_some());
    }
}
