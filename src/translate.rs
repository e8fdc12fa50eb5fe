//! The calendar in each of its languages (`languages` in `calendar.toml`): the project as
//! one language's build sees it, and the links between a page's translations. The default
//! language is at the site's root, each other under its code (`fr/`), so that default
//! addresses never change; every kind of output is made once per language
//! ([`crate::outputs::Kind::per_language`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{self, Config};
use crate::fields::Translations;
use crate::load::Project;
use crate::locale::Locale;

/// The project in another of its languages: its settings published under the language's
/// code ([`Config::in_language`]), every translated text in place of the default one and
/// every other kept, marked as the default language's (`lang_of`).
pub fn in_language(project: &Project, code: &str) -> Project {
    let mut config = project.config.in_language(code);
    let default = &project.config.language;
    let texts = &project.config.translations;
    let mut lang_of = BTreeMap::new();
    for &(key, _, _) in config::TRANSLATED {
        let text = match key {
            "title" => Some(&mut config.title),
            "subtitle" => config.subtitle.as_mut(),
            "edition" => config.edition.as_mut(),
            "footer" => config.footer.as_mut(),
            _ => None,
        };
        translate(text, texts.get(code, key), key, default, &mut lang_of);
    }
    config.lang_of = lang_of;
    for edition in &mut config.editions {
        let mut lang_of = BTreeMap::new();
        let texts = &edition.translations;
        for (key, text) in [
            ("subtitle", edition.subtitle.as_mut()),
            ("edition", edition.edition.as_mut()),
            ("footer", edition.footer.as_mut()),
        ] {
            translate(text, texts.get(code, key), key, default, &mut lang_of);
        }
        edition.lang_of = lang_of;
    }
    for tag in &mut config.tags {
        let mut lang_of = BTreeMap::new();
        let texts = &tag.translations;
        translate(Some(&mut tag.label), texts.get(code, "label"), "label", default, &mut lang_of);
        let description = texts.get(code, "description");
        translate(tag.description.as_mut(), description, "description", default, &mut lang_of);
        tag.lang_of = lang_of;
    }
    let events = project
        .events
        .iter()
        .map(|event| {
            let mut event = event.clone();
            let mut lang_of = BTreeMap::new();
            let texts = &event.translations;
            let (title, location, description) = (
                texts.get(code, "title").map(str::to_string),
                texts.get(code, "location").map(str::to_string),
                texts.get(code, "description").map(str::to_string),
            );
            translate(Some(&mut event.title), title.as_deref(), "title", default, &mut lang_of);
            let location_text = location.as_deref();
            translate(event.location.as_mut(), location_text, "location", default, &mut lang_of);
            let description_text = description.as_deref();
            translate(
                event.description.as_mut(),
                description_text,
                "description",
                default,
                &mut lang_of,
            );
            event.lang_of = lang_of;
            event
        })
        .collect();
    Project { root: project.root.clone(), config, events, warnings: Vec::new() }
}

/// Puts a translation in place of a text, or marks the text as the default language's.
fn translate(
    text: Option<&mut String>,
    translation: Option<&str>,
    key: &'static str,
    default: &str,
    lang_of: &mut BTreeMap<&'static str, String>,
) {
    let Some(text) = text else { return };
    match translation {
        Some(translation) => *text = translation.to_string(),
        None => {
            lang_of.insert(key, default.to_string());
        }
    }
}

/// How many texts of a project lack a translation, language by language (the default
/// language aside): what `check` reports.
pub fn missing(project: &Project) -> Vec<(String, usize)> {
    project
        .config
        .languages
        .iter()
        .skip(1)
        .map(|code| {
            let config = &project.config;
            let texts =
                |subtitle: &Option<String>, edition: &Option<String>, footer: &Option<String>| {
                    [
                        ("subtitle", subtitle.is_some()),
                        ("edition", edition.is_some()),
                        ("footer", footer.is_some()),
                    ]
                };
            let own = texts(&config.subtitle, &config.edition, &config.footer);
            let mut n = untranslated(&config.translations, code, &[("title", true)]);
            n += untranslated(&config.translations, code, &own);
            for e in &config.editions {
                n +=
                    untranslated(&e.translations, code, &texts(&e.subtitle, &e.edition, &e.footer));
            }
            for tag in &config.tags {
                let keys = [("label", true), ("description", tag.description.is_some())];
                n += untranslated(&tag.translations, code, &keys);
            }
            for event in &project.events {
                let keys = [
                    ("title", true),
                    ("location", event.location.is_some()),
                    ("description", event.description.is_some()),
                ];
                n += untranslated(&event.translations, code, &keys);
            }
            (code.clone(), n)
        })
        .collect()
}

/// How many of an item's texts (each key with whether the item has that text) have no
/// translation into `code`.
fn untranslated(translations: &Translations, code: &str, texts: &[(&str, bool)]) -> usize {
    texts.iter().filter(|(key, has)| *has && translations.get(code, key).is_none()).count()
}

/// One of the calendar's languages, as a page links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageLink {
    /// Its code, for `hreflang` and `lang`.
    pub code: String,
    /// Its name in itself (`Français`), as the switcher shows it; its code for a
    /// language that is not built in.
    pub name: String,
    /// Its root, relative to the root of the page's language: `fr/`, `../`, `../es/`.
    pub home: String,
    /// Its root's full address.
    pub url: String,
    /// Its root's path on the server, `/fr/`, as the 404 page matches the address asked.
    pub path: String,
    /// Whether it is the page's own language.
    pub current: bool,
}

/// The links to every language's root from the pages of `config`'s language.
pub fn links(config: &Config) -> Vec<LanguageLink> {
    let up = config.up();
    let own = config.base_url.as_str();
    let site = own.strip_suffix(&config.folder(&config.language)).unwrap_or(own);
    config
        .languages
        .iter()
        .map(|code| {
            let folder = config.folder(code);
            LanguageLink {
                code: code.clone(),
                name: Locale::built_in(code).map_or_else(|| code.clone(), |l| l.name.to_string()),
                home: format!("{up}{folder}"),
                url: format!("{site}{folder}"),
                path: format!("{}{folder}", config.site_path()),
                current: *code == config.language,
            }
        })
        .collect()
}

/// A page's link to one of its translations, as its head (`hreflang`) and its language
/// switcher show it: made in Rust per page, since joining the parts in the template cost
/// a third of what a page of a calendar in three languages took to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink<'a> {
    /// The language's code, for `hreflang` and `lang`.
    pub code: &'a str,
    /// Its name in itself, as the switcher shows it.
    pub name: &'a str,
    /// The translation, relative to the page: `../fr/events/forum.html`.
    pub href: String,
    /// The translation's canonical address, for `<link rel="alternate" hreflang>`.
    pub url: String,
    /// Whether it is the page itself.
    pub current: bool,
}

/// The links from a page to each of its translations, the default language's first; none
/// for a calendar in one language. `root` is the page's way back to its language's root,
/// `here` its path from there, and `path` its canonical path from there (`2021/` for
/// `2021/index.html`).
pub fn page_links<'a>(
    languages: &'a [LanguageLink],
    root: &str,
    here: &str,
    path: &str,
) -> Vec<PageLink<'a>> {
    languages
        .iter()
        .map(|l| PageLink {
            code: &l.code,
            name: &l.name,
            href: format!("{root}{}{here}", l.home),
            url: format!("{}{path}", l.url),
            current: l.current,
        })
        .collect()
}
