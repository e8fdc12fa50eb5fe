//! The calendar in each of its languages (`languages` in `calendar.toml`): the project as
//! one language's build sees it, and the links between a page's translations. The default
//! language is at the site's root, each other under its code (`fr/`), so that default
//! addresses never change; every kind of output is made once per language
//! ([`crate::outputs::Kind::per_language`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, EditionTexts, Tag};
use crate::event::Event;
use crate::fields::Translations;
use crate::load::Project;
use crate::locale::Locale;
use crate::translatable::{self, TextLimit, Translatable};

/// The project in another of its languages: its settings published under the language's
/// code ([`Config::in_language`]), every translated text in place of the default one and
/// every other kept, marked as the default language's (`lang_of`).
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
            translate(&mut event, code, default);
            event
        })
        .collect();
    Project { root: project.root.clone(), config, events, warnings: Vec::new() }
}

/// Puts an item's translations into `code` in place of its texts, and marks each text
/// left untranslated as the default language's.
fn translate<T: Translated>(item: &mut T, code: &str, default: &str) {
    let mut lang_of = BTreeMap::new();
    for &(key, _, _) in T::TEXTS {
        let translation = item.translations().get(code, key).map(str::to_string);
        let Some(text) = item.text(key) else { continue };
        match translation {
            Some(translation) => *text = translation,
            None => {
                lang_of.insert(key, default.to_string());
            }
        }
    }
    *item.lang_of() = lang_of;
}

/// How many texts of a project lack a translation, language by language (the default
/// language aside): what `check` reports. They are the texts a build of the language
/// marks as the default language's.
pub fn missing(project: &Project) -> Vec<(String, usize)> {
    project
        .config
        .languages
        .iter()
        .skip(1)
        .map(|code| {
            let Project { config, events, .. } = in_language(project, code);
            let n = config.lang_of.len()
                + config.editions.iter().map(|e| e.lang_of.len()).sum::<usize>()
                + config.tags.iter().map(|t| t.lang_of.len()).sum::<usize>()
                + events.iter().map(|e| e.lang_of.len()).sum::<usize>();
            (code.clone(), n)
        })
        .collect()
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
