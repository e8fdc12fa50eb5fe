//! The built site: golden pages, links that resolve under a sub-path and at a domain
//! root, determinism, atomic writes and output-folder safety.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use whenwhere::outputs::{self, Kind, Paths};
use whenwhere::plan::{Plan, PlanOptions};
use whenwhere::{load, site};

const FIXTURE: &str = "tests/fixtures/site";
/// Three editions, 2022 the current one, and an event across the 2021 year end.
const EDITIONS: &str = "tests/fixtures/editions";

fn manifest(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// Every file of a site, by path, in path order.
struct Site {
    files: Vec<(String, Vec<u8>)>,
    stats: site::Stats,
}

impl Site {
    fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
    }
}

/// Makes every file of a project's site in memory, as `whenwhere build` makes them.
fn render_project(project: &load::Project, options: PlanOptions) -> Site {
    let memory = common::Memory::default();
    let stats = site::emit(&Plan::new(project, options).expect("the theme compiles"), &memory)
        .expect("the site renders");
    Site { files: memory.files(), stats }
}

/// Builds a project in memory.
fn render(root: &Path, drafts: bool) -> Site {
    let project = load::load(root).expect("the project loads");
    render_project(&project, PlanOptions { drafts })
}

/// Copies a project to a temporary folder with another `base_url`.
fn copy_with_base_url(from: &Path, base_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        if matches!(first.as_deref(), Some("public" | "target" | ".git" | "tests" | "src")) {
            continue;
        }
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else if rel == Path::new("calendar.toml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let replaced: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.starts_with("base_url") {
                        format!("base_url = \"{base_url}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            std::fs::write(&to, replaced.join("\n")).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// One snapshot per page and per data file of the fixture calendar.
#[test]
fn golden_pages() {
    for (fixture, prefix) in [(FIXTURE, ""), (EDITIONS, "editions--")] {
        golden(fixture, prefix);
    }
}

fn golden(fixture: &str, prefix: &str) {
    let site = render(&manifest(fixture), false);
    let paths: Vec<&str> = site.files.iter().map(|(p, _)| p.as_str()).collect();
    insta::assert_debug_snapshot!(format!("{prefix}file_list"), paths);
    // The brochures (PDF, not text) are tested in tests/it/brochure.rs.
    for (path, bytes) in site.files.iter().filter(|(p, _)| !p.ends_with(".pdf")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let name = format!("{prefix}{}", path.replace('/', "__"));
        if path.ends_with(".html") || path.ends_with(".json") || path.ends_with(".atom") {
            insta::assert_snapshot!(name, text);
        } else if path.ends_with(".ics") {
            // CRLF endings are tested in tests/ics.rs; the snapshot shows them as `\n`.
            insta::assert_snapshot!(name, text.replace("\r\n", "\n"));
        }
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let without = render(&manifest(FIXTURE), false);
    let with = render(&manifest(FIXTURE), true);
    assert!(without.file("events/draft.html").is_none());
    assert!(with.file("events/draft.html").is_some());
    assert_eq!((without.stats.events, with.stats.events), (6, 7));
}

#[test]
fn user_text_is_inert_in_html() {
    let site = render(&manifest(FIXTURE), false);
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("<img src=x"), "{path}: raw <img> from a title");
        assert!(!html.contains("<script>"), "{path}: raw <script> from a description");
        assert!(!html.contains("<b>Barcelona"), "{path}: raw <b> from a location");
    }
    let page = String::from_utf8(site.file("events/hostile.html").unwrap().to_vec()).unwrap();
    assert!(page.contains("<h1>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; {{ site.title }} {% if true %}x{% endif %}</h1>"));
}

/// Every `href` and `src` of every page, resolved like a browser would, names a file
/// of the site; webcal links name real feeds.
fn assert_links_resolve(site: &Site, base_path: &str) -> usize {
    let files: BTreeSet<&str> = site.files.iter().map(|(p, _)| p.as_str()).collect();
    let mut checked = 0;
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let ids: BTreeSet<String> = attributes(&html, "id").into_iter().collect();
        for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let resolved = if let Some(rest) = target.strip_prefix("webcal://") {
                let after_host = &rest[rest.find('/').expect("a path")..];
                after_host.strip_prefix(base_path).expect("webcal under the base path").to_string()
            } else if target.is_empty() {
                path.clone()
            } else if let Some(abs) = target.strip_prefix('/') {
                let stripped = format!("/{abs}");
                // A browser resolves `..` in an absolute path too (`/fr/../style.css`).
                let inside = stripped
                    .strip_prefix(base_path)
                    .unwrap_or_else(|| panic!("{path}: {link} is outside the site"));
                let folder = if inside.ends_with('/') { "/" } else { "" };
                format!("{}{folder}", normalize(Path::new(inside)))
                    .trim_start_matches('/')
                    .to_string()
            } else {
                let folder = Path::new(path).parent().unwrap_or(Path::new(""));
                normalize(&folder.join(&target))
            };
            let resolved = if resolved.is_empty() || resolved.ends_with('/') {
                format!("{resolved}index.html")
            } else {
                resolved
            };
            assert!(
                files.contains(resolved.as_str()),
                "{path}: link {link} → {resolved} is missing"
            );
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(site.file(&resolved).unwrap());
                let target_ids: BTreeSet<String> = if resolved == *path {
                    ids.clone()
                } else {
                    attributes(&target_html, "id").into_iter().collect()
                };
                assert!(
                    target_ids.contains(&fragment),
                    "{path}: anchor #{fragment} missing in {resolved}"
                );
            }
            checked += 1;
        }
    }
    checked
}

fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = i + needle.len();
            let end = start + html[start..].find('"').expect("a closing quote");
            html[start..end].to_string()
        })
        .collect()
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(parts.pop().is_some(), "{} climbs out of the site", path.display());
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn links_resolve_under_a_sub_path_and_at_a_domain_root() {
    for project in [FIXTURE, EDITIONS, "."] {
        for (base_url, base_path) in [
            ("https://example.github.io/when-and-where/", "/when-and-where/"),
            ("https://events.example.org/", "/"),
        ] {
            let copy = copy_with_base_url(&manifest(project), base_url);
            let site = render(copy.path(), false);
            let checked = assert_links_resolve(&site, base_path);
            assert!(checked > 40, "{project} {base_url}: only {checked} links checked");
            let not_found = String::from_utf8_lossy(site.file("404.html").unwrap()).into_owned();
            assert!(
                not_found.contains(&format!("href=\"{base_path}style.css\"")),
                "404 links are absolute"
            );
        }
    }
}

#[test]
fn github_pages_files() {
    let site = render(&manifest(FIXTURE), false);
    assert_eq!(site.file(".nojekyll"), Some(&b""[..]));
    assert_eq!(site.file("CNAME"), Some(&b"events.example.org\n"[..]));
    assert!(site.file("404.html").is_some());
    let shipped = render(&manifest("."), false);
    assert!(shipped.file("CNAME").is_none(), "no CNAME without `cname`");
    assert_eq!(shipped.stats.events, 44);
}

fn whenwhere(args: &[&str]) -> std::process::Output {
    common::whenwhere().args(args).output().unwrap()
}

fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    for dir in [&a, &b] {
        let o = whenwhere(&["build", "-q", FIXTURE, "--output", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(snapshot_dir(&a), snapshot_dir(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let root = project.path().to_str().unwrap();
    let o = whenwhere(&["build", "-q", root]);
    assert!(o.status.success());
    let public = project.path().join("public");
    let before = snapshot_dir(&public);
    std::fs::write(
        project.path().join("content/2021/broken.toml"),
        "title = \"x\"\ndate = \"31 Feb\"\n",
    )
    .unwrap();
    let o = whenwhere(&["build", root]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("content/2021/broken.toml:2:9: error: there is no 31 February in 2021"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(snapshot_dir(&public), before);
    let leftovers: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_the_old_site_and_drops_removed_pages() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let root = project.path().to_str().unwrap();
    assert!(whenwhere(&["build", "-q", root]).status.success());
    assert!(project.path().join("public/events/expo.html").exists());
    std::fs::remove_file(project.path().join("content/2021/expo.toml")).unwrap();
    assert!(whenwhere(&["build", "-q", root]).status.success());
    assert!(!project.path().join("public/events/expo.html").exists());
}

/// A rebuild links the files it makes again unchanged from the previous site (same inode,
/// nothing written), writes the others anew, and ends with exactly the site a fresh build
/// makes, even where a file of the previous site was altered by hand.
#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let root = project.path().to_str().unwrap();
    let public = project.path().join("public");
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).unwrap().ino();
    assert!(whenwhere(&["build", "-q", root]).status.success());
    let (kept, edited, altered) =
        (inode("events/retreat.ics"), inode("events/expo.html"), inode("events/webinar.ics"));
    let expo = project.path().join("content/2021/expo.toml");
    let text = std::fs::read_to_string(&expo).unwrap();
    std::fs::write(&expo, text.replace("Smart City; Expo", "Smart City Expo 2")).unwrap();
    // Same length, other bytes: a hand edit that must not survive the rebuild.
    let webinar = public.join("events/webinar.ics");
    let len = std::fs::metadata(&webinar).unwrap().len() as usize;
    std::fs::write(&webinar, "x".repeat(len)).unwrap();

    assert!(whenwhere(&["build", "-q", root]).status.success());
    assert_eq!(inode("events/retreat.ics"), kept, "an unchanged file is linked, not rewritten");
    assert_ne!(inode("events/expo.html"), edited, "the edited event's page is new");
    assert_ne!(inode("events/webinar.ics"), altered, "a file altered by hand is written again");
    let fresh = tempfile::tempdir().unwrap();
    let o = whenwhere(&["build", "-q", root, "--output", fresh.path().to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(snapshot_dir(&public), snapshot_dir(fresh.path()));
    let page = std::fs::read_to_string(public.join("events/expo.html")).unwrap();
    assert!(page.contains("Smart City Expo 2"), "{page}");
}

#[test]
fn the_output_folder_cannot_hold_the_project() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let root = project.path();
    for out in [
        root.to_path_buf(),
        root.join("content"),
        root.join("content/2021"),
        root.join("themes"),
        root.parent().unwrap().to_path_buf(),
    ] {
        let o = whenwhere(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
        assert!(!o.status.success(), "{} accepted", out.display());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("cannot be the output folder"), "{stderr}");
    }
    assert!(root.join("content/2021/retreat.toml").exists());
}

#[test]
fn a_theme_folder_overrides_templates_one_by_one() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let templates = project.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("event.html"), "<p>{{ event.title }} on {{ event.date }}</p>")
        .unwrap();
    std::fs::create_dir_all(project.path().join("themes/default/static")).unwrap();
    std::fs::write(project.path().join("themes/default/static/extra.css"), "p{}").unwrap();
    let site = render(project.path(), false);
    assert_eq!(
        site.file("events/expo.html").unwrap(),
        b"<p>Smart City; Expo, &quot;Live&quot; on (tbc) Nov</p>"
    );
    assert!(
        String::from_utf8_lossy(site.file("index.html").unwrap())
            .contains("<h1>Fixture &amp; Friends 2021–2022</h1>")
    );
    assert_eq!(site.file("extra.css"), Some(&b"p{}"[..]));
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_line() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let templates = project.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("tag.html"), "<p>\n{{ tag.label }\n</p>").unwrap();
    let o = whenwhere(&["build", project.path().to_str().unwrap()]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.starts_with("themes/default/templates/tag.html:2:"), "{stderr}");
    assert!(stderr.contains("template error: syntax error"), "{stderr}");
}

#[test]
fn an_error_in_an_included_template_is_reported_where_it_is() {
    let project = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let templates = project.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let months = "{% for month in months %}\n<h2>{{ month.heading }}</h2>\n\
                  {% for event in month.events %}<p>{{ event.titel }}</p>{% endfor %}\n{% endfor %}\n";
    std::fs::write(templates.join("months.html"), months).unwrap();
    let o = whenwhere(&["build", project.path().to_str().unwrap()]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.starts_with("themes/default/templates/months.html:3:"), "{stderr}");
    assert!(stderr.contains("undefined value"), "{stderr}");
}

/// Hostile titles, locations and descriptions come out as inert text in every output:
/// escaped in HTML, data in events.json, escaped text in iCalendar.
#[test]
fn hostile_text_is_inert_in_every_output() {
    let site = render(&manifest(FIXTURE), false);
    let title = "\"><img src=x onerror=alert(1)> {{ site.title }} {% if true %}x{% endif %}";
    let json: serde_json::Value =
        serde_json::from_slice(site.file("events.json").unwrap()).unwrap();
    let hostile =
        json["events"].as_array().unwrap().iter().find(|e| e["slug"] == "hostile").unwrap();
    assert_eq!(hostile["title"], title);
    assert_eq!(hostile["location"], "<b>Barcelona</b>");
    for path in ["events/hostile.ics", "calendar.ics", "tags/culture.ics"] {
        let text = String::from_utf8(site.file(path).unwrap().to_vec()).unwrap();
        let calendar: icalendar::Calendar = text.parse().unwrap();
        use icalendar::{Component, EventLike};
        let event = calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .find(|e| e.get_uid().is_some_and(|u| u.starts_with("hostile@")))
            .unwrap_or_else(|| panic!("{path}: no hostile event"));
        assert_eq!(event.get_summary(), Some(title), "{path}");
        assert_eq!(event.get_location(), Some("<b>Barcelona</b>"), "{path}");
        let begins = text.lines().filter(|l| l.starts_with("BEGIN:VEVENT")).count();
        assert_eq!(begins, calendar.components.iter().filter(|c| c.as_event().is_some()).count());
    }
    let expo = String::from_utf8(site.file("events/expo.ics").unwrap().to_vec()).unwrap();
    assert!(expo.contains("SUMMARY:(tbc) Smart City\\; Expo\\, \"Live\"\r\n"));
}

/// Each file made alone, as `serve` makes it when asked for it, is the file a whole build
/// makes; every path leads back to its file.
#[test]
fn each_file_made_alone_is_the_file_a_build_makes() {
    for (fixture, drafts) in [(FIXTURE, false), (FIXTURE, true), (EDITIONS, false)] {
        let project = load::load(&manifest(fixture)).unwrap();
        let options = PlanOptions { drafts };
        let whole = render_project(&project, options);
        let build = Plan::new(&project, options).unwrap();
        let by_path = Paths::of(&build);
        let mut paths = Vec::new();
        for file in outputs::all(&build) {
            let path = file.path(&build);
            assert_eq!(by_path.get(&path), Some(file), "{path}");
            // A new maker for each file: nothing made for another file is reused.
            let alone = outputs::bytes(&build.maker(), file).unwrap();
            assert_eq!(Some(alone.as_slice()), whole.file(&path), "{path}");
            paths.push(path);
        }
        paths.sort();
        let built: Vec<&str> = whole.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, built);
        for missing in ["events/nope.html", "tags/nope.ics", "events/", "index.htm", "x/index.html"]
        {
            assert_eq!(by_path.get(missing), None, "{missing}");
        }
    }
}

#[test]
fn a_build_knows_which_files_an_edit_changes() {
    use site::{Difference, difference};
    let mut project = load::load(&manifest(FIXTURE)).unwrap();
    let options = PlanOptions::default();
    let before = Plan::owning(project.clone(), options).unwrap();
    let same = Plan::owning(project.clone(), options).unwrap();
    assert_eq!(difference(&same, &before), Difference::Nothing);

    let retreat = project.events.iter().position(|e| e.slug == "retreat").unwrap();
    project.events[retreat].title = "Renamed".into();
    let renamed = Plan::owning(project.clone(), options).unwrap();
    let page = Paths::of(&renamed).get("events/retreat.html").unwrap();
    let Difference::Files(files) = difference(&renamed, &before) else { panic!("not files") };
    let paths: Vec<String> = files.iter().map(|f| f.path(&renamed)).collect();
    assert_eq!(
        paths,
        [
            "index.html",
            "calendar.html",
            "embed.html",
            "tags/diplomacy.html",
            "tags/capacity-building.html",
            "events/retreat.html",
            "events/retreat.ics",
            "calendar.ics",
            "tags/diplomacy.ics",
            "tags/capacity-building.ics",
            "calls.ics",
            "events.json",
            "events.atom",
            "tags/diplomacy.atom",
            "tags/capacity-building.atom",
            "brochure.pdf"
        ]
    );
    assert!(files.contains(&page) && files.iter().filter(|f| f.about().templated).count() == 7);

    // An event gone leaves its tags' lists.
    project.events.remove(retreat);
    let removed = Plan::owning(project.clone(), options).unwrap();
    let Difference::Files(files) = difference(&removed, &before) else { panic!("not files") };
    assert_eq!(files.iter().filter(|f| f.kind == Kind::TagPage).count(), 2);
    assert!(!files.iter().any(|f| f.kind == Kind::EventPage));

    project.config.footer = Some("New footer".into());
    let footer = Plan::owning(project, options).unwrap();
    assert_eq!(difference(&footer, &removed), Difference::Everything);
    let drafts = Plan::owning(footer.project().clone(), PlanOptions { drafts: true });
    assert_eq!(difference(&drafts.unwrap(), &footer), Difference::Everything);
}

/// An output whose disk is full for one file: whole (`put`) or piece by piece (`put_with`).
struct FullFor(&'static str);

impl site::Sink for FullFor {
    fn put(&self, path: &str, _: Vec<u8>) -> std::io::Result<()> {
        if path == self.0 { Err(std::io::Error::from_raw_os_error(28)) } else { Ok(()) }
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
        if path == self.0 { write(&mut full()?) } else { Ok(()) }
    }
}

/// A file that cannot be written is reported by its path with the system's words, whether
/// it is written whole or streamed as it is rendered (the list pages).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_with_the_file_and_the_reason() {
    let project = load::load(&manifest(FIXTURE)).expect("the project loads");
    for path in ["index.html", "tags/diplomacy.html", "events/expo.html", "calendar.ics"] {
        let build = Plan::new(&project, PlanOptions::default()).unwrap();
        let errors = site::emit(&build, &FullFor(path)).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].starts_with(&format!("{path}: error: ")), "{shown:?}");
        assert!(shown[0].contains("No space left on device"), "{shown:?}");
    }
}

/// `whenwhere build DIR --output OUT` run in `cwd`: its exit code and stderr.
fn build_in(cwd: &Path, dir: &str, out: &str) -> (Option<i32>, String) {
    let o = common::whenwhere()
        .args(["build", dir, "--output", out])
        .current_dir(cwd)
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// What `build` says when it refuses an output folder.
fn refused(out: &str, reason: &str) -> (Option<i32>, String) {
    let text = format!(
        "{out}: error: `{out}` cannot be the output folder: {reason}\n  = help: build into a folder of its own, such as `public`\n\n1 error in 1 file\n"
    );
    (Some(1), text)
}

/// The output folder must be absent, empty, or a site this project built (its marker says
/// so); anything else is refused before anything is touched.
#[test]
fn only_an_empty_folder_or_an_earlier_build_of_the_project_is_replaced() {
    let tmp = copy_with_base_url(&manifest(FIXTURE), "https://example.org/");
    let cwd = tmp.path().parent().unwrap().to_path_buf();
    let work = tempfile::tempdir_in(&cwd).unwrap();
    let at = |p: &str| work.path().join(p);
    let name = |p: &str| format!("{}/{p}", work.path().file_name().unwrap().to_string_lossy());
    std::fs::rename(tmp.path(), at("p")).unwrap();
    copy_dir(&at("p"), &at("other"));

    // A file where the folder should be: refused, and left as it was.
    std::fs::write(at("p/public"), "hi\n").unwrap();
    let shown = name("p/public");
    assert_eq!(build_in(&cwd, &name("p"), &shown), refused(&shown, "it is a file, not a folder"));
    assert_eq!(std::fs::read_to_string(at("p/public")).unwrap(), "hi\n");
    std::fs::remove_file(at("p/public")).unwrap();

    // A folder of the user's own: refused, and left as it was.
    std::fs::create_dir(at("mine")).unwrap();
    std::fs::write(at("mine/notes.txt"), "keep\n").unwrap();
    let shown = name("mine");
    let help = "if it is a site from an earlier whenwhere, which left no `.whenwhere` file in its sites, delete it once and build again; otherwise give another folder with --output";
    assert_eq!(
        build_in(&cwd, &name("p"), &shown),
        (
            Some(1),
            format!(
                "{shown}: error: `{shown}` cannot be the output folder: it holds files that whenwhere did not build, and a build replaces the folder whole\n  = help: {help}\n\n1 error in 1 file\n"
            )
        )
    );
    assert_eq!(snapshot_dir(&at("mine")), [(PathBuf::from("notes.txt"), b"keep\n".to_vec())]);

    // A symbolic link: refused, whatever it points to. (Windows makes links only with a
    // privilege that its test runners lack.)
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(at("mine"), at("link")).unwrap();
        let shown = name("link");
        assert_eq!(
            build_in(&cwd, &name("p"), &shown),
            refused(&shown, "it is a symbolic link, which a build would replace with a folder")
        );
    }

    // An empty folder is filled; the site then built is replaced by the next build.
    std::fs::create_dir(at("site")).unwrap();
    for _ in 0..2 {
        let (code, _) = build_in(&cwd, &name("p"), &name("site"));
        assert_eq!(code, Some(0));
    }
    let marker = std::fs::read_to_string(at("site/.whenwhere")).unwrap();
    assert!(marker.starts_with("This folder is a site built by whenwhere"), "{marker}");

    // Another project's site: refused, and left as it was.
    let before = snapshot_dir(&at("site"));
    let shown = name("site");
    assert_eq!(
        build_in(&cwd, &name("other"), &shown),
        refused(&shown, "it holds the site of another calendar project")
    );
    assert_eq!(snapshot_dir(&at("site")), before);

    // A project moved with its site inside it keeps building there.
    let (code, _) = build_in(&cwd, &name("p"), &name("p/public"));
    assert_eq!(code, Some(0));
    std::fs::rename(at("p"), at("moved")).unwrap();
    let (code, stderr) = build_in(&cwd, &name("moved"), &name("moved/public"));
    assert_eq!(code, Some(0), "{stderr}");
    let leftovers: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .chain(std::fs::read_dir(at("moved")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new(), "no staging folder or lock file is left");
}

/// Copies a folder and everything in it.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A full disk fails every file alike: it is said once, for the first file it failed.
#[test]
fn a_full_disk_is_said_once() {
    struct Full;
    impl site::Sink for Full {
        fn put(&self, _: &str, _: Vec<u8>) -> std::io::Result<()> {
            Err(std::io::Error::from_raw_os_error(28))
        }
    }
    let project = load::load(&manifest(FIXTURE)).expect("the project loads");
    let build = Plan::new(&project, PlanOptions::default()).unwrap();
    let errors = site::emit(&build, &Full).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["index.html: error: cannot write this: No space left on device (os error 28)\n"]
    );
}

/// The days each bar of a month grid covers, week by week, for the event whose page is
/// `page` (every event's, with none): a week's `<tbody>` is a row of days, then rows of
/// cells spanning them.
fn grid_bars(html: &str, page: Option<&str>) -> Vec<Vec<Vec<String>>> {
    let link = page.map(|p| format!("href=\"events/{p}\""));
    html.split("<tbody>")
        .skip(1)
        .map(|week| {
            let week = week.split("</tbody>").next().unwrap();
            let mut rows = week.split("<tr");
            let days: Vec<Option<&str>> = rows
                .nth(1)
                .unwrap()
                .split("<td")
                .skip(1)
                .map(|c| c.strip_prefix(" data-date=\"").map(|c| &c[..10]))
                .collect();
            assert_eq!(days.len(), 7);
            let mut bars = Vec::new();
            for row in rows {
                let mut col = 0;
                for cell in row.split("<td").skip(1) {
                    let span = cell
                        .strip_prefix(" colspan=\"")
                        .map_or(1, |c| c[..c.find('"').unwrap()].parse().unwrap());
                    let wanted = match &link {
                        Some(link) => cell.contains(link.as_str()),
                        None => cell.contains("class=\"bar"),
                    };
                    if wanted {
                        let covered = days[col..col + span].iter().map(|d| d.unwrap().to_string());
                        bars.push(covered.collect());
                    }
                    col += span;
                }
                assert_eq!(col, 7, "a row of bars spans the week");
            }
            bars
        })
        .collect()
}

/// `calendar.html` puts each event on the days it covers in the edition's year, one bar in
/// each week (never repeated in every cell), a month-only one under its month, and none of
/// another year.
#[test]
fn the_month_grid_shows_each_event_once_a_week_on_its_days() {
    let site = render(&manifest(FIXTURE), false);
    let html = String::from_utf8(site.file("calendar.html").unwrap().to_vec()).unwrap();
    let days_of = |page: &str| -> Vec<String> {
        let weeks = grid_bars(&html, Some(page));
        assert!(weeks.iter().all(|bars| bars.len() <= 1), "{page} twice in a week");
        weeks.into_iter().flatten().flatten().collect()
    };
    let feb = |d| format!("2021-02-{d:02}");
    let retreat: Vec<String> = (15..=22).map(feb).collect();
    assert_eq!(days_of("retreat.html"), retreat);
    assert_eq!(days_of("webinar.html"), ["2021-02-16"]);
    // Across the new year: only the days of 2021 are on its grid.
    assert_eq!(days_of("new-year.html"), ["2021-12-28", "2021-12-29", "2021-12-30", "2021-12-31"]);
    // Across months: on both.
    assert_eq!(days_of("hostile.html"), ["2021-08-31", "2021-09-01", "2021-09-02"]);
    // Month-only: no day, listed under November's table; 2022's event not at all.
    assert!(days_of("expo.html").is_empty());
    let november = html.split("November 2021").nth(1).unwrap();
    let november = november.split("<section").next().unwrap();
    assert!(november.contains("class=\"grid-undated\"><li><a class=\"bar"));
    assert!(november.contains("href=\"events/expo.html\""));
    assert!(!html.contains("events/spring.html"));
    assert_eq!(html.matches("<table class=\"grid\"").count(), 12);
}

/// Each edition has its month grid at `<year>/calendar.html`, of its own year; the root's
/// `calendar.html` is the current edition's.
#[test]
fn each_edition_has_its_grid_and_the_root_grid_is_the_current_one() {
    let site = editions_in(2022);
    let page = |path: &str| String::from_utf8_lossy(site.file(path).unwrap()).into_owned();
    for year in [2020, 2021, 2022] {
        let grid = page(&format!("{year}/calendar.html"));
        assert_eq!(grid.matches(&format!("-h\">January {year}")).count(), 1, "{year}");
        assert_eq!(grid.matches("<table class=\"grid\"").count(), 12, "{year}");
        let other = if year == 2022 { 2021 } else { year + 1 };
        assert!(!grid.contains(&format!("-h\">January {other}")), "{year}");
    }
    // The same days are busy on the root's grid as on the current edition's.
    let busy = |html: &str| -> Vec<String> {
        let mut days: Vec<String> = grid_bars(html, None).into_iter().flatten().flatten().collect();
        days.sort();
        days.dedup();
        days
    };
    let current = busy(&page("calendar.html"));
    assert_eq!(current, busy(&page("2022/calendar.html")));
    assert!(
        current.contains(&"2022-03-04".to_string())
            && !current.iter().any(|d| d.starts_with("2021"))
    );
}

/// The fixture of editions with its current edition set to `year`.
fn editions_in(year: i32) -> Site {
    let copy = copy_with_base_url(&manifest(EDITIONS), "https://example.github.io/yearly/");
    let toml = copy.path().join("calendar.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("year = 2022\n", &format!("year = {year}\n"));
    std::fs::write(&toml, text).unwrap();
    render(copy.path(), false)
}

#[test]
fn the_root_index_is_the_current_edition_and_year_moves_it_not_the_event_pages() {
    let page =
        |site: &Site, path: &str| String::from_utf8_lossy(site.file(path).unwrap()).into_owned();
    let events = |site: &Site| -> Vec<String> {
        site.files.iter().map(|(p, _)| p.clone()).filter(|p| p.starts_with("events/")).collect()
    };
    let now = editions_in(2022);
    let before = editions_in(2021);
    // The root is the current edition's index, whose list is also at its own address.
    let root = page(&now, "index.html");
    assert!(root.contains("<h1>Yearly 2022</h1>") && root.contains("Summit 2022"));
    assert!(!root.contains("Congress 2021") && !root.contains("Forum 2020"));
    let editions = "Earlier editions: <a href=\"2021/index.html\">2021</a> · <a href=\"2020/index.html\">2020</a>";
    assert!(root.contains(editions));
    let list = |html: &str| -> String {
        let from = html.find("<main").unwrap();
        html[from..from + html[from..].find("<section class=\"subscribe\"").unwrap()]
            .replace("../", "")
    };
    assert_eq!(list(&page(&now, "2022/index.html")), list(&root));
    // Moving `year` moves the root, and no event page's address.
    let root = page(&before, "index.html");
    assert!(root.contains("<h1>Yearly 2021</h1>") && root.contains("Congress 2021"));
    assert!(
        !root.contains("Summit 2022")
            && root.contains("Later editions: <a href=\"2022/index.html\">2022</a>")
    );
    assert_eq!(events(&now), events(&before));
    for year in [2020, 2021, 2022] {
        assert!(now.file(&format!("{year}/index.html")).is_some());
        assert!(before.file(&format!("{year}/index.html")).is_some());
    }
    // An event page names its edition and goes back to that edition's month.
    let congress = page(&now, "events/congress.html");
    assert!(congress.contains("Part of <a href=\"../2021/index.html\">Yearly 2021</a>"));
    assert!(congress.contains("href=\"../2021/index.html#2021-02\""));
    let congress = page(&before, "events/congress.html");
    assert!(congress.contains("href=\"../index.html#2021-02\""));
}

#[test]
fn the_root_feeds_hold_the_current_edition_and_later_and_a_year_feed_one() {
    let site = editions_in(2022);
    let uids = |site: &Site, path: &str| -> usize {
        String::from_utf8_lossy(site.file(path).unwrap()).matches("BEGIN:VEVENT").count()
    };
    let counts = |site: &Site| {
        ["calendar.ics", "2020/calendar.ics", "2021/calendar.ics", "2022/calendar.ics"]
            .into_iter()
            .chain(["tags/diplomacy.ics"])
            .map(|path| uids(site, path))
            .collect::<Vec<_>>()
    };
    // 2022's two events and the Winter School of 2021, which runs into 2022; of the
    // diplomacy events, 2022's Summit alone.
    assert_eq!(counts(&site), [3, 1, 2, 2, 1]);
    // With 2021 current, 2022's events stay in its feeds: later editions are announced.
    assert_eq!(counts(&editions_in(2021)), [4, 1, 2, 2, 2]);
    // An event across the year end is in its first day's edition, and shown, marked, at
    // the start of the next.
    let next = String::from_utf8_lossy(site.file("index.html").unwrap()).into_owned();
    let winter = next.find("Winter School").unwrap();
    assert!(winter < next.find("Summit 2022").unwrap());
    assert!(next.contains("December 2021, from the 2021 edition"));
    let own = String::from_utf8_lossy(site.file("2021/index.html").unwrap()).into_owned();
    assert!(own.contains("Winter School") && !own.contains("from the 2020 edition"));
}

/// A calendar's tags are exactly the ones its `calendar.toml` declares: the two of the
/// printed brochure appear nowhere when it declares three of its own.
#[test]
fn a_calendar_has_exactly_the_tags_it_declares() {
    let calendar = "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n\
                    [[tags]]\nid = \"water\"\nlabel = \"Water\"\n\
                    [[tags]]\nid = \"housing\"\nlabel = \"Housing\"\n\
                    [[tags]]\nid = \"mobility\"\nlabel = \"Mobility\"\n";
    let dir = common::project(&[
        ("calendar.toml", calendar),
        ("content/a.toml", "title = \"A\"\ndate = \"3 Mar\"\ntags = [\"water\", \"mobility\"]\n"),
        ("content/b.toml", "title = \"B\"\ndate = \"4 Mar\"\ntags = [\"housing\"]\n"),
    ]);
    let site = render(dir.path(), false);
    let tag_files: Vec<&str> =
        site.files.iter().map(|(p, _)| p.as_str()).filter(|p| p.starts_with("tags/")).collect();
    assert_eq!(
        tag_files,
        [
            "tags/housing.atom",
            "tags/housing.html",
            "tags/housing.ics",
            "tags/mobility.atom",
            "tags/mobility.html",
            "tags/mobility.ics",
            "tags/water.atom",
            "tags/water.html",
            "tags/water.ics",
        ]
    );
    let index = String::from_utf8_lossy(site.file("index.html").unwrap()).into_owned();
    let filters: Vec<&str> = index
        .split("name=\"tags\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(filters, ["water", "housing", "mobility"]);
    let json: serde_json::Value =
        serde_json::from_slice(site.file("events.json").unwrap()).unwrap();
    let tags: Vec<&serde_json::Value> =
        json["events"].as_array().unwrap().iter().map(|e| &e["tags"]).collect();
    assert_eq!(tags, [&serde_json::json!(["water", "mobility"]), &serde_json::json!(["housing"])]);
    for (path, bytes) in &site.files {
        let text = String::from_utf8_lossy(bytes);
        for builtin in ["diplomacy", "Urban diplomacy", "capacity-building", "Capacity building"] {
            assert!(!text.contains(builtin), "{path} has {builtin}");
        }
    }
}
