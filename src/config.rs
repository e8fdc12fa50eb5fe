//! `calendar.toml`: the site's settings, tags and contacts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::diagnostic::{ContentProblem, Diagnostic, Problems, Source, ValueProblem};
use crate::fields::{Fields, Translations, parse_document, parse_document_leniently};
use crate::locale::Locale;
use crate::translatable::{self, Translatable};

/// The site settings of a calendar project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// The calendar's name, such as "When & Where".
    pub title: String,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// Where the site is published; always ends with `/`.
    pub base_url: BaseUrl,
    /// The year of dates that do not say theirs.
    pub year: Option<i32>,
    /// The most events `embed.html` lists (`embed_limit`, [`EMBED_LIMIT`] by default).
    pub embed_limit: usize,
    /// The edition line, such as "February 2021".
    pub edition: Option<String>,
    /// The edition's date: the default last-modified date of every event.
    pub updated: Option<NaiveDate>,
    /// The language of the pages, as a BCP 47 tag: the first of `languages`.
    pub language: String,
    /// Every language the calendar is published in, the default first (`languages`, or
    /// `language` alone).
    pub languages: Vec<String>,
    /// The texts above in the other languages (`[fr]`).
    #[serde(skip)]
    pub translations: Translations,
    /// The texts shown in another language than `language`, for want of a translation,
    /// each with that language: pages mark them with `lang`.
    #[serde(skip)]
    pub lang_of: BTreeMap<Translatable, String>,
    /// The words and date formats readers see, chosen by `language`.
    #[serde(skip)]
    pub locale: &'static Locale,
    /// The zone of timed events that do not name one.
    #[serde(serialize_with = "serialize_tz")]
    pub timezone: Option<Tz>,
    /// A closing line, such as "Save these dates!".
    pub footer: Option<String>,
    /// Who publishes the calendar.
    pub publisher: Option<String>,
    /// The publisher's e-mail address: the feeds' `ORGANIZER` (and then `METHOD:PUBLISH`).
    pub publisher_email: Option<String>,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// The GitHub repository that holds the project, for the "Suggest a change" and
    /// "Propose an event" links.
    pub repository: Option<Repository>,
    /// The theme folder under `themes/` whose files override the built-in theme.
    pub theme: String,
    /// The tags events may carry: those `calendar.toml` declares, or the two of the printed
    /// brochure when it declares none.
    pub tags: Vec<Tag>,
    /// The people readers can ask.
    pub contacts: Contacts,
    /// How the iCalendar feeds are written.
    pub feeds: Feeds,
    /// The texts of editions other than the current one, from `[[editions]]`.
    pub editions: Vec<EditionTexts>,
    /// Whether the site has the printed brochure (`brochure = false` leaves it out).
    pub brochure: bool,
}

/// What one edition says of itself where it differs from the current settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionTexts {
    /// The edition's year.
    pub year: i32,
    /// Its line under the title.
    pub subtitle: Option<String>,
    /// Its edition line, such as "February 2021".
    pub edition: Option<String>,
    /// Its closing line.
    pub footer: Option<String>,
    /// Its contacts, as they stood, from `[editions.contacts]`.
    pub contacts: Option<Contacts>,
    /// Its texts in the other languages (`fr = { subtitle = "…" }`).
    #[serde(skip)]
    pub translations: Translations,
    /// Which of its texts are in the default language for want of a translation, in a
    /// build of another language ([`crate::translate::in_language`]).
    #[serde(skip)]
    pub lang_of: BTreeMap<Translatable, String>,
}

/// A category of events, shown as a marker with a legend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The id used in event files.
    pub id: String,
    /// The legend's text.
    pub label: String,
    /// The label and description in the other languages (`fr = { label = "…" }`).
    #[serde(skip)]
    pub translations: Translations,
    /// The texts shown in another language, for want of a translation, with that language.
    #[serde(skip)]
    pub lang_of: BTreeMap<Translatable, String>,
    /// A CSS hex colour for the marker.
    pub colour: Option<String>,
    /// A sentence about the tag, for its page.
    pub description: Option<String>,
}

impl Tag {
    /// The tag's page, relative to the site root.
    pub fn page_path(&self) -> String {
        format!("tags/{}.html", self.id)
    }

    /// The tag's subscription feed, relative to the site root.
    pub fn feed_path(&self) -> String {
        format!("tags/{}.ics", self.id)
    }

    /// The tag's Atom feed, relative to the site root.
    pub fn atom_path(&self) -> String {
        format!("tags/{}.atom", self.id)
    }
}

/// The contacts block at the end of the brochure.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contacts {
    /// The sentence before the list.
    pub intro: Option<String>,
    /// One entry per person.
    pub people: Vec<Contact>,
}

/// One person readers can write to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// The region the person looks after.
    pub region: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
}

/// Settings of the iCalendar feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Feeds {
    /// What a month-only event becomes in a feed.
    pub month_only: MonthOnly,
}

/// How a month-only event (`(tbc) Apr`) appears in iCalendar feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MonthOnly {
    /// An all-day, transparent (free) event over the whole month.
    AllMonth,
    /// Left out of the feeds; still on the site.
    Omit,
}

/// The GitHub repository of `repository = "https://github.com/OWNER/REPO"` and `branch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repository {
    /// The account or organisation.
    pub owner: String,
    /// The repository's name.
    pub name: String,
    /// The branch that GitHub's editor opens (`branch`, default `main`).
    pub branch: String,
    /// The project's folder inside the repository, `/`-separated and ending with `/` (empty
    /// at its root): set by the loader, which sees the folders around the project.
    pub folder: String,
}

impl Repository {
    /// Reads `https://github.com/OWNER/REPO` (a final `/` or `.git` allowed).
    pub fn parse(text: &str) -> Option<(String, String)> {
        let rest = text.trim().strip_prefix("https://github.com/")?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let rest = rest.strip_suffix(".git").unwrap_or(rest);
        let (owner, name) = rest.split_once('/')?;
        // GitHub's own rules: an owner is letters, digits and inner hyphens; a repository
        // name adds `.` and `_`, and is never `.` or `..`.
        let owner_ok = (1..=39).contains(&owner.len())
            && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !owner.starts_with('-')
            && !owner.ends_with('-');
        let name_ok = (1..=100).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
            && name != "."
            && name != "..";
        (owner_ok && name_ok).then(|| (owner.to_string(), name.to_string()))
    }

    /// GitHub's web editor for a file of the project (`path` relative to the project root),
    /// each segment of the branch and the path percent-encoded (a branch's own `/` stays,
    /// as in GitHub's own addresses).
    pub fn edit_url(&self, path: &std::path::Path) -> String {
        let encoded = |s: &str| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string();
        let branch: Vec<String> = self.branch.split('/').map(encoded).collect();
        let segments: Vec<String> = self
            .folder
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .chain(path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()))
            .map(|s| encoded(&s))
            .collect();
        format!(
            "https://github.com/{}/{}/edit/{}/{}",
            self.owner,
            self.name,
            branch.join("/"),
            segments.join("/")
        )
    }

    /// The issue form that `init` writes, `.github/ISSUE_TEMPLATE/event.yml`.
    pub fn propose_url(&self) -> String {
        format!("https://github.com/{}/{}/issues/new?template=event.yml", self.owner, self.name)
    }
}

/// What a path segment of an address may not hold as it is: everything but letters,
/// digits and `-._~` (RFC 3986's unreserved characters).
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The site's public address, with a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(url::Url);

impl Serialize for BaseUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

fn serialize_tz<S: serde::Serializer>(tz: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
    match tz {
        Some(tz) => s.serialize_str(tz.name()),
        None => s.serialize_none(),
    }
}

impl BaseUrl {
    /// Takes an http(s) URL and makes sure it ends with a slash.
    pub fn new(mut url: url::Url) -> Self {
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        url.set_query(None);
        url.set_fragment(None);
        Self(url)
    }

    /// Reads an http(s) address given on the command line as `--base-url`.
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let refused =
            |reason| Diagnostic::command(ValueProblem::BadUrl { key: "--base-url", reason });
        let url = crate::fields::parse_http_url(text).map_err(refused)?;
        if has_credentials(&url) {
            let reason = "without a user name or password, which would be published on every page";
            return Err(refused(reason.to_string()));
        }
        Ok(Self::new(url))
    }

    /// The full address of a path of the site (`events/x.html`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.0.as_str(), path)
    }

    /// The path the site lives under, such as `/when-and-where/`; `/` at a domain root.
    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// The host name, which makes event UIDs unique to this site.
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or("localhost")
    }

    /// The whole address.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The site's address is printed on every page and in every feed: a user name or password
/// in it would be published.
fn has_credentials(url: &url::Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// One of the two tags of the printed brochure, with its label in each built-in language.
struct BuiltInTag {
    id: &'static str,
    colour: &'static str,
    /// The label by the code of a built-in locale ([`Locale::built_in`]), English first.
    labels: [(&'static str, &'static str); 3],
}

/// The tags of the printed brochure: those of a calendar that declares none, and what
/// `init` writes, so that a team can rename or remove them.
const BUILT_IN_TAGS: [BuiltInTag; 2] = [
    BuiltInTag {
        id: "diplomacy",
        colour: "#c8102e",
        labels: [
            ("en", "Urban diplomacy events"),
            ("fr", "Évènements de diplomatie urbaine"),
            ("es", "Eventos de diplomacia urbana"),
        ],
    },
    BuiltInTag {
        id: "capacity-building",
        colour: "#0057a8",
        labels: [
            ("en", "Capacity building events"),
            ("fr", "Évènements de renforcement des capacités"),
            ("es", "Eventos de fortalecimiento de capacidades"),
        ],
    },
];

impl BuiltInTag {
    /// Its label in a language, if that language is built in (`fr-CA` has French's).
    fn label_in(&self, code: &str) -> Option<&'static str> {
        let locale = Locale::built_in(code)?;
        self.labels.iter().find(|(c, _)| *c == locale.code).map(|&(_, label)| label)
    }
}

/// The label of a tag of the printed brochure (`diplomacy`, `capacity-building`) in a
/// built-in language, as `init` writes it.
pub fn builtin_label(id: &str, code: &str) -> Option<&'static str> {
    BUILT_IN_TAGS.iter().find(|t| t.id == id)?.label_in(code)
}

/// The tags of a calendar in English alone that declares none.
pub fn builtin_tags() -> Vec<Tag> {
    builtin_tags_in(&[])
}

/// The tags of a calendar in `languages` (the default first) that declares none: each
/// labelled in the default language where it is built in (else in English), and
/// translated into the other built-in ones.
fn builtin_tags_in(languages: &[String]) -> Vec<Tag> {
    let default = languages.first().map_or("en", String::as_str);
    BUILT_IN_TAGS
        .iter()
        .map(|b| {
            let mut tag = Tag {
                id: b.id.into(),
                label: b.label_in(default).unwrap_or(b.labels[0].1).into(),
                colour: Some(b.colour.into()),
                description: None,
                translations: Translations::default(),
                lang_of: BTreeMap::new(),
            };
            with_builtin_labels(&mut tag, languages);
            tag
        })
        .collect()
}

/// Gives a tag of the printed brochure, declared under its own id with one of its own
/// labels, the built-in label of each of the calendar's other languages that its
/// declaration does not translate: a team that keeps the tag keeps its translations.
fn with_builtin_labels(tag: &mut Tag, languages: &[String]) {
    let Some(builtin) = BUILT_IN_TAGS.iter().find(|b| b.id == tag.id) else { return };
    if !builtin.labels.iter().any(|&(_, label)| label == tag.label) {
        return;
    }
    for code in languages.iter().skip(1) {
        let Some(label) = builtin.label_in(code) else { continue };
        if tag.translations.get(code, Translatable::Label).is_some() {
            continue;
        }
        let texts = &mut tag.translations.texts;
        let at = match texts.iter().position(|(c, _)| c == code) {
            Some(at) => at,
            None => {
                texts.push((code.clone(), Vec::new()));
                texts.len() - 1
            }
        };
        texts[at].1.push((Translatable::Label, label.to_string()));
    }
}

impl Config {
    /// Reads `calendar.toml`, reporting every problem in it.
    pub fn parse(src: &Source) -> Result<Config, Vec<Diagnostic>> {
        let doc = parse_document(src)?;
        let (config, errors) = Config::read(src, &doc);
        if errors.is_empty() { Ok(config) } else { Err(errors) }
    }

    /// What can be read of a `calendar.toml` that has problems, so that the events can
    /// still be checked against its tags and year: every problem of a project is shown at
    /// once, not those of `calendar.toml` first and the events' after it is fixed.
    pub fn best_effort(src: &Source) -> Config {
        Config::read(src, &parse_document_leniently(src)).0
    }

    fn read(src: &Source, doc: &toml::Spanned<toml::de::DeTable<'_>>) -> (Config, Vec<Diagnostic>) {
        let errors = Problems::new(src);
        let f = Fields::new(src, doc, &errors);
        let title = f.required_text("title", "title = \"When & Where\"", 300, false);
        f.require("base_url", "base_url = \"https://example.github.io/when-and-where/\"");
        let base_url = f.http_url("base_url").filter(|u| {
            let bare = !has_credentials(&u.value);
            if !bare {
                f.report(u.span.clone(), ValueProblem::UrlCredentials { key: "base_url" });
            }
            bare
        });
        let language = f.text("language", 35, false).map_or_else(|| "en".into(), |s| s.value);
        let mut languages = read_languages(&f);
        if languages.is_empty() {
            languages.push(language);
        }
        let mut config =
            Config {
                title: title.map(|t| t.value).unwrap_or_default(),
                subtitle: f.text("subtitle", 500, false).map(|s| s.value),
                base_url: BaseUrl::new(base_url.map(|u| u.value).unwrap_or_else(|| {
                    url::Url::parse("https://localhost/").expect("a valid URL")
                })),
                year: f.year("year").map(|y| y.value),
                embed_limit: f
                    .number("embed_limit", 1..=MAX_EMBED_LIMIT as i64)
                    .map_or(EMBED_LIMIT, |n| n.value as usize),
                edition: f.text("edition", 100, false).map(|s| s.value),
                updated: f.date("updated").map(|d| d.value),
                language: languages[0].clone(),
                translations: f.translations(&languages, translatable::CALENDAR),
                lang_of: BTreeMap::new(),
                locale: &crate::locale::ENGLISH,
                timezone: f.timezone("timezone").map(|t| t.value),
                footer: f.text("footer", 500, false).map(|s| s.value),
                publisher: f.text("publisher", 200, false).map(|s| s.value),
                publisher_email: read_email(&f, "publisher_email"),
                cname: f.host_name("cname").map(|s| s.value),
                repository: read_repository(&f),
                theme: read_theme(&f),
                tags: read_tags(&f, &languages),
                contacts: read_contacts(&f),
                feeds: read_feeds(&f),
                editions: read_editions(&f, &languages),
                brochure: f.boolean("brochure").is_none_or(|b| b.value),
                languages,
            };
        config.locale = Locale::of(&config.language);
        f.finish();
        (config, errors.into_vec())
    }

    /// The years this calendar's events are expected in: its `year` and the years on
    /// either side (an event of late December, a programme announced early). The one
    /// place that decides it, for editions to widen later.
    pub fn expected_years(&self) -> Option<std::ops::RangeInclusive<i32>> {
        self.year.map(|y| y - 1..=y + 1)
    }

    /// Whether a year is an edition the settings name: the current one or one of `[[editions]]`.
    pub fn names_edition(&self, year: i32) -> bool {
        self.year == Some(year) || self.editions.iter().any(|e| e.year == year)
    }

    /// The same settings in another of the calendar's languages, published under its
    /// code: `base_url` ends with `<code>/`, so that every address of its pages and feeds
    /// (and nothing else) moves there. An event's UID, made from the host, stays the same.
    pub fn in_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        let mut url = self.base_url.0.clone();
        url.set_path(&format!("{}{}", self.base_url.path(), self.folder(code)));
        config.base_url = BaseUrl::new(url);
        config.language = code.to_string();
        config.locale = Locale::of(code);
        config
    }

    /// The path of the whole site (of its default language), whatever language this is.
    pub fn site_path(&self) -> &str {
        let path = self.base_url.path();
        path.strip_suffix(&self.folder(&self.language)).unwrap_or(path)
    }

    /// Where a language's pages go, relative to the site's root: the root itself for the
    /// default language (the first of `languages`), so that its addresses never change,
    /// and a folder named by its code (`fr/`) for another. The one place that decides it.
    pub fn folder(&self, code: &str) -> String {
        match self.languages.first() {
            Some(default) if default != code => format!("{code}/"),
            _ => String::new(),
        }
    }

    /// The way from this language's root back up to the site's, where the theme's files
    /// are: `../` out of a language's [`Config::folder`], else nothing.
    pub fn up(&self) -> &'static str {
        if self.folder(&self.language).is_empty() { "" } else { "../" }
    }

    /// The tag with this id.
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }
}

/// The keys of `calendar.toml`'s top level, which may be written only above its first table.
/// `[[editions]]` takes the keys after the first two, so that only those two are misplaced there.
const TOP_LEVEL: &[&str] = &[
    "title",
    "base_url",
    "year",
    "subtitle",
    "edition",
    "updated",
    "embed_limit",
    "language",
    "languages",
    "timezone",
    "footer",
    "publisher",
    "cname",
    "theme",
    "repository",
    "branch",
    "brochure",
];

/// How many events `embed.html` lists when `embed_limit` is not set: a month or two of a
/// busy calendar, about 15 KB, for a page that other sites load whole.
pub const EMBED_LIMIT: usize = 30;

/// The most `embed_limit` takes: about 250 KB of list.
pub const MAX_EMBED_LIMIT: usize = 500;

/// The most languages a calendar is published in: each is a whole site more.
pub const MAX_LANGUAGES: usize = 12;

/// Folders of the site beside which each language's folder goes, which no language code
/// may take.
const SITE_FOLDERS: &[&str] = &["events", "tags"];

/// `languages`: well-formed BCP 47 tags (each names a folder of the site, and no folder the
/// site has already), each once, at most [`MAX_LANGUAGES`].
fn read_languages(f: &Fields<'_, '_>) -> Vec<String> {
    let expected = "a list of language codes such as [\"en\", \"fr\", \"es\"]";
    let mut codes: Vec<String> = Vec::new();
    let written = f.strings("languages", expected).unwrap_or_default();
    if let Some(past) = written.get(MAX_LANGUAGES) {
        let problem =
            ValueProblem::TooMany { key: "languages", count: written.len(), max: MAX_LANGUAGES };
        f.report(past.span.clone(), problem);
        return codes;
    }
    for code in written {
        if !is_language_tag(&code.value) {
            f.report(code.span, ValueProblem::BadLanguage { code: code.value });
        } else if SITE_FOLDERS.iter().any(|folder| folder.eq_ignore_ascii_case(&code.value)) {
            f.report(code.span, ValueProblem::LanguageIsAFolder { code: code.value });
        // `fr` and `FR` would be one folder where names ignore case (macOS, Windows).
        } else if !codes.iter().any(|c| c.eq_ignore_ascii_case(&code.value)) {
            codes.push(code.value);
        }
    }
    codes
}

/// Whether `code` is a well-formed BCP 47 tag short enough to name a folder and a page's
/// `lang`: `fr`, `pt-BR`.
pub fn is_language_tag(code: &str) -> bool {
    code.len() <= 35
        && oxilangtag::LanguageTag::parse(code).is_ok()
        && code.as_bytes()[0].is_ascii_alphabetic()
}

/// `repository` and `branch`: a `branch` without `repository` is read (and checked) but
/// links nowhere.
fn read_repository(f: &Fields<'_, '_>) -> Option<Repository> {
    let branch = f.text("branch", 255, false).and_then(|b| {
        // A name git accepts for a branch, and that an address carries whole.
        let ok = !b.value.is_empty()
            && !b.value.starts_with(['-', '/'])
            && !b.value.ends_with(['/', '.'])
            && !b.value.contains("..")
            && !b.value.chars().any(|c| c.is_whitespace() || "~^:?*[\\".contains(c));
        if !ok {
            f.report(b.span, ValueProblem::BadBranch { text: b.value });
            return None;
        }
        Some(b.value)
    });
    let written = f.text("repository", 200, false)?;
    let Some((owner, name)) = Repository::parse(&written.value) else {
        f.report(written.span, ValueProblem::BadRepository { text: written.value });
        return None;
    };
    Some(Repository {
        owner,
        name,
        branch: branch.unwrap_or_else(|| "main".into()),
        folder: String::new(),
    })
}

/// The theme's folder name; a slug, so that it can never point outside `themes/`.
fn read_theme(f: &Fields<'_, '_>) -> String {
    f.slug("theme").map_or_else(|| "default".into(), |t| t.value)
}

fn read_tags(f: &Fields<'_, '_>, languages: &[String]) -> Vec<Tag> {
    let tables = f.tables("tags");
    if tables.is_empty() {
        return builtin_tags_in(languages);
    }
    let mut tags: Vec<Tag> = Vec::new();
    for t in tables {
        let id = if t.require("id", "id = \"diplomacy\"") { t.slug("id") } else { None };
        let label = t.required_text("label", "label = \"Urban diplomacy events\"", 100, false);
        let colour = t.string("colour").and_then(|c| {
            if is_hex_colour(&c.value) {
                Some(c.value)
            } else {
                t.report(c.span, ValueProblem::BadColour { text: c.value });
                None
            }
        });
        let description = t.text("description", 1000, false).map(|d| d.value);
        let translations = t.translations(languages, translatable::TAG);
        if let Some(id) = id.as_ref().filter(|id| tags.iter().any(|t| t.id == id.value)) {
            t.report(id.span.clone(), ContentProblem::DuplicateTag { id: id.value.clone() });
        }
        t.misplaced(TOP_LEVEL, "[[tags]]");
        t.finish();
        // A tag whose label is wrong (and reported) still exists for the events naming it.
        let Some(id) = id else {
            continue;
        };
        let label = label.unwrap_or_else(|| id.clone());
        let mut tag = Tag {
            id: id.value,
            label: label.value,
            colour,
            description,
            translations,
            lang_of: BTreeMap::new(),
        };
        with_builtin_labels(&mut tag, languages);
        match tags.iter_mut().find(|existing| existing.id == tag.id) {
            Some(existing) => *existing = tag,
            None => tags.push(tag),
        }
    }
    tags
}

/// An e-mail address: one `@` between a local part and a domain with a dot, nothing that
/// would break a `mailto:` address.
fn read_email(f: &Fields<'_, '_>, key: &'static str) -> Option<String> {
    let email = f.text(key, 254, false)?;
    let value = email.value.trim();
    let plain =
        !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c));
    match value.split_once('@') {
        Some((local, domain))
            if plain && !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
        {
            Some(value.to_string())
        }
        _ => {
            f.report(email.span, ValueProblem::BadEmail { key, text: email.value });
            None
        }
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn read_contacts(f: &Fields<'_, '_>) -> Contacts {
    let Some(c) = f.table("contacts") else {
        return Contacts::default();
    };
    let intro = c.text("intro", 2000, true).map(|s| s.value);
    let people = c
        .tables("people")
        .into_iter()
        .filter_map(|p| {
            let name = p.required_text("name", "name = \"Agnès Bickart\"", 200, false);
            let region = p.text("region", 100, false).map(|s| s.value);
            let email = p.text("email", 254, false).map(|s| s.value);
            p.misplaced(TOP_LEVEL, "[[contacts.people]]");
            p.finish();
            Some(Contact { name: name?.value, region, email })
        })
        .collect();
    c.misplaced(TOP_LEVEL, "[contacts]");
    c.finish();
    Contacts { intro, people }
}

fn read_editions(f: &Fields<'_, '_>, languages: &[String]) -> Vec<EditionTexts> {
    f.tables("editions")
        .into_iter()
        .filter_map(|e| {
            let year = if e.require("year", "year = 2021") { e.year("year") } else { None };
            let texts = EditionTexts {
                year: year?.value,
                subtitle: e.text("subtitle", 500, false).map(|s| s.value),
                edition: e.text("edition", 100, false).map(|s| s.value),
                footer: e.text("footer", 500, false).map(|s| s.value),
                contacts: e.has("contacts").then(|| read_contacts(&e)),
                translations: e.translations(languages, translatable::EDITION),
                lang_of: BTreeMap::new(),
            };
            e.misplaced(&TOP_LEVEL[..2], "[[editions]]");
            e.finish();
            Some(texts)
        })
        .collect()
}

fn read_feeds(f: &Fields<'_, '_>) -> Feeds {
    let mut feeds = Feeds { month_only: MonthOnly::AllMonth };
    let Some(t) = f.table("feeds") else {
        return feeds;
    };
    if let Some(m) = t.string("month_only") {
        match m.value.as_str() {
            "all-month" => feeds.month_only = MonthOnly::AllMonth,
            "omit" => feeds.month_only = MonthOnly::Omit,
            _ => {
                let allowed = &["all-month", "omit"];
                let suggestion = crate::diagnostic::suggest(&m.value, allowed.iter().copied());
                let problem = ValueProblem::NotOneOf {
                    key: "month_only",
                    value: m.value,
                    allowed,
                    suggestion,
                };
                t.report(m.span, problem)
            }
        }
    }
    t.misplaced(TOP_LEVEL, "[feeds]");
    t.finish();
    feeds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<String>> {
        Config::parse(&Source::new("calendar.toml", text)).map_err(|errors| {
            errors.iter().map(|e| format!("{}: {}", e.location(), e.problem)).collect()
        })
    }

    #[test]
    fn minimal_config_has_builtin_tags_and_slashed_base_url() {
        let c = parse("title = \"W\"\nbase_url = \"https://example.github.io/when-and-where\"\n")
            .unwrap();
        assert_eq!(c.base_url.as_str(), "https://example.github.io/when-and-where/");
        assert_eq!(c.base_url.path(), "/when-and-where/");
        assert_eq!(c.base_url.host(), "example.github.io");
        assert_eq!(
            c.base_url.absolute("events/x.ics"),
            "https://example.github.io/when-and-where/events/x.ics"
        );
        assert_eq!(c.tags, builtin_tags());
        assert_eq!(c.language, "en");
        assert_eq!(c.feeds.month_only, MonthOnly::AllMonth);
    }

    /// The tags a new project's `calendar.toml` spells out are the built-in ones, so that
    /// the two lists, written in two places, cannot drift apart.
    #[test]
    fn init_writes_the_builtin_tags() {
        let files = crate::scaffold::project_files("x", 2021, &[]);
        let (_, text) = files.iter().find(|(p, _)| p.ends_with("calendar.toml")).unwrap();
        assert_eq!(parse(text).unwrap().tags, builtin_tags());
    }

    /// A calendar's tags are the ones it declares, in its order; the two of the printed
    /// brochure only when it declares none.
    #[test]
    fn declared_tags_are_the_only_tags() {
        let c = parse(
            "title = \"W\"\nbase_url = \"https://x.org/\"\n[[tags]]\nid = \"diplomacy\"\nlabel = \"Diplomacy\"\n[[tags]]\nid = \"culture\"\nlabel = \"Culture\"\ncolour = \"#abc\"\n",
        )
        .unwrap();
        let ids: Vec<_> = c.tags.iter().map(|t| (t.id.as_str(), t.label.as_str())).collect();
        assert_eq!(ids, [("diplomacy", "Diplomacy"), ("culture", "Culture")]);
    }

    /// The labels of the printed brochure's tags in each built-in language: those of a
    /// calendar that declares no tags, and of one that declares them with a built-in label
    /// and no translation of its own. Each row: the calendar's languages (and tags), a
    /// tag, its label, its French and Spanish labels.
    #[test]
    fn builtin_tags_speak_the_calendar_s_languages() {
        let declared = "[[tags]]\nid = \"diplomacy\"\nlabel = \"Urban diplomacy events\"\n\
                        fr = { label = \"Diplomatie\" }\n[[tags]]\nid = \"capacity-building\"\n\
                        label = \"Training\"\n";
        let cases = [
            (
                "[\"en\", \"fr\", \"es\"]",
                "",
                "diplomacy",
                "Urban diplomacy events",
                Some("Évènements de diplomatie urbaine"),
                Some("Eventos de diplomacia urbana"),
            ),
            (
                "[\"fr\", \"es\"]",
                "",
                "capacity-building",
                "Évènements de renforcement des capacités",
                None,
                Some("Eventos de fortalecimiento de capacidades"),
            ),
            (
                "[\"de\", \"fr\"]",
                "",
                "diplomacy",
                "Urban diplomacy events",
                Some("Évènements de diplomatie urbaine"),
                None,
            ),
            (
                "[\"en\", \"fr\", \"es\"]",
                declared,
                "diplomacy",
                "Urban diplomacy events",
                Some("Diplomatie"),
                Some("Eventos de diplomacia urbana"),
            ),
            ("[\"en\", \"fr\", \"es\"]", declared, "capacity-building", "Training", None, None),
        ];
        for (languages, tags, id, label, fr, es) in cases {
            let text = format!(
                "title = \"W\"\nbase_url = \"https://x.org/\"\nlanguages = {languages}\n{tags}"
            );
            let c = parse(&text).unwrap();
            let tag = c.tag(id).unwrap();
            assert_eq!(tag.label, label, "{languages} {tags}");
            assert_eq!(tag.translations.get("fr", Translatable::Label), fr, "{languages} {tags}");
            assert_eq!(tag.translations.get("es", Translatable::Label), es, "{languages} {tags}");
        }
    }

    #[test]
    fn every_config_problem_is_reported_at_once() {
        let errors = parse(
            "titel = \"W\"\nbase_url = \"ftp://x.org/\"\nyear = \"2021\"\ntimezone = \"Europe/Madird\"\n[[tags]]\nid = \"Bad Id\"\nlabel = \"x\"\ncolour = \"red\"\n[feeds]\nmonth_only = \"skip\"\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "calendar.toml:2:12: `base_url` must be an http:// or https:// address",
                "calendar.toml:3:8: `year` should be a year such as 2021, not text",
                "calendar.toml:4:12: unknown time zone `Europe/Madird`",
                "calendar.toml:6:6: `Bad Id` is not a valid slug",
                "calendar.toml:8:10: `red` is not a colour",
                "calendar.toml:10:14: `month_only` cannot be `skip`",
                "calendar.toml:1:1: unknown key `titel`",
            ]
        );
    }

    #[test]
    fn the_editor_of_a_file_is_under_the_branch_and_the_projects_folder() {
        let repository = |branch: &str, folder: &str| Repository {
            owner: "o".into(),
            name: "r.site".into(),
            branch: branch.into(),
            folder: folder.into(),
        };
        let table = [
            ("main", "", "content/2021/a.toml", "main/content/2021/a.toml"),
            ("release/2027", "", "content/a.toml", "release/2027/content/a.toml"),
            ("main", "site/", "content/a.toml", "main/site/content/a.toml"),
            (
                "main",
                "our calendar/",
                "content/Été 21/a#b?.toml",
                "main/our%20calendar/content/%C3%89t%C3%A9%2021/a%23b%3F.toml",
            ),
        ];
        for (branch, folder, path, expected) in table {
            assert_eq!(
                repository(branch, folder).edit_url(std::path::Path::new(path)),
                format!("https://github.com/o/r.site/edit/{expected}"),
            );
        }
        assert_eq!(
            repository("main", "").propose_url(),
            "https://github.com/o/r.site/issues/new?template=event.yml"
        );
    }
}
