//! The calendar in several languages (`languages` in calendar.toml): each language's pages,
//! feeds and events.json, golden; the same UIDs in every feed; what is untranslated marked
//! with the default language, an event's texts with its own `language`; a missing theme
//! word named with its file; the counts `check` prints and the texts it lists.

use crate::common::{self, file};

use std::path::{Path, PathBuf};

use whenwhere::diagnostic::{Problem, ThemeProblem};
use whenwhere::plan::{Plan, PlanOptions};
use whenwhere::{load, translate};

const FIXTURE: &str = "tests/fixtures/languages";

/// The site's text files, CRLF (the iCalendar files') read as LF for the goldens.
fn render(root: &Path) -> Vec<(String, String)> {
    let files = common::site_text(root);
    files.into_iter().map(|(p, t)| (p, t.replace("\r\n", "\n"))).collect()
}

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn golden_pages_in_french_and_spanish() {
    let files = render(&manifest(FIXTURE));
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    insta::assert_debug_snapshot!("languages_file_list", paths);
    for path in [
        "fr/index.html",
        "es/index.html",
        "fr/events/retreat.html",
        "es/events/retreat.html",
        "fr/tags/culture.html",
        "es/404.html",
        "fr/calendar.ics",
        "fr/calls.ics",
        "es/events.json",
    ] {
        insta::assert_snapshot!(
            format!("languages_{}", path.replace('/', "__")),
            file(&files, path)
        );
    }
}

#[test]
fn every_language_has_every_page_and_feed_with_the_same_uids() {
    let files = render(&manifest(FIXTURE));
    let default: Vec<&str> = files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !p.starts_with("fr/") && !p.starts_with("es/"))
        .filter(|p| p.ends_with(".html") || p.ends_with(".ics") || p.ends_with(".json"))
        .collect();
    assert!(default.len() > 10, "{default:?}");
    for code in ["fr", "es"] {
        for path in &default {
            assert!(files.iter().any(|(p, _)| *p == format!("{code}/{path}")), "{code}/{path}");
        }
    }
    let uids = |path: &str| -> Vec<String> {
        file(&files, path).lines().filter(|l| l.starts_with("UID:")).map(String::from).collect()
    };
    assert!(!uids("calendar.ics").is_empty());
    assert_eq!(uids("calendar.ics"), uids("fr/calendar.ics"));
    assert_eq!(uids("calendar.ics"), uids("es/calendar.ics"));
    // Theme files and GitHub's are the site's, once.
    assert!(files.iter().any(|(p, _)| p == "style.css"));
    assert!(!files.iter().any(|(p, _)| p == "fr/style.css" || p == "fr/CNAME"));
}

#[test]
fn translations_and_fallbacks_are_marked() {
    let files = render(&manifest(FIXTURE));
    let fr = file(&files, "fr/events/retreat.html");
    assert!(fr.contains(r#"<html lang="fr">"#));
    assert!(fr.contains("<h1>Retraite annuelle et campus</h1>"), "{fr}");
    assert!(fr.contains("<dd>Canton, Chine</dd>"));
    assert!(fr.contains("Quand"));
    let es = file(&files, "es/events/retreat.html");
    assert!(es.contains(r#"<h1 lang="en">Annual Retreat &amp; Campus</h1>"#), "{es}");
    assert!(es.contains(r#"<dd lang="en">Guangzhou, China</dd>"#));
    assert!(es.contains("15–22 de febrero de 2021"), "{es}");
    let index = file(&files, "fr/index.html");
    assert!(index.contains("15-22 févr."));
    assert!(index.contains(r#"hreflang="x-default""#));
    assert!(index.contains(r#"<a href="../es/index.html" hreflang="es" lang="es">Español</a>"#));
    // Feeds mark titles in their language's words, and say which titles are untranslated.
    let atom = file(&files, "fr/events.atom");
    assert!(
        atom.contains(
            r#"<title xml:lang="en">(à conf.) Smart City; Expo, &quot;Live&quot;</title>"#
        ),
        "{atom}"
    );
    assert!(atom.contains("<title>Retraite annuelle et campus</title>"), "{atom}");
    assert!(atom.contains(r#"<title xml:lang="en">(reporté) Spring Summit</title>"#), "{atom}");
    assert!(file(&files, "es/events.atom").contains("(por conf.) Smart City"));
    assert!(file(&files, "es/events.atom").contains("<title>Fixture y amigos</title>"));
    // The default language's pages are unchanged but for the links to their translations.
    let en = file(&files, "events/retreat.html");
    assert!(en.contains("<h1>Annual Retreat &amp; Campus</h1>"));
    assert!(en.contains(r#"<a href="../fr/events/retreat.html" hreflang="fr" lang="fr">"#));
}

#[test]
fn check_counts_the_untranslated_texts_of_each_language() {
    let project = load::load(&manifest(FIXTURE)).unwrap();
    let missing = translate::missing(&project);
    // French lacks edition and footer and every text of the other events; Spanish the
    // subtitle, the tag's description and the retreat's call's label besides.
    let counts: Vec<(&str, usize)> = missing.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    assert_eq!(counts.iter().map(|(c, _)| *c).collect::<Vec<_>>(), ["fr", "es"]);
    assert_eq!(counts[1].1 - counts[0].1, 6, "{counts:?}");
}

#[test]
fn a_missing_theme_word_is_an_error_naming_it_and_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\nlanguages = [\"en\", \"de\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::create_dir(dir.path().join("i18n")).unwrap();
    let english = include_str!("../../themes/default/i18n/en.toml");
    let german = english.replace("skip = \"Skip to the events\"", "skip = \"Zu den Terminen\"");
    let german: String =
        german.lines().filter(|l| !l.starts_with("when =")).collect::<Vec<_>>().join("\n");
    std::fs::write(dir.path().join("i18n/de.toml"), german).unwrap();
    let project = load::load(dir.path()).unwrap();
    let errors = Plan::new(&project, PlanOptions::default()).expect_err("a missing word fails");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        matches!(&*errors[0].problem, Problem::Theme(ThemeProblem::MissingString { key, language }) if key == "when" && language == "de")
    );
    assert!(errors[0].to_string().contains("i18n/de.toml"), "{}", errors[0]);
    // With the word, German builds: its words, English dates.
    std::fs::write(
        dir.path().join("i18n/de.toml"),
        english.replace("Skip to the events", "Zu den Terminen"),
    )
    .unwrap();
    let files = render(dir.path());
    let german = file(&files, "de/index.html");
    assert!(german.contains(">Zu den Terminen<") && german.contains(r#"<html lang="de">"#));
    // The translated word is German; one left in English is marked so.
    assert!(!german.contains(r#"<span lang="en">Zu den Terminen"#), "{german}");
    assert!(german.contains(r#"<span lang="en">"#), "{german}");
    // The default language's words are its own: nothing on its pages is marked.
    assert!(!file(&files, "index.html").contains(r#"<span lang="en">"#));
}

#[test]
fn an_editions_texts_are_translated_like_the_calendars() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("calendar.toml"),
        r#"languages = ["en", "fr", "es"]
title = "Cities"
base_url = "https://example.org/"
year = 2021

[[editions]]
year = 2022
subtitle = "Next year's examples"
fr = { subtitle = "Les exemples de l'an prochain" }
"#,
    )
    .unwrap();
    for (slug, date) in [("forum", "16 Feb 2021"), ("summit", "16 Feb 2022")] {
        let text = format!("title = \"{slug}\"\ndate = \"{date}\"\n");
        std::fs::write(root.join("content").join(format!("{slug}.toml")), text).unwrap();
    }
    let files = render(root);
    let fr = file(&files, "fr/2022/index.html");
    assert!(fr.contains(r#"<p class="subtitle">Les exemples de l&#39;an prochain</p>"#), "{fr}");
    let es = file(&files, "es/2022/index.html");
    assert!(es.contains(r#"<p class="subtitle" lang="en">Next year&#39;s examples</p>"#), "{es}");
    // Each translation is linked by its canonical address, the edition's folder.
    assert!(fr.contains(r#"<link rel="canonical" href="https://example.org/fr/2022/">"#), "{fr}");
    assert!(
        fr.contains(r#"<link rel="alternate" hreflang="es" href="https://example.org/es/2022/">"#)
    );
    assert!(fr.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/2022/">"#
    ));
    // The calendar's title is untranslated here: the feeds say so.
    let atom = file(&files, "fr/events.atom");
    assert!(atom.contains(r#"<title xml:lang="en">Cities</title>"#), "{atom}");
    let en = file(&files, "2022/index.html");
    assert!(en.contains(r#"<p class="subtitle">Next year&#39;s examples</p>"#), "{en}");
    // Both lack the title and the two events' titles (the two built-in tags have their
    // built-in French and Spanish labels); Spanish the edition's subtitle besides.
    let project = load::load(root).unwrap();
    let counts = translate::missing(&project);
    assert_eq!(counts, [("fr".to_string(), 3), ("es".to_string(), 4)]);
}

/// An event written in French (`language = "fr"`) on an English and French calendar: its
/// texts are marked `lang="fr"` on the English pages, not on the French ones, and French
/// does not list them as untranslated; what French does list points at the line of its
/// file (a tag's label at its line of `calendar.toml`).
#[test]
fn an_events_own_language_marks_its_texts_and_is_no_missing_translation() {
    let calendar = r#"languages = ["en", "fr"]
title = "Cities"
base_url = "https://example.org/"
year = 2021
subtitle = "Where cities meet"
[fr]
title = "Villes"

[[tags]]
id = "diplomacy"
label = "Urban diplomacy"
"#;
    let dir = common::project(&[
        ("calendar.toml", calendar),
        (
            "content/forum.toml",
            "title = \"Forum des villes\"\ndate = \"3 Mar\"\nlanguage = \"fr\"\nlocation = \"Lyon\"\n",
        ),
        ("content/summit.toml", "title = \"Summit\"\ndate = \"4 Mar\"\n"),
    ]);
    let files = render(dir.path());
    let en = file(&files, "events/forum.html");
    assert!(en.contains(r#"<h1 lang="fr">Forum des villes</h1>"#), "{en}");
    assert!(file(&files, "index.html").contains(r#"lang="fr">Forum des villes"#));
    let fr = file(&files, "fr/events/forum.html");
    assert!(fr.contains("<h1>Forum des villes</h1>"), "{fr}");
    let (ok, stderr) = common::outcome(dir.path(), &["check", "--untranslated", "fr"]);
    assert!(ok, "{stderr}");
    let listing = stderr.split_once("fr: ").map(|(_, l)| l).unwrap_or_default();
    assert_eq!(
        listing,
        "3 texts not translated, shown in en\n\
         calendar.toml:5: subtitle\n\
         calendar.toml:11: tags.diplomacy.label\n\
         content/summit.toml:1: title\n"
    ); // A language that is no BCP 47 tag is an error at its place.
    let text = "title = \"Forum\"\ndate = \"3 Mar\"\nlanguage = \"fr_FR\"\n";
    std::fs::write(dir.path().join("content/forum.toml"), text).unwrap();
    let (ok, stderr) = common::outcome(dir.path(), &["check"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("content/forum.toml:3:12: error: `fr_FR` is not a language code"),
        "{stderr}"
    );
}
