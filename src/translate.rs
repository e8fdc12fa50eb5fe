//! The calendar in each of its languages (`languages` in `calendar.toml`): the project as
//! one language's build sees it, and the links between a page's translations. The default
//! language is at the site's root, each other under its code (`fr/`), so that default
//! addresses never change; every kind of output is made once per language
//! ([`crate::outputs::Kind::per_language`]).

use serde::Serialize;

use crate::config::Config;
use crate::load::Project;
use crate::locale::Locale;

/// The project in another of its languages: its settings published under the language's
/// code ([`Config::in_language`]).
pub fn in_language(project: &Project, code: &str) -> Project {
    Project {
        root: project.root.clone(),
        config: project.config.in_language(code),
        events: project.events.clone(),
        warnings: Vec::new(),
    }
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

/// The links to every language's root from the `k`-th language's pages; `config` is that
/// language's.
pub fn links(config: &Config, k: usize) -> Vec<LanguageLink> {
    let up = if k == 0 { "" } else { "../" };
    let own = config.base_url.as_str();
    let site = match k {
        0 => own,
        _ => own.strip_suffix(&format!("{}/", config.language)).unwrap_or(own),
    };
    config
        .languages
        .iter()
        .enumerate()
        .map(|(j, code)| {
            let prefix = if j == 0 { String::new() } else { format!("{code}/") };
            LanguageLink {
                code: code.clone(),
                name: Locale::built_in(code).map_or_else(|| code.clone(), |l| l.name.to_string()),
                home: format!("{up}{prefix}"),
                url: format!("{site}{prefix}"),
                path: format!("{}{prefix}", config.site_path()),
                current: j == k,
            }
        })
        .collect()
}
