//! The calendar in each of its languages (`languages` in `calendar.toml`): the project as
//! one language's build sees it, and the links between a page's translations. The default
//! language is at the site's root, each other under its code (`fr/`), so that default
//! addresses never change; every kind of output is made once per language
//! ([`crate::outputs::Kind::per_language`]).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::config::{Config, EditionTexts, Tag};
use crate::diagnostic::CommandProblem;
use crate::event::{Call, Event};
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
            let written = written.as_deref().unwrap_or(default);
            translate(&mut event, code, written);
            if let Some(call) = &mut event.call {
                translate(call, code, written);
            }
            event
        })
        .collect();
    Project {
        root: project.root.clone(),
        config,
        events,
        warnings: Vec::new(),
        history: project.history.clone(),
    }
}

/// Puts an item's translations into `code` in place of its texts, and marks each text
/// [`left_untranslated`] as `written`'s, the language it is written in.
fn translate<T: Translated>(item: &mut T, code: &str, written: &str) {
    let lang_of =
        left_untranslated(item, code, written).map(|key| (key, written.to_string())).collect();
    for &(key, _, _) in T::TEXTS {
        let translation = item.translations().get(code, key).map(str::to_string);
        if let (Some(translation), Some(text)) = (translation, item.text_mut(key)) {
            *text = translation;
        }
    }
    *item.lang_of() = lang_of;
}

/// The texts of an item that `code`'s pages show untranslated, in `written`, the language
/// they are written in: the one rule by which pages mark them and `check` counts them.
fn left_untranslated<'a, T: Translated>(
    item: &'a T,
    code: &'a str,
    written: &'a str,
) -> impl Iterator<Item = Translatable> + 'a {
    let other = !written.eq_ignore_ascii_case(code);
    T::TEXTS.iter().map(|&(key, ..)| key).filter(move |&key| {
        other && item.text(key).is_some() && item.translations().get(code, key).is_none()
    })
}

/// A text that a language's pages show in another language, for want of a translation:
/// what `check --untranslated` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated<'a> {
    /// Its file, relative to the project root.
    pub file: &'a Path,
    /// The line its text is written at, in the language it is written in.
    pub line: Option<usize>,
    /// What it belongs to in its file.
    pub owner: Owner<'a>,
    /// Which of the item's texts it is.
    pub key: Translatable,
    /// The language the pages show it in.
    pub shown_in: &'a str,
}

/// What an untranslated text belongs to, which names its key in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// `calendar.toml`'s own texts: `subtitle`.
    Calendar,
    /// An `[[editions]]` table's, by its year: `editions.2022.subtitle`.
    Edition(i32),
    /// A `[[tags]]` table's, by its id: `tags.diplomacy.label`.
    Tag(&'a str),
    /// An event file's: `title`.
    Event,
    /// An event's `[call]` table's: `call.label`.
    Call,
}

/// The texts of a project that lack a translation, language by language (the default
/// language aside), by file and line: what `check` counts and `check --untranslated`
/// lists. They are the texts a build of the language marks with another's `lang`.
pub fn untranslated(project: &Project) -> Vec<(&str, Vec<Untranslated<'_>>)> {
    let codes = project.config.languages.iter().skip(1);
    codes.map(|code| (code.as_str(), untranslated_into(project, code))).collect()
}

/// The texts of a project that lack a translation into `code`, sorted by file and line.
fn untranslated_into<'a>(project: &'a Project, code: &str) -> Vec<Untranslated<'a>> {
    let config = &project.config;
    let default = config.language.as_str();
    let calendar = Path::new("calendar.toml");
    let mut texts = Vec::new();
    let mut list = |item: &'a dyn Listed, at: Owner<'a>, file: &'a Path, written: &'a str| {
        texts.extend(item.left_in(code, written).into_iter().map(|key| Untranslated {
            file,
            line: item.line(key),
            owner: at,
            key,
            shown_in: written,
        }));
    };
    list(config, Owner::Calendar, calendar, default);
    for edition in &config.editions {
        list(edition, Owner::Edition(edition.year), calendar, default);
    }
    for tag in &config.tags {
        list(tag, Owner::Tag(&tag.id), calendar, default);
    }
    for event in &project.events {
        let written = event.language.as_deref().unwrap_or(default);
        list(event, Owner::Event, &event.source, written);
        if let Some(call) = &event.call {
            list(call, Owner::Call, &event.source, written);
        }
    }
    texts.sort_by(|a, b| (a.file.as_os_str(), a.line).cmp(&(b.file.as_os_str(), b.line)));
    texts
}

/// [`Translated`] as the list of untranslated texts asks it, of items of every kind.
trait Listed {
    /// Its texts [`left_untranslated`] in `code`.
    fn left_in(&self, code: &str, written: &str) -> Vec<Translatable>;
    /// The line `key`'s text is written at.
    fn line(&self, key: Translatable) -> Option<usize>;
}

impl<T: Translated> Listed for T {
    fn left_in(&self, code: &str, written: &str) -> Vec<Translatable> {
        left_untranslated(self, code, written).collect()
    }
    fn line(&self, key: Translatable) -> Option<usize> {
        self.translations().line(key)
    }
}

/// How many texts of a project lack a translation, language by language: the length of
/// each language's list of [`untranslated`], which `check` reports.
pub fn missing(project: &Project) -> Vec<(String, usize)> {
    untranslated(project).into_iter().map(|(code, texts)| (code.to_string(), texts.len())).collect()
}

/// The texts [`untranslated`] in `only` (any case), or in each other language without it;
/// a language the calendar is not translated into is a problem naming its languages.
pub fn untranslated_in<'a>(
    project: &'a Project,
    only: Option<&str>,
) -> Result<Vec<(&'a str, Vec<Untranslated<'a>>)>, CommandProblem> {
    let languages = &project.config.languages;
    let Some(code) = only else { return Ok(untranslated(project)) };
    match languages.iter().skip(1).find(|l| l.eq_ignore_ascii_case(code)) {
        Some(code) => Ok(vec![(code.as_str(), untranslated_into(project, code))]),
        None => {
            let mut names: Vec<String> = languages.clone();
            names[0] = format!("{} (the default)", names[0]);
            let languages = names.join(", ");
            Err(CommandProblem::NotTranslatedInto { code: code.to_string(), languages })
        }
    }
}

impl std::fmt::Display for Untranslated<'_> {
    /// `file:line: key`, as editors and terminals open a file at a line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let key = self.key.as_str();
        match self.owner {
            Owner::Calendar | Owner::Event => write!(f, ": {key}"),
            Owner::Edition(year) => write!(f, ": editions.{year}.{key}"),
            Owner::Tag(id) => write!(f, ": tags.{id}.{key}"),
            Owner::Call => write!(f, ": call.{key}"),
        }
    }
}

/// An item whose texts language tables translate.
trait Translated {
    /// Its texts that may be translated ([`crate::translatable`]'s table for it).
    const TEXTS: &'static [TextLimit];
    /// Its texts in the other languages.
    fn translations(&self) -> &Translations;
    /// The text of `key`, if the item has it.
    fn text(&self, key: Translatable) -> Option<&String>;
    /// The text of `key`, to put its translation in place.
    fn text_mut(&mut self, key: Translatable) -> Option<&mut String>;
    /// Its texts shown in the default language, for want of a translation.
    fn lang_of(&mut self) -> &mut BTreeMap<Translatable, String>;
}

/// Implements [`Translated`] for an item with `translations` and `lang_of` fields: its
/// table, then each of its texts by key, as `Key => field` (a `String` or an
/// `Option<String>`).
macro_rules! translated {
    ($item:ty, $texts:expr, { $($key:ident => $field:ident),* $(,)? }) => {
        impl Translated for $item {
            const TEXTS: &'static [TextLimit] = $texts;
            fn translations(&self) -> &Translations {
                &self.translations
            }
            fn text(&self, key: Translatable) -> Option<&String> {
                match key {
                    $(Translatable::$key => TextField::get(&self.$field),)*
                    _ => None,
                }
            }
            fn text_mut(&mut self, key: Translatable) -> Option<&mut String> {
                match key {
                    $(Translatable::$key => TextField::get_mut(&mut self.$field),)*
                    _ => None,
                }
            }
            fn lang_of(&mut self) -> &mut BTreeMap<Translatable, String> {
                &mut self.lang_of
            }
        }
    };
}

/// A field holding a text, always (`String`) or maybe (`Option<String>`).
trait TextField {
    /// The text, if there is one.
    fn get(&self) -> Option<&String>;
    /// The text, if there is one, to change.
    fn get_mut(&mut self) -> Option<&mut String>;
}

impl TextField for String {
    fn get(&self) -> Option<&String> {
        Some(self)
    }
    fn get_mut(&mut self) -> Option<&mut String> {
        Some(self)
    }
}

impl TextField for Option<String> {
    fn get(&self) -> Option<&String> {
        self.as_ref()
    }
    fn get_mut(&mut self) -> Option<&mut String> {
        self.as_mut()
    }
}

translated!(Config, translatable::CALENDAR, {
    Title => title,
    Subtitle => subtitle,
    Edition => edition,
    Footer => footer,
});
translated!(EditionTexts, translatable::EDITION, {
    Subtitle => subtitle,
    Edition => edition,
    Footer => footer,
});
translated!(Tag, translatable::TAG, {
    Label => label,
    Description => description,
});
translated!(Call, translatable::CALL, {
    Label => label,
});
translated!(Event, translatable::EVENT, {
    Title => title,
    Location => location,
    Description => description,
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
