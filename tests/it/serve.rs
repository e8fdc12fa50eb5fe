//! `whenwhere serve`, run end to end as a person runs it: started on a free port, read over
//! HTTP from 127.0.0.1, its files changed while it runs, then stopped. Every wait is
//! bounded; every request goes to 127.0.0.1.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any one expected thing may take.
const PATIENCE: Duration = Duration::from_secs(10);
const FIXTURE: &str = "tests/fixtures/site";
const RETREAT: &str = "content/2021/retreat.toml";

/// A copy of the fixture calendar in a scratch folder.
fn fixture() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Rewrites a file as an editor that saves atomically does: a new file, renamed over it.
fn edit(dir: &Path, rel: &str, change: impl Fn(&str) -> String) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(text, changed, "the edit changes {rel}");
    let temporary = path.with_extension("toml.new");
    std::fs::write(&temporary, changed).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
}

/// Replaces the line starting with `key = `.
fn set(key: &str, value: &str) -> impl Fn(&str) -> String {
    let (key, value) = (format!("{key} = "), value.to_string());
    move |text: &str| {
        text.lines()
            .map(|l| if l.starts_with(&key) { format!("{key}{value}") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }
}

/// A running `whenwhere serve`, killed when dropped.
struct Served {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    fn start(dir: &Path, extra: &[&str]) -> Served {
        Served::start_from(common::whenwhere(), dir, extra)
    }

    /// [`Served::start`] from a command set up by the caller (limits, environment).
    fn start_from(mut command: Command, dir: &Path, extra: &[&str]) -> Served {
        let mut child = command
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { return };
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut served = Served { child, port: 0, stderr };
        let line = served.wait_for_stderr("Serving http://127.0.0.1:");
        let address = line.split_whitespace().nth(1).unwrap();
        let port = address.trim_start_matches("http://127.0.0.1:").split('/').next().unwrap();
        served.port = port.parse().expect("a port in the Serving line");
        assert_ne!(served.port, 0, "the real port is printed, not 0");
        served
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits for a line of stderr containing `text`; returns it.
    fn wait_for_stderr(&mut self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(line) = self.stderr().lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve stopped ({status}) before printing {text:?}:\n{}", self.stderr());
            }
            assert!(Instant::now() < deadline, "no {text:?} on stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Fetches `path` until `done` holds of the response.
    fn poll(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let response = self.get(path);
            if done(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never {what}; last answer:\n{}\nstderr:\n{}",
                response.body,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// The body as sent (`body` is empty for a PDF, which is not text).
    bytes: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 GET to 127.0.0.1.
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("serve accepts connections");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a whole response before the timeout");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let body = raw[split + 4..].to_vec();
    let response = Response { status, headers, body: String::new(), bytes: Vec::new() };
    let body = if response.header("Transfer-Encoding") == Some("chunked") {
        dechunk(&body)
    } else {
        if let Some(length) = response.header("Content-Length") {
            assert_eq!(length.parse::<usize>().unwrap(), body.len(), "Content-Length");
        }
        body
    };
    let text = match response.header("Content-Type") {
        Some("application/pdf") => String::new(),
        _ => String::from_utf8(body.clone()).expect("UTF-8 bodies"),
    };
    Response { body: text, bytes: body, ..response }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16);
        let size = size.unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}

/// An open live-reload stream.
struct Live {
    stream: TcpStream,
    received: String,
}

impl Live {
    fn open(port: u16, since: &str) -> Live {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        let path = format!("/__whenwhere/live?since={since}");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
        Live { stream, received: String::new() }
    }

    /// Reads until the stream has carried `text`; returns everything after it.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(at) = self.received.find(text) {
                let rest = self.received[at + text.len()..].to_string();
                self.received = rest.clone();
                return rest;
            }
            assert!(Instant::now() < deadline, "no {text:?} in the stream: {:?}", self.received);
            let mut buffer = [0; 4096];
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the stream closed: {:?}", self.received),
                Ok(n) => self.received.push_str(std::str::from_utf8(&buffer[..n]).unwrap()),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading the stream: {e}"),
            }
        }
    }
}

/// The `since=` id that a served page's script listens from.
fn since(page: &str) -> String {
    let at = page.find("/__whenwhere/live?since=").expect("the live-reload script") + 24;
    page[at..].split('"').next().unwrap().to_string()
}

#[test]
fn serves_the_site_rebuilds_on_change_and_shows_problems_over_the_last_good_site() {
    let dir = fixture();
    let mut served = Served::start(dir.path(), &[]);
    served.wait_for_stderr("Built 6 events in ");
    let base = "/when-and-where/";

    let index = served.get(base);
    assert_eq!(index.status, 200);
    assert_eq!(index.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(index.body.contains("Annual Retreat &amp; Campus"));
    assert!(index.body.contains("new EventSource(\"/__whenwhere/live?since="));
    // Absolute links point at the preview, under the configured path.
    let preview = format!("127.0.0.1:{}/when-and-where/", served.port);
    assert!(index.body.contains(&format!("<link rel=\"canonical\" href=\"http://{preview}\">")));
    assert!(index.body.contains(&format!("webcal://{preview}calendar.ics")));
    assert!(!index.body.contains("there is no"), "no overlay while the site builds");

    let ics = served.get("/when-and-where/events/retreat.ics");
    assert_eq!(ics.status, 200);
    assert_eq!(ics.header("Content-Type"), Some("text/calendar; charset=utf-8"));
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(!ics.body.contains("whenwhere/live"), "only HTML gets the script");
    let css = served.get("/when-and-where/style.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));

    edit(dir.path(), RETREAT, set("title", "\"Retreat Renamed While Serving\""));
    served.poll(base, "showed the new title", |r| r.body.contains("Retreat Renamed While Serving"));
    let page = served.get("/when-and-where/events/retreat.html");
    assert!(page.body.contains("<h1>Retreat Renamed While Serving</h1>"));
    served.wait_for_stderr("Rebuilt 6 events in ");

    edit(dir.path(), RETREAT, set("date", "\"31 Feb\""));
    let broken =
        served.poll(base, "showed the problem", |r| r.body.contains("there is no 31 February"));
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains("Retreat Renamed While Serving"), "the last good site stays up");
    assert!(broken.body.contains("role=\"alert\""));
    assert!(broken.body.contains(
        "content/2021/retreat.toml:2:9: error: there is no 31 February in 2021\n  |\n2 | date = \"31 Feb\""
    ));
    let event = served.get("/when-and-where/events/webinar.html");
    assert!(event.body.contains("there is no 31 February"), "every page shows the overlay");
    served.wait_for_stderr("content/2021/retreat.toml:2:9: error: there is no 31 February in 2021");
    served.wait_for_stderr("Still serving the last good site");

    edit(dir.path(), RETREAT, set("date", "\"15-22 Feb\""));
    let fixed =
        served.poll(base, "lost the overlay", |r| !r.body.contains("there is no 31 February"));
    assert!(fixed.body.contains("Retreat Renamed While Serving"));
    assert!(!fixed.body.contains("role=\"alert\""));

    assert!(!dir.path().join("public").exists(), "serve writes nothing");
}

#[test]
fn open_pages_hear_of_every_rebuild() {
    let dir = fixture();
    let served = Served::start(dir.path(), &[]);
    let index = served.get("/when-and-where/");
    let mut live = Live::open(served.port, &since(&index.body));
    live.wait_for("HTTP/1.1 200 OK\r\n");
    live.wait_for("Content-Type: text/event-stream");

    edit(dir.path(), RETREAT, set("location", "\"Online\""));
    live.wait_for("data: reload\n\n");

    edit(dir.path(), RETREAT, set("tags", "[\"diplomcy\"]"));
    let after = live.wait_for("event: error\n");
    assert!(
        after.starts_with("data: content/2021/retreat.toml:3:10: error: unknown tag `diplomcy`\n"),
        "{after:?}"
    );
    live.wait_for("data: 1 error in 1 file\n\n");

    edit(dir.path(), RETREAT, set("tags", "[\"diplomacy\"]"));
    live.wait_for("data: reload\n\n");

    // A page served before a rebuild that its script did not hear of reloads at once.
    let mut late = Live::open(served.port, &since(&index.body));
    late.wait_for("data: reload\n\n");
    // And so does a page from an earlier run of `serve`.
    let mut stale = Live::open(served.port, "1-1");
    stale.wait_for("data: reload\n\n");
}

#[test]
fn the_site_lives_under_its_base_url_path() {
    let dir = fixture();
    let served = Served::start(dir.path(), &[]);
    for path in ["/", "/when-and-where"] {
        let r = served.get(path);
        assert_eq!((r.status, r.header("Location")), (302, Some("/when-and-where/")), "{path}");
    }
    for path in ["/when-and-where/events/nope.html", "/index.html", "/other/"] {
        let r = served.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.body.contains("<h1>Page not found</h1>"), "the site's own 404 page");
        assert!(r.body.contains("/__whenwhere/live"));
    }
    let r = served.get("/when-and-where/index.html");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Annual Retreat &amp; Campus"));
}

#[test]
fn a_new_project_at_a_domain_root_is_served_at_slash_and_drafts_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("cal");
    let init = common::whenwhere().arg("init").arg(&project).output();
    assert!(init.unwrap().status.success());
    std::fs::write(
        project.join("calendar.toml"),
        "title = \"Root\"\nbase_url = \"https://events.example.org/\"\nyear = 2021\n",
    )
    .unwrap();
    std::fs::remove_dir_all(project.join("content")).unwrap();
    std::fs::create_dir_all(project.join("content")).unwrap();
    std::fs::write(
        project.join("content/draft.toml"),
        "title = \"A Draft Meeting\"\ndate = \"3 Mar\"\ndraft = true\n",
    )
    .unwrap();

    let served = Served::start(&project, &["--drafts"]);
    let index = served.get("/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("A Draft Meeting"));
    assert!(index.body.contains(&format!("href=\"http://127.0.0.1:{}/\"", served.port)));

    let without = Served::start(&project, &[]);
    assert!(!without.get("/").body.contains("A Draft Meeting"));
}

#[test]
fn every_language_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("cal");
    let init = common::whenwhere()
        .args(["init", "-q", "--year", "2021", "--languages", "en,fr,es"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let served = Served::start(&project, &[]);
    let base = served.get("/").header("Location").unwrap_or("/").to_string();
    for (path, lang) in [("", "en"), ("fr/", "fr"), ("es/", "es")] {
        let page = served.get(&format!("{base}{path}"));
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains(&format!("<html lang=\"{lang}\"")), "{path}");
    }
    assert_eq!(served.get(&format!("{base}fr/calendar.ics")).status, 200);
}

#[test]
fn a_project_broken_at_start_is_served_once_fixed() {
    let dir = fixture();
    edit(dir.path(), RETREAT, set("date", "\"31 Feb\""));
    let mut served = Served::start(dir.path(), &[]);
    served.wait_for_stderr("Nothing to serve until the project builds");
    let r = served.get("/anything");
    assert_eq!(r.status, 503);
    assert!(r.body.contains("there is no 31 February"));

    edit(dir.path(), RETREAT, set("date", "\"15-22 Feb\""));
    served.poll("/when-and-where/", "was served", |r| r.status == 200);
    // The path comes from calendar.toml, so the root now leads there.
    assert_eq!(served.get("/").header("Location"), Some("/when-and-where/"));
}

#[test]
fn warnings_are_printed_as_check_prints_them_and_serve_goes_on() {
    let dir = fixture();
    std::fs::write(dir.path().join("content/2021/forum.toml.txt"), "title = \"F\"\n").unwrap();
    let mut served = Served::start(dir.path(), &[]);
    let line = served.wait_for_stderr("forum.toml.txt");
    assert_eq!(
        line,
        "content/2021/forum.toml.txt: warning: this file is not read: only files whose names end in `.toml` are events"
    );
    assert_eq!(served.get("/when-and-where/").status, 200);
}

/// Runs a `serve` that is expected to stop by itself; kills it after [`PATIENCE`].
fn serve_that_stops(args: &[&str]) -> (bool, String) {
    let mut child = common::whenwhere()
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve {args:?} did not stop");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (status.success(), stderr)
}

#[test]
fn a_taken_port_or_a_folder_without_calendar_toml_stops_with_an_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = fixture();
    let (ok, stderr) = serve_that_stops(&[dir.path().to_str().unwrap(), "--port", &port]);
    assert!(!ok);
    assert!(stderr.starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: ")), "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let (ok, stderr) = serve_that_stops(&[empty.path().to_str().unwrap(), "--port", "0"]);
    assert!(!ok);
    assert!(stderr.starts_with("error: no calendar project at "), "{stderr}");
}

/// The files of a built site, by path.
struct Site {
    files: Vec<(String, Vec<u8>)>,
}

/// A served page less what `serve` adds to it.
fn without_script(body: &str) -> String {
    match body.find("<!-- added by whenwhere serve, not part of the built site -->\n") {
        Some(start) => {
            let end = start + body[start..].find("</script>\n").expect("the script's end") + 10;
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

#[test]
fn every_file_is_served_as_a_build_makes_it() {
    let dir = fixture();
    let mut served = Served::start(dir.path(), &[]);
    served.wait_for_stderr("Built 6 events in ");
    // The same project built by `whenwhere build` for the preview's address.
    let out = tempfile::tempdir().unwrap();
    let base_url = format!("http://127.0.0.1:{}/when-and-where/", served.port);
    let built = common::whenwhere()
        .args(["build", "-q", "--base-url", &base_url, "--output"])
        .arg(out.path().join("site"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let root = out.path().join("site");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path().strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        // The marker says which project built the folder; it is not a file of the site.
        if entry.file_type().is_file() && path != whenwhere::publish::MARKER {
            files.push((path, std::fs::read(entry.path()).unwrap()));
        }
    }
    let site = Site { files };
    for (path, bytes) in &site.files {
        let r = served.get(&format!("/when-and-where/{path}"));
        assert_eq!(r.status, 200, "{path}");
        if path.ends_with(".pdf") {
            // The brochure, typeset on request: the same bytes as the build's.
            assert_eq!(r.header("Content-Type"), Some("application/pdf"), "{path}");
            assert!(r.bytes == *bytes, "{path} differs from the build's");
            continue;
        }
        assert_eq!(without_script(&r.body), String::from_utf8_lossy(bytes), "{path}");
    }
}

#[test]
fn event_files_added_renamed_and_removed_while_serving() {
    let dir = fixture();
    let served = Served::start(dir.path(), &[]);
    let base = "/when-and-where/";
    std::fs::write(
        dir.path().join("content/2021/added.toml"),
        "title = \"Added While Serving\"\ndate = \"3 Mar\"\n",
    )
    .unwrap();
    let added = served.poll("/when-and-where/events/added.html", "was served", |r| r.status == 200);
    assert!(added.body.contains("<h1>Added While Serving</h1>"));
    assert!(served.get(base).body.contains("Added While Serving"));

    std::fs::rename(
        dir.path().join("content/2021/added.toml"),
        dir.path().join("content/2021/moved.toml"),
    )
    .unwrap();
    served.poll("/when-and-where/events/moved.html", "was served", |r| r.status == 200);
    assert_eq!(served.get("/when-and-where/events/added.html").status, 404);

    // A second file with the same slug is an error; removing the first resolves it.
    std::fs::write(
        dir.path().join("content/2021/again.toml"),
        "title = \"Again\"\ndate = \"4 Mar\"\nslug = \"moved\"\n",
    )
    .unwrap();
    served.poll(base, "showed the problem", |r| r.body.contains("is already used by"));
    std::fs::remove_file(dir.path().join("content/2021/moved.toml")).unwrap();
    let again = served.poll("/when-and-where/events/moved.html", "showed the other event", |r| {
        r.body.contains("<h1>Again</h1>")
    });
    assert!(!again.body.contains("role=\"alert\""));

    std::fs::remove_dir_all(dir.path().join("content/2021")).unwrap();
    served.poll("/when-and-where/events/retreat.html", "was gone", |r| r.status == 404);
}

/// A template that fails on one event's data, in a page listing it: the changed event's
/// own page makes, so the change is served at once; the list is checked right after, and
/// its failure puts the last site known to make every page back, with the problem over it.
#[test]
fn a_list_page_that_fails_on_a_change_brings_back_the_last_good_site() {
    let dir = fixture();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("tag.html"),
        "<!doctype html><html><body>{% for month in months %}{% for event in month.events %}{% if event.location == \"Nowhere\" %}{{ event.missing }}{% endif %}<p>{{ event.title }}</p>{% endfor %}{% endfor %}</body></html>\n",
    )
    .unwrap();
    let mut served = Served::start(dir.path(), &[]);
    let index = served.get("/when-and-where/");
    let mut live = Live::open(served.port, &since(&index.body));

    edit(dir.path(), RETREAT, set("location", "\"Nowhere\""));
    live.wait_for("data: reload\n\n");
    let after = live.wait_for("event: error\n");
    assert!(after.starts_with("data: themes/default/templates/tag.html:1:"), "{after:?}");
    served.wait_for_stderr("Still serving the last good site");
    let tag = served.get("/when-and-where/tags/diplomacy.html");
    assert_eq!(tag.status, 200);
    assert!(
        tag.body.contains("<p>Annual Retreat &amp; Campus</p>")
            && tag.body.contains("role=\"alert\"")
    );
    let page = served.get("/when-and-where/events/retreat.html");
    assert!(page.body.contains("Guangzhou, China"), "the last good site's page");
    assert!(!page.body.contains("<dd>Nowhere</dd>"));

    edit(dir.path(), RETREAT, set("location", "\"Online\""));
    live.wait_for("data: reload\n\n");
    let page = served.get("/when-and-where/events/retreat.html");
    assert!(page.body.contains("<dd>Online</dd>") && !page.body.contains("role=\"alert\""));

    // A theme change makes every page before the site is served, as a build would.
    std::fs::write(templates.join("event.html"), "<p>{{ event.missing }}</p>\n").unwrap();
    let after = live.wait_for("event: error\n");
    assert!(after.starts_with("data: themes/default/templates/event.html:1:"), "{after:?}");
    let page = served.get("/when-and-where/events/retreat.html");
    assert!(page.body.contains("<dd>Online</dd>") && page.body.contains("role=\"alert\""));
    std::fs::remove_file(templates.join("event.html")).unwrap();
    live.wait_for("data: reload\n\n");
    assert!(!served.get("/when-and-where/").body.contains("role=\"alert\""));
}

#[test]
fn a_theme_that_would_run_forever_stops_with_an_error_naming_it() {
    let dir = fixture();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let mut served = Served::start(dir.path(), &[]);
    served.wait_for_stderr("Nothing to serve until the project builds");
    let stderr = served.stderr();
    assert!(
        stderr.lines().any(|l| l.starts_with("themes/default/templates/404.html:1:")
            && l.contains(": error: this template does more work than any page of this calendar needs (more than ")),
        "{stderr}"
    );
    assert_eq!(served.get("/anything").status, 503);
}

/// The threads of a running process by name, on Linux.
#[cfg(target_os = "linux")]
fn threads(child: &Child) -> std::collections::BTreeMap<String, usize> {
    let mut names = std::collections::BTreeMap::new();
    for task in std::fs::read_dir(format!("/proc/{}/task", child.id())).unwrap() {
        let comm = std::fs::read_to_string(task.unwrap().path().join("comm")).unwrap_or_default();
        *names.entry(comm.trim().to_string()).or_insert(0) += 1;
    }
    names
}

/// Many open pages listening for changes hold a bounded number of threads: past the cap,
/// a live connection is refused with a 503 (on which a browser's EventSource closes it),
/// and ordinary requests are still answered by the same few threads.
#[cfg(target_os = "linux")]
#[test]
fn live_connections_are_bounded_and_pages_still_answer() {
    const OPEN: usize = 150;
    const CAP: usize = 64;
    let dir = fixture();
    let served = Served::start(dir.path(), &[]);
    let mut streams = Vec::new();
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..OPEN {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET /__whenwhere/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut line = String::new();
        BufReader::new(stream.try_clone().unwrap()).read_line(&mut line).unwrap();
        let status = line.split_whitespace().nth(1).unwrap_or("none").to_string();
        if status == "200" {
            streams.push(stream);
        }
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [("200".to_string(), CAP), ("503".to_string(), OPEN - CAP)]
    );
    for _ in 0..20 {
        assert_eq!(served.get("/when-and-where/").status, 200);
    }
    // One thread per open live connection, up to the cap, and a fixed pool for the rest;
    // before, every connection took a thread of its own, and kept it.
    let names = threads(&served.child);
    assert_eq!(
        (names.get("whenwhere-live"), names.get("whenwhere-http")),
        (Some(&CAP), Some(&8)),
        "{names:?}"
    );
    drop(streams);
}

/// Clients that send a request line with no end, or hold more connections open than the
/// process has file descriptors, do not stop `serve`: a request's head is bounded (431
/// past it), accepting pauses while no descriptor is left, and once those clients go,
/// pages are answered again. (Before, tiny_http's accepting thread ended at the first
/// `EMFILE`, and `serve` refused every connection after.)
#[cfg(target_os = "linux")]
#[test]
fn serve_stays_up_whatever_clients_do() {
    use std::os::unix::process::CommandExt;
    let dir = fixture();
    let mut command = common::whenwhere();
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs in the child then.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 64, rlim_max: 64 };
            match libc::setrlimit(libc::RLIMIT_NOFILE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let served = Served::start_from(command, dir.path(), &[]);

    let mut endless = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    endless.set_read_timeout(Some(PATIENCE)).unwrap();
    endless.write_all(b"GET /").unwrap();
    endless.write_all(&[b'a'; 20 << 10]).unwrap();
    let mut answer = String::new();
    let _ = endless.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer:?}");

    // A head trickled a byte at a time is given five seconds in all, not five per byte.
    let mut trickle = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    let started = Instant::now();
    let closed = (0..20).any(|_| {
        std::thread::sleep(Duration::from_millis(500));
        trickle.write_all(b"G").is_err()
            || (trickle.set_nonblocking(true).is_ok()
                && matches!(trickle.read(&mut [0; 64]), Ok(0) | Ok(_)))
    });
    assert!(closed && started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());

    let held: Vec<TcpStream> =
        (0..150).filter_map(|_| TcpStream::connect(("127.0.0.1", served.port)).ok()).collect();
    assert!(held.len() > 64, "more connections than the process has descriptors");
    drop(held);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let answered = TcpStream::connect(("127.0.0.1", served.port)).ok().and_then(|mut s| {
            s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
            write!(s, "GET /when-and-where/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
            let mut line = String::new();
            BufReader::new(s).read_line(&mut line).ok()?;
            Some(line)
        });
        if answered.as_deref().is_some_and(|l| l.starts_with("HTTP/1.1 200 ")) {
            break;
        }
        assert!(Instant::now() < deadline, "serve answers again once the clients go");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(served.get("/when-and-where/").status, 200);
}
