//! The calendar in each of its languages (`languages` in `calendar.toml`): the project as
//! one language's build sees it, and the links between a page's translations. The default
//! language is at the site's root, each other under its code (`fr/`), so that default
//! addresses never change; every kind of output is made once per language
//! ([`crate::outputs::Kind::per_language`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Config, EditionTexts, Tag};
use crate::diagnostic::CommandProblem;
use crate::event::Event;
use crate::fields::Translations;
use crate::load::Project;
use crate::locale::Locale;
use crate::translatable::{self, TextLimit, Translatable};

/// The project in another of its languages: its settings published under the language's
/// code ([`Config::in_language`]), every translated text in place of the default one and
/// every other kept, marked as written in the default language, or in an event's own
/// `language` (`lang_of`).
pub fn in_language(project: &Project, code: &str) -> Project {
    let mut config = project.config.in_language(code);
    let default = &project.config.language;
    translate(&mut config, code, default);
    for edition in &mut config.editions {
        translate(edition, code, default);
    }
    for tag in &mut config.tags {
        translate(tag, code, default);
    }
    let events = project
        .events
        .iter()
        .map(|event| {
            let mut event = event.clone();
            let written = event.language.clone();
            translate(&mut event, code, written.as_deref().unwrap_or(default));
            event
        })
        .collect();
    Project { root: project.root.clone(), config, events, warnings: Vec::new() }
}

/// Puts an item's translations into `code` in place of its texts, and marks each text
/// left untranslated as `written`'s, the language it is written in, unless that is `code`.
fn translate<T: Translated>(item: &mut T, code: &str, written: &str) {
    let mut lang_of = BTreeMap::new();
    for &(key, _, _) in T::TEXTS {
        let translation = item.translations().get(code, key).map(str::to_string);
        let Some(text) = item.text(key) else { continue };
        match translation {
            Some(translation) => *text = translation,
            None if written.eq_ignore_ascii_case(code) => {}
            None => {
                lang_of.insert(key, written.to_string());
            }
        }
    }
    *item.lang_of() = lang_of;
}

/// A text that a language's pages show in another language, for want of a translation:
/// what `check --untranslated` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    /// Its file, relative to the project root.
    pub file: PathBuf,
    /// The line its text is written at, in the language it is written in.
    pub line: Option<usize>,
    /// Its key: `title`, or `tags.<id>.label` and `editions.<year>.subtitle` in
    /// `calendar.toml`.
    pub key: String,
    /// The language the pages show it in.
    pub shown_in: String,
}

/// The texts of a project that lack a translation, language by language (the default
/// language aside), by file and line: what `check` counts and `check --untranslated`
/// lists. They are the texts a build of the language marks with another's `lang`.
pub fn untranslated(project: &Project) -> Vec<(String, Vec<Untranslated>)> {
    let calendar = Path::new("calendar.toml");
    project
        .config
        .languages
        .iter()
        .skip(1)
        .map(|code| {
            let Project { mut config, mut events, .. } = in_language(project, code);
            let mut texts = Vec::new();
            list(&mut config, calendar, "", &mut texts);
            for edition in &mut config.editions {
                list(edition, calendar, &format!("editions.{}.", edition.year), &mut texts);
            }
            for tag in &mut config.tags {
                list(tag, calendar, &format!("tags.{}.", tag.id), &mut texts);
            }
            for event in &mut events {
                let file = event.source.clone();
                list(event, &file, "", &mut texts);
            }
            texts.sort_by(|a, b| (a.file.as_os_str(), a.line).cmp(&(b.file.as_os_str(), b.line)));
            (code.clone(), texts)
        })
        .collect()
}

/// How many texts of a project lack a translation, language by language: the length of
/// each language's list of [`untranslated`], which `check` reports.
pub fn missing(project: &Project) -> Vec<(String, usize)> {
    untranslated(project).into_iter().map(|(code, texts)| (code, texts.len())).collect()
}

/// The texts [`untranslated`] in `only` (any case), or in each other language without it;
/// a language the calendar is not translated into is a problem naming its languages.
pub fn untranslated_in(
    project: &Project,
    only: Option<&str>,
) -> Result<Vec<(String, Vec<Untranslated>)>, CommandProblem> {
    let languages = &project.config.languages;
    let Some(code) = only else { return Ok(untranslated(project)) };
    let known = languages.iter().skip(1).any(|l| l.eq_ignore_ascii_case(code));
    if !known {
        let mut names: Vec<String> = languages.clone();
        names[0] = format!("{} (the default)", names[0]);
        let languages = names.join(", ");
        return Err(CommandProblem::NotTranslatedInto { code: code.to_string(), languages });
    }
    let mut all = untranslated(project);
    all.retain(|(l, _)| l.eq_ignore_ascii_case(code));
    Ok(all)
}

impl std::fmt::Display for Untranslated {
    /// `file:line: key`, as editors and terminals open a file at a line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.file.display();
        match self.line {
            Some(line) => write!(f, "{file}:{line}: {}", self.key),
            None => write!(f, "{file}: {}", self.key),
        }
    }
}

/// Adds to `texts` an item's texts that a build left in another language, each keyed
/// `prefix` and its name.
fn list<T: Translated>(item: &mut T, file: &Path, prefix: &str, texts: &mut Vec<Untranslated>) {
    let shown: Vec<(Translatable, String)> =
        item.lang_of().iter().map(|(key, lang)| (*key, lang.clone())).collect();
    for (key, shown_in) in shown {
        texts.push(Untranslated {
            file: file.to_path_buf(),
            line: item.translations().line(key),
            key: format!("{prefix}{}", key.as_str()),
            shown_in,
        });
    }
}

/// An item whose texts language tables translate.
trait Translated {
    /// Its texts that may be translated ([`crate::translatable`]'s table for it).
    const TEXTS: &'static [TextLimit];
    /// Its texts in the other languages.
    fn translations(&self) -> &Translations;
    /// The text of `key`, if the item has it.
    fn text(&mut self, key: Translatable) -> Option<&mut String>;
    /// Its texts shown in the default language, for want of a translation.
    fn lang_of(&mut self) -> &mut BTreeMap<Translatable, String>;
}

/// Implements [`Translated`] for an item with `translations` and `lang_of` fields: its
/// table, then each of its texts by key, as `|item| { Key => text }`.
macro_rules! translated {
    ($item:ty, $texts:expr, |$it:ident| { $($key:ident => $text:expr),* $(,)? }) => {
        impl Translated for $item {
            const TEXTS: &'static [TextLimit] = $texts;
            fn translations(&self) -> &Translations {
                &self.translations
            }
            fn text(&mut self, key: Translatable) -> Option<&mut String> {
                let $it = self;
                match key {
                    $(Translatable::$key => $text,)*
                    _ => None,
                }
            }
            fn lang_of(&mut self) -> &mut BTreeMap<Translatable, String> {
                &mut self.lang_of
            }
        }
    };
}

translated!(Config, translatable::CALENDAR, |c| {
    Title => Some(&mut c.title),
    Subtitle => c.subtitle.as_mut(),
    Edition => c.edition.as_mut(),
    Footer => c.footer.as_mut(),
});
translated!(EditionTexts, translatable::EDITION, |e| {
    Subtitle => e.subtitle.as_mut(),
    Edition => e.edition.as_mut(),
    Footer => e.footer.as_mut(),
});
translated!(Tag, translatable::TAG, |t| {
    Label => Some(&mut t.label),
    Description => t.description.as_mut(),
});
translated!(Event, translatable::EVENT, |e| {
    Title => Some(&mut e.title),
    Location => e.location.as_mut(),
    Description => e.description.as_mut(),
});

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    /// Every text an item's table names is one of its fields, so that no translation is
    /// read and then dropped.
    #[test]
    fn every_translatable_text_of_an_item_is_put_in_place() {
        fn all<T: Translated>(item: &mut T) {
            for &(key, _, _) in T::TEXTS {
                assert!(item.text(key).is_some(), "{key:?}");
            }
        }
        let text = "title = \"W\"\nbase_url = \"https://x.org/\"\nsubtitle = \"s\"\nedition = \"e\"\n\
                    footer = \"f\"\n[[tags]]\nid = \"t\"\nlabel = \"T\"\ndescription = \"d\"\n\
                    [[editions]]\nyear = 2020\nsubtitle = \"s\"\nedition = \"e\"\nfooter = \"f\"\n";
        let mut config = Config::parse(&Source::new("calendar.toml", text)).unwrap();
        all(&mut config.editions[0]);
        all(config.tags.last_mut().unwrap());
        all(&mut config);
        let text = "title = \"A\"\ndate = \"8 Nov\"\nlocation = \"Lyon\"\ndescription = \"d\"\n";
        let ctx =
            crate::event::Context { year: Some(2021), tags: &[], timezone: None, languages: &[] };
        all(&mut Event::parse(&Source::new("content/a.toml", text), &ctx).unwrap());
    }
}
