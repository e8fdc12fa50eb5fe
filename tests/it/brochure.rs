//! The printed brochure (`brochure.pdf`): its text month by month in each language, as
//! poppler's `pdftotext` reads it; the same bytes from two builds; a project's own
//! `brochure.typ`; a broken one an error at its line that writes nothing; none with
//! `brochure = false`. Built without the `brochure` feature, only the last runs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A calendar with what the brochure marks: a tag, a date to be confirmed, a cancelled
/// and a postponed event, one with no month, in English and French.
const CALENDAR: &str = r#"title = "Brochure test"
base_url = "https://example.org/"
year = 2021
updated = 2021-02-01
languages = ["en", "fr"]

[[tags]]
id = "diplomacy"
label = "Urban diplomacy events"
fr = { label = "Évènements de diplomatie urbaine" }

[[tags]]
id = "capacity-building"
label = "Capacity building events"
fr = { label = "Évènements de renforcement des capacités" }
"#;

const EVENTS: &[(&str, &str)] = &[
    (
        "content/spring.toml",
        "title = \"Spring Forum\"\ndate = \"10-12 Mar\"\ntags = [\"diplomacy\"]\nlocation = \"Lyon\"\n",
    ),
    (
        "content/maybe.toml",
        "title = \"Maybe Summit\"\ndate = \"(tbc) Apr\"\ntags = [\"capacity-building\"]\n",
    ),
    ("content/gone.toml", "title = \"Gone Congress\"\ndate = \"5 May\"\nstatus = \"cancelled\"\n"),
    (
        "content/later.toml",
        "title = \"Later Meeting\"\ndate = \"20 Sep\"\nstatus = \"postponed\"\npostponed_from = \"7 Jun\"\n",
    ),
    ("content/someday.toml", "title = \"Someday Workshop\"\ndate = \"TBC\"\n"),
];

fn small_project(more: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(&str, &str)> =
        [("calendar.toml", CALENDAR)].iter().chain(EVENTS).chain(more).copied().collect();
    common::project(&files)
}

fn build(dir: &Path, out: &Path) -> (bool, String) {
    common::outcome(dir, &["build", ".", "--output", out.to_str().unwrap()])
}

/// A PDF's text as `pdftotext` reads it, every run of white space one space; `None`
/// (the test skipped) where poppler is not installed, unless `WHENWHERE_NEEDS_PDFTOTEXT`
/// says it must be, as in CI.
fn pdf_text(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), common::stderr(&out));
            let text = String::from_utf8(out.stdout).expect("pdftotext writes UTF-8");
            Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let needed = std::env::var_os("WHENWHERE_NEEDS_PDFTOTEXT").is_some();
            assert!(!needed, "pdftotext (poppler-utils) is not installed");
            eprintln!("skipped: pdftotext (poppler-utils) is not installed");
            None
        }
        Err(e) => panic!("pdftotext: {e}"),
    }
}

/// Asserts that `text` holds each of `parts`, in this order.
fn in_order(text: &str, parts: &[&str]) {
    let mut from = 0;
    for part in parts {
        match text[from..].find(part) {
            Some(at) => from += at + part.len(),
            None => panic!("{part:?} is not after {:?} in:\n{text}", &text[..from]),
        }
    }
}

#[test]
#[cfg_attr(not(feature = "brochure"), ignore = "built without the brochure")]
fn each_month_lists_its_events_with_their_dates_in_each_language() {
    let project = small_project(&[]);
    let out = project.path().join("public");
    let (ok, stderr) = build(project.path(), &out);
    assert!(ok, "{stderr}");
    let cases: &[(&str, &[&str])] = &[
        (
            "brochure.pdf",
            &[
                "BROCHURE TEST 2021",
                "Urban diplomacy events",
                "Capacity building events",
                "MARCH 10-12 Mar Spring Forum Lyon",
                "APRIL (tbc) Apr Maybe Summit",
                "MAY 5 May Gone Congress CANCELLED",
                "SEPTEMBER 20 Sep Later Meeting POSTPONED Postponed from 7 Jun",
                "DATES TO BE CONFIRMED (tbc) 2021 Someday Workshop",
                "Urban diplomacy events Capacity building events 1",
            ],
        ),
        (
            "fr/brochure.pdf",
            &[
                "BROCHURE TEST 2021",
                "Évènements de diplomatie urbaine",
                "MARS 10-12 mars Spring Forum Lyon",
                "AVRIL (à conf.) avril Maybe Summit",
                "MAI 5 mai Gone Congress ANNULÉ",
                "SEPTEMBRE 20 sept. Later Meeting REPORTÉ",
                "DATES À CONFIRMER (à conf.) 2021 Someday Workshop",
            ],
        ),
    ];
    for (path, parts) in cases {
        let Some(text) = pdf_text(&out.join(path)) else { return };
        in_order(&text, parts);
    }
}

/// The shipped calendar's brochures: every event of the 2021 edition under its month's
/// heading, month after month, as its `events.json` has them; the 2022 edition apart.
#[test]
#[cfg_attr(not(feature = "brochure"), ignore = "built without the brochure")]
fn the_shipped_calendars_brochure_has_every_event_under_its_month() {
    const MONTHS: [[&str; 12]; 2] = [
        [
            "JANUARY",
            "FEBRUARY",
            "MARCH",
            "APRIL",
            "MAY",
            "JUNE",
            "JULY",
            "AUGUST",
            "SEPTEMBER",
            "OCTOBER",
            "NOVEMBER",
            "DECEMBER",
        ],
        [
            "JANVIER",
            "FÉVRIER",
            "MARS",
            "AVRIL",
            "MAI",
            "JUIN",
            "JUILLET",
            "AOÛT",
            "SEPTEMBRE",
            "OCTOBRE",
            "NOVEMBRE",
            "DÉCEMBRE",
        ],
    ];
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    let (ok, stderr) = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
    assert!(ok, "{stderr}");
    for (lang, months) in [("", MONTHS[0]), ("fr/", MONTHS[1])] {
        let Some(text) = pdf_text(&out.join(format!("{lang}brochure.pdf"))) else { return };
        let json = std::fs::read_to_string(out.join(format!("{lang}events.json"))).unwrap();
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut by_month: Vec<Vec<String>> = vec![Vec::new(); 12];
        let mut later = Vec::new();
        for event in json["events"].as_array().unwrap() {
            let (start, title) = (event["start"].as_str().unwrap(), event["title"].as_str());
            let title = title.unwrap().to_string();
            match start.strip_prefix("2021-") {
                Some(rest) => by_month[rest[..2].parse::<usize>().unwrap() - 1].push(title),
                None => later.push(title),
            }
        }
        assert!(!later.is_empty(), "the 2022 edition has events");
        // Each month's heading, then its events before the next month's heading.
        let mut rest = text.as_str();
        for (heading, titles) in months.iter().zip(&by_month).filter(|(_, t)| !t.is_empty()) {
            let at = rest.find(&format!(" {heading} ")).unwrap_or_else(|| panic!("{heading}"));
            rest = &rest[at + heading.len()..];
            let end = months.iter().filter_map(|m| rest.find(&format!(" {m} "))).min();
            let month = &rest[..end.unwrap_or(rest.len())];
            for title in titles {
                assert!(
                    month.contains(title.as_str()),
                    "{title:?} is not under {heading}: {month}"
                );
            }
        }
        for title in &later {
            assert!(!text.contains(title.as_str()), "{title:?} is in the 2021 brochure");
        }
        let Some(edition) = pdf_text(&out.join(format!("{lang}2022/brochure.pdf"))) else { return };
        for title in &later {
            assert!(edition.contains(title.as_str()), "{title:?} is not in 2022/brochure.pdf");
        }
    }
    let Some(en) = pdf_text(&out.join("brochure.pdf")) else { return };
    let Some(fr) = pdf_text(&out.join("fr/brochure.pdf")) else { return };
    // Dates as readers write them, in each language's words.
    in_order(
        &en,
        &[
            "15-22 Feb UCLG Annual Retreat & Campus",
            "(tbc) Apr Launch of the Guangzhou International Award",
            "14-17 Dec UITP Global Public Transport Summit",
            "SAVE THESE DATES!",
        ],
    );
    in_order(
        &fr,
        &[
            "Évènements de diplomatie urbaine",
            "Évènements de renforcement des capacités",
            "15-22 févr. Retraite annuelle et campus de CGLU",
            "(à conf.) avril Launch of the Guangzhou International Award",
        ],
    );
}

fn pdfs(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut pdfs: Vec<_> = walk(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| (p.strip_prefix(out).unwrap().to_path_buf(), std::fs::read(&p).unwrap()))
        .collect();
    pdfs.sort();
    pdfs
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

#[test]
#[cfg_attr(not(feature = "brochure"), ignore = "built without the brochure")]
fn two_builds_give_the_same_bytes_dated_by_the_calendar_not_the_clock() {
    let project = small_project(&[]);
    let (first, second) = (project.path().join("one"), project.path().join("two"));
    for out in [&first, &second] {
        let (ok, stderr) = build(project.path(), out);
        assert!(ok, "{stderr}");
    }
    let (first, second) = (pdfs(&first), pdfs(&second));
    let paths: Vec<_> = first.iter().map(|(p, _)| p.to_str().unwrap()).collect();
    assert_eq!(paths, ["brochure.pdf", "fr/brochure.pdf"]);
    assert!(first == second, "two builds differ");
    for (path, pdf) in &first {
        let date = b"D:20210201000000Z";
        assert!(
            pdf.windows(date.len()).any(|w| w == date),
            "{} is not dated by `updated`",
            path.display()
        );
    }
}

#[test]
#[cfg_attr(not(feature = "brochure"), ignore = "built without the brochure")]
fn a_projects_own_brochure_typ_is_used_and_linked_with_its_pages() {
    let template = "#let data = json(\"data.json\")\n\
                    #set document(title: \"Own brochure of \" + data.site.title)\n\
                    #for month in data.months [ #month.heading #pagebreak(weak: true) ]\n";
    let project = small_project(&[("themes/default/brochure.typ", template)]);
    let out = project.path().join("public");
    let (ok, stderr) = build(project.path(), &out);
    assert!(ok, "{stderr}");
    let pdf = std::fs::read(out.join("brochure.pdf")).unwrap();
    let title = b"Own brochure of Brochure test";
    assert!(pdf.windows(title.len()).any(|w| w == title), "the project's template is not used");
    // Four months and the dates to be confirmed: a page each.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(">Download the brochure (PDF, 5 pages)</a>"), "{index}");
    let index = std::fs::read_to_string(out.join("fr/index.html")).unwrap();
    assert!(index.contains(">Télécharger la brochure (PDF, 5 pages)</a>"), "{index}");
}

#[test]
#[cfg_attr(not(feature = "brochure"), ignore = "built without the brochure")]
fn a_broken_brochure_typ_is_an_error_at_its_line_and_nothing_is_written() {
    // (template, where and what the error says)
    let cases = [
        (
            "#let data = json(\"data.json\")\n\n#nope(1)\n",
            "brochure.typ:3:2: error: brochure template error: unknown variable: nope",
        ),
        (
            "#rect(width: \"x\")\n",
            "brochure.typ:1:14: error: brochure template error: expected relative length or auto, found string",
        ),
        (
            "#let x = read(\"../../calendar.toml\")\n",
            "brochure.typ:1:15: error: brochure template error: file not found",
        ),
        (
            "#import \"@preview/cetz:0.3.0\"\n",
            "brochure.typ:1:9: error: brochure template error: failed to load package (a brochure uses no package: nothing is downloaded while building)",
        ),
        (
            "#let data = json(\"data.json\")\n#data.nothing\n",
            "brochure.typ:2:7: error: brochure template error: dictionary does not contain key \"nothing\"",
        ),
    ];
    let project = small_project(&[]);
    let out = project.path().join("public");
    let (ok, stderr) = build(project.path(), &out);
    assert!(ok, "{stderr}");
    let before =
        walk(&out).into_iter().map(|p| (std::fs::read(&p).unwrap(), p)).collect::<Vec<_>>();
    let own = project.path().join("themes/default/brochure.typ");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    for (template, expected) in cases {
        std::fs::write(&own, template).unwrap();
        let (ok, stderr) = build(project.path(), &out);
        assert!(!ok, "{template}");
        let expected = format!("themes/default/{expected}");
        assert!(
            stderr.starts_with(&expected),
            "{template}\nexpected: {expected}\nprinted: {stderr}"
        );
        assert!(stderr.contains("Nothing was written"), "{stderr}");
        let after =
            walk(&out).into_iter().map(|p| (std::fs::read(&p).unwrap(), p)).collect::<Vec<_>>();
        assert!(after == before, "{template}: public/ changed");
    }
}

#[test]
fn brochure_false_makes_no_pdf_and_no_link() {
    let calendar = format!("brochure = false\n{CALENDAR}");
    let project = small_project(&[("calendar.toml", &calendar)]);
    let out = project.path().join("public");
    let (ok, stderr) = build(project.path(), &out);
    assert!(ok, "{stderr}");
    assert_eq!(pdfs(&out), []);
    for index in ["index.html", "fr/index.html"] {
        let index = std::fs::read_to_string(out.join(index)).unwrap();
        assert!(!index.contains("brochure"), "{index}");
    }
}
