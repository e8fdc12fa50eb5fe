//! Files written for editors: a new calendar project (`init`) and a new event (`new`).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date;
use crate::diagnostic::{CommandProblem, ContentProblem, Diagnostic, Problem, suggest};
use crate::issue_form;
use crate::locale::Locale;
use crate::slug;
use crate::theme;

/// The GitHub Pages workflow of a new project: like this repository's own, but installing
/// a release of `whenwhere` with the GitHub Action instead of building it from source.
const PAGES_WORKFLOW: &str = include_str!("../scaffold/pages.yml");

/// The workflow of a new project that checks every pull request and uploads a preview.
const CHECK_WORKFLOW: &str = include_str!("../scaffold/check.yml");

/// The workflow of a new project that turns an issue made with the issue form into a pull
/// request with the event's file.
const PROPOSE_WORKFLOW: &str = include_str!("../scaffold/propose.yml");

/// A new project's `calendar.toml`, every line explained.
const CALENDAR: &str = include_str!("../scaffold/calendar.toml");

/// The GitHub Action that the workflows of a new project use, pinned to this very release:
/// `owner/name@vX.Y.Z`, from Cargo.toml's `repository` and `version`.
pub fn action_ref() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let repository = repository.strip_prefix("https://github.com/").unwrap_or(repository);
    format!("{}@v{}", repository.trim_end_matches('/'), env!("CARGO_PKG_VERSION"))
}

/// The calendar project that holds `dir`, if any: the nearest folder, `dir` itself or one
/// above it, with a `calendar.toml`. The search stops below the home folder and the system's
/// temporary folder: neither is a project, and a stray `calendar.toml` left in one would
/// otherwise forbid `init` everywhere under it.
fn enclosing_project(dir: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(dir).ok()?;
    // The nearest folder that exists, with its symbolic links and `..` resolved, so that
    // the folders above it are the real ones.
    let existing = absolute.ancestors().find_map(|a| a.canonicalize().ok())?;
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
    let ceilings: Vec<PathBuf> = [home.map(PathBuf::from), Some(std::env::temp_dir())]
        .into_iter()
        .flatten()
        .filter_map(|c| c.canonicalize().ok())
        .collect();
    existing
        .ancestors()
        .take_while(|a| !ceilings.iter().any(|c| c == a))
        .find(|a| a.join("calendar.toml").is_file())
        .map(Path::to_path_buf)
}

/// The example event of a new project.
const EXAMPLE_EVENT: &str = r#"# An example event: copy this file to add one, or run `whenwhere new "Title" --date "…"`.
title = "Annual Retreat & Campus"
date = "15-22 Feb"            # also: "16 Feb", "31 Aug - 2 Sep", "(tbc) Apr"
tags = ["diplomacy"]
location = "Guangzhou, China"
url = "https://example.org/retreat"
description = """
A week of *exchange* between cities. Markdown works here.
"""
"#;

/// A TOML basic string, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// What a new project says in each built-in language: its subtitle (`@YEAR@` the year);
/// the two built-in tags' labels are [`crate::config::builtin_label`]'s.
struct Words {
    /// The language's code, as [`Locale::built_in`] names it.
    code: &'static str,
    /// Its name, for the comments of the file.
    name: &'static str,
    subtitle: &'static str,
}

impl Words {
    /// The label of a tag of the printed brochure in this language.
    fn tag(&self, id: &str) -> &'static str {
        crate::config::builtin_label(id, self.code).unwrap_or_default()
    }
}

const WORDS: [Words; 3] = [
    Words { code: "en", name: "English", subtitle: "Events worth attending in @YEAR@" },
    Words { code: "fr", name: "French", subtitle: "Des évènements à ne pas manquer en @YEAR@" },
    Words { code: "es", name: "Spanish", subtitle: "Eventos que no hay que perderse en @YEAR@" },
];

/// The built-in words of a language (`fr-CA` has French's), if it has any.
fn words(code: &str) -> Option<&'static Words> {
    let locale = Locale::built_in(code)?;
    WORDS.iter().find(|w| w.code == locale.code)
}

/// A new project's `calendar.toml` in `languages` (the default first; none is English
/// alone): the template's placeholders of languages filled in, those of the project
/// (`@TITLE@`, `@YEAR@`, `@SLUG@`) left for [`project_files`].
fn calendar_template(languages: &[String]) -> String {
    let default = languages.first().map_or("en", String::as_str);
    let top = words(default).unwrap_or(&WORDS[0]);
    let others = languages.get(1..).unwrap_or_default();
    let language = if others.is_empty() {
        format!(
            "# The language of the pages, as a language tag: \"en\", \"fr\", \"es\".\nlanguage = {}",
            quoted(default)
        )
    } else {
        let listed: Vec<String> = languages.iter().map(|c| quoted(c)).collect();
        let code = &others[0];
        format!(
            "# The languages of the site, the default first. The default's pages are at the site's\n\
             # root, each other language's under its code ({code}/); its texts come from its table\n\
             # below ([{code}]) and from the tags' `{code} = {{ label = \"…\" }}` lines.\nlanguages = [{}]",
            listed.join(", ")
        )
    };
    let mut tables = String::new();
    let (mut diplomacy, mut capacity) = (String::new(), String::new());
    if !others.is_empty() {
        diplomacy.push_str(
            "# Its name in the other languages; a language without a line shows the name above.\n",
        );
    }
    for code in others {
        let named = words(code).map_or(format!("`{code}`"), |w| format!("{} ({code})", w.name));
        match words(code) {
            Some(w) => {
                tables.push_str(&format!(
                    "# The calendar's texts in {named}: any text above may be translated here; what\n\
                     # is not is shown in the default language.\n[{code}]\ntitle = @TITLE@\nsubtitle = {}\n\n",
                    quoted(w.subtitle)
                ));
                diplomacy
                    .push_str(&format!("{code} = {{ label = {} }}\n", quoted(w.tag("diplomacy"))));
                capacity.push_str(&format!(
                    "{code} = {{ label = {} }}  # its name in {}\n",
                    quoted(w.tag("capacity-building")),
                    w.name
                ));
            }
            None => tables.push_str(&format!(
                "# The calendar's texts in {named}: any text above may be translated here (add\n\
                 # `subtitle = \"…\"`); what is not is shown in the default language. The words\n\
                 # of the pages in {named} are in i18n/{code}.toml.\n[{code}]\ntitle = @TITLE@\n\n"
            )),
        }
    }
    CALENDAR
        .replacen("@LANGUAGE@", &language, 1)
        .replacen("@TABLES@", &tables, 1)
        .replacen("@SUBTITLE@", &quoted(top.subtitle), 1)
        .replacen("@DIPLOMACY@", &quoted(top.tag("diplomacy")), 1)
        .replacen("@DIPLOMACY_IN@", &diplomacy, 1)
        .replacen("@CAPACITY@", &quoted(top.tag("capacity-building")), 1)
        .replacen("@CAPACITY_IN@", &capacity, 1)
}

/// The words of the theme's pages for a language that is not built in: the English file's
/// every key and comment, under a header that says what to do with them, so that the
/// project builds at once, in English words until they are translated.
fn words_to_translate(code: &str) -> String {
    let english = theme::built_in_file("i18n/en.toml").unwrap_or_default();
    let english = String::from_utf8_lossy(english);
    // The English file's own header speaks of the theme; the keys start after it.
    let body = english.split_once("\n\n").map_or(&*english, |(_, body)| body);
    format!(
        "# The words of the pages in `{code}`, to translate: write each text between the quotes\n\
         # in `{code}`, keeping the key before the `=` as it is. Until then the pages in `{code}`\n\
         # show these English words. The comment above each says where it shows; `%n`,\n\
         # `%hours` and `%zone` are filled in by the program: keep them.\n\n{body}"
    )
}

/// The files of a new project named `name` (its folder's name) for `year` in `languages`
/// (the default first; none is English alone), relative to its folder: what `init` writes.
pub fn project_files(name: &str, year: i32, languages: &[String]) -> Vec<(PathBuf, String)> {
    let site_slug = slug::slugify(name);
    let site_slug = if site_slug.is_empty() { "calendar".to_string() } else { site_slug };
    // The title last: a folder's name is free text, and could hold a placeholder.
    let calendar = calendar_template(languages)
        .replace("@SLUG@", &site_slug)
        .replace("@YEAR@", &year.to_string())
        .replace("@TITLE@", &quoted(name));
    let action = action_ref();
    let workflows = Path::new(".github").join("workflows");
    let mut files = vec![
        (PathBuf::from("calendar.toml"), calendar),
        (
            Path::new("content").join(year.to_string()).join("annual-retreat.toml"),
            EXAMPLE_EVENT.into(),
        ),
        (PathBuf::from(".gitignore"), "/public/\n".to_string()),
        (workflows.join("pages.yml"), PAGES_WORKFLOW.replace("__WHENWHERE_ACTION__", &action)),
        (workflows.join("check.yml"), CHECK_WORKFLOW.replace("__WHENWHERE_ACTION__", &action)),
    ];
    let language = languages.first().map_or("en", String::as_str);
    let propose = PROPOSE_WORKFLOW.replace("__WHENWHERE_ACTION__", &action);
    files.push((workflows.join("propose.yml"), issue_form::workflow(&propose, language)));
    // The form's checkboxes are the tags of the calendar.toml written above, as read.
    let tags = Config::parse(&crate::diagnostic::Source::new("calendar.toml", files[0].1.as_str()))
        .map_or_else(|_| crate::config::builtin_tags(), |c| c.tags);
    files.push((PathBuf::from(issue_form::PATH), issue_form::form(&tags, language)));
    for code in languages.iter().filter(|c| Locale::built_in(c).is_none()) {
        files.push((Path::new("i18n").join(format!("{code}.toml")), words_to_translate(code)));
    }
    files
}

/// Creates a calendar project in `dir`, which must not exist or be empty, and must not be
/// inside another project; returns the files written, relative to `dir`.
/// `languages` (the default first; none is English alone) sets the calendar's languages.
pub fn init(dir: &Path, year: i32, languages: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let path = crate::diagnostic::display_path(dir);
    if let Some(project) = enclosing_project(dir) {
        return Err(Diagnostic::command(
            if project.canonicalize().ok() == dir.canonicalize().ok() {
                CommandProblem::AlreadyProject { path }
            } else {
                CommandProblem::InsideProject {
                    path,
                    project: crate::diagnostic::display_path(&project),
                }
            },
        ));
    }
    let read = |e| Diagnostic::unreadable(dir, e);
    if dir.exists() && std::fs::read_dir(dir).map_err(read)?.next().is_some() {
        return Err(Diagnostic::command(CommandProblem::FolderNotEmpty { path }));
    }
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|c| c.join(dir)))
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "calendar".into());
    let files = project_files(&name, year, languages);
    for (path, text) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::unwritable(parent, e))?;
        }
        std::fs::write(&full, text).map_err(|e| Diagnostic::unwritable(&full, e))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// What `whenwhere new` is asked to write.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// The title; the slug is made from it.
    pub title: String,
    /// A date expression, checked with the real grammar.
    pub date: String,
    /// Tag ids, checked against `calendar.toml`.
    pub tags: Vec<String>,
    /// Where.
    pub location: Option<String>,
    /// The slug to use instead of the one made from the title.
    pub slug: Option<String>,
    /// Hours on the event's day: `09:00` or `09:00-10:30`.
    pub time: Option<String>,
    /// The IANA zone of `time`, when the calendar has none or another applies.
    pub timezone: Option<String>,
    /// The event's link.
    pub url: Option<String>,
    /// Markdown text.
    pub description: Option<String>,
    /// `in-person`, `online` or `hybrid`, as the issue form's dropdown gives it.
    pub attendance: Option<String>,
    /// Where the fields come from, which problems name them by.
    pub origin: Origin,
}

/// Where a new event's fields come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// `new`'s arguments: a problem names the option (`--date`).
    #[default]
    CommandLine,
    /// An issue's body (`new --from-issue-form`) written with the form in this language:
    /// a problem names the form's field ("Date").
    IssueForm(&'static str),
}

impl Origin {
    /// How a problem names what gave the value of `key`.
    fn name(self, key: &str) -> String {
        match (self, key) {
            (Origin::CommandLine, "title") => "the title".into(),
            (Origin::CommandLine, key) => format!("--{key}"),
            (Origin::IssueForm(language), key) => format!("“{}”", issue_form::label(language, key)),
        }
    }
}

/// Writes `content/<year>/<slug>.toml` for a new event, never over an existing file nor
/// with a slug that an event of any year has (`taken`: each slug in use, with its file);
/// returns its path relative to the project, and the warnings `check` will give it (a
/// date that could be read two ways).
pub fn new_event(
    root: &Path,
    config: &Config,
    new: &NewEvent,
    taken: &HashMap<String, PathBuf>,
) -> Result<(PathBuf, Vec<Diagnostic>), Diagnostic> {
    let argument = |name: &str, value: Option<&str>, problem: Problem| {
        Diagnostic::command(CommandProblem::Argument {
            name: name.to_string(),
            value: value.map(str::to_string),
            problem: Box::new(problem),
        })
    };
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::command(CommandProblem::EmptyTitle));
    }
    let slug = match &new.slug {
        Some(given) if !slug::is_valid(given) || given.len() > slug::MAX_LEN => {
            let suggestion = slug::shorten(&slug::slugify(given));
            let problem = CommandProblem::SlugForm { max: slug::MAX_LEN, suggestion };
            return Err(argument("--slug", Some(given), problem.into()));
        }
        Some(given) => given.clone(),
        None => slug::shorten(&slug::slugify(title)),
    };
    if slug.is_empty() {
        return Err(Diagnostic::command(CommandProblem::NoFileName { title: title.to_string() }));
    }
    let parsed = date::parse(&new.date, config.year)
        .map_err(|e| argument(&new.origin.name("date"), Some(&new.date), e.kind.into()))?;
    for tag in &new.tags {
        if config.tag(tag).is_none() {
            let known: Vec<String> = config.tags.iter().map(|t| t.id.clone()).collect();
            let problem = ContentProblem::UnknownTag {
                tag: tag.clone(),
                suggestion: suggest(tag, known.iter().map(String::as_str)),
                known,
            };
            return Err(argument(&new.origin.name("tag"), None, problem.into()));
        }
    }
    let year = parsed.when.first_day().format("%Y").to_string();
    if let Some(file) = taken.get(&slug) {
        let file = crate::diagnostic::display_path(file);
        return Err(Diagnostic::command(CommandProblem::SlugTaken { slug, file, year }));
    }
    let file_name = format!("{slug}.toml");
    let rel = Path::new("content").join(&year).join(&file_name);
    let mut text = format!("title = {}\ndate = {}\n", quoted(title), quoted(new.date.trim()));
    let tags: Vec<String> = new.tags.iter().map(|t| quoted(t)).collect();
    text.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    let optional = [
        ("location", &new.location),
        ("time", &new.time),
        ("timezone", &new.timezone),
        ("url", &new.url),
        ("description", &new.description),
        ("attendance", &new.attendance),
    ];
    for (key, value) in optional {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            text.push_str(&format!("{key} = {}\n", quoted(value.trim())));
        }
    }
    let warnings = check_as_written(&rel, &text, config, new.origin)?;
    let full = root.join(&rel);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::unwritable(parent, e))?;
    }
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&full).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                let path = crate::diagnostic::display_path(&rel);
                Diagnostic::command(CommandProblem::FileExists { path })
            } else {
                Diagnostic::unwritable(&full, e)
            }
        })?;
    file.write_all(text.as_bytes()).map_err(|e| Diagnostic::unwritable(&full, e))?;
    Ok((rel, warnings))
}

/// Reads the new file as `check` will, so that what `new` writes always passes: the
/// time, its zone and the text are checked by the event reader itself. The problem is
/// told of the option that gave the line, not of the file, which does not exist yet; the
/// warnings are the file's, as `check` will show them.
fn check_as_written(
    rel: &Path,
    text: &str,
    config: &Config,
    origin: Origin,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let ctx = crate::event::Context {
        year: config.year,
        tags: &config.tags,
        timezone: config.timezone,
        languages: &config.languages,
    };
    let src = crate::diagnostic::Source::new(rel, text);
    let errors = match crate::event::Event::read(&src, &ctx) {
        Ok((_, warnings)) => return Ok(warnings),
        Err(errors) => errors,
    };
    let Some(first) = errors.into_iter().next() else { return Ok(Vec::new()) };
    // The line's start names the key (the new file's lines are short: never cut).
    let line = first.excerpt.as_ref().map_or("", |e| e.text.as_str());
    let name = origin.name(line.split(" = ").next().unwrap_or_default());
    Err(Diagnostic::command(CommandProblem::Argument { name, value: None, problem: first.problem }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    /// A problem of `new` as the command prints it.
    fn shown(problem: Diagnostic) -> String {
        crate::report::human(&[problem])
    }

    fn config() -> Config {
        Config::parse(&Source::new(
            "calendar.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n",
        ))
        .unwrap()
    }

    /// Every placeholder is filled whatever the languages, and what a language's words
    /// are comes from the words of that language, the default's at the top level.
    #[test]
    fn every_placeholder_of_the_calendar_is_filled() {
        let codes = |list: &str| list.split(',').map(String::from).collect::<Vec<_>>();
        for list in ["en", "en,fr,es", "fr,en", "en,de", "es,fr-CA,de"] {
            let (_, calendar) = project_files("Cal", 2026, &codes(list)).swap_remove(0);
            assert!(!calendar.contains('@'), "{list}: {calendar}");
            let config = Config::parse(&Source::new("calendar.toml", calendar.as_str()));
            assert!(config.is_ok(), "{list}: {calendar}");
        }
        let (_, calendar) = project_files("Cal", 2026, &codes("fr,en")).swap_remove(0);
        assert!(calendar.contains("\nlabel = \"Évènements de diplomatie urbaine\"\n"));
        assert!(calendar.contains("\nen = { label = \"Urban diplomacy events\" }\n"));
        let files = project_files("Cal", 2026, &codes("en,fr,de"));
        let words: Vec<&PathBuf> =
            files.iter().map(|(p, _)| p).filter(|p| p.starts_with("i18n")).collect();
        assert_eq!(words, [&Path::new("i18n").join("de.toml")]);
    }

    #[test]
    fn new_event_file_round_trips_through_the_loader() {
        let dir = tempfile::tempdir().unwrap();
        let new = NewEvent {
            title: "São Paulo \"Forum\"".into(),
            date: "15-22 Feb".into(),
            tags: vec!["diplomacy".into()],
            location: Some("São Paulo, Brazil".into()),
            ..Default::default()
        };
        let (rel, _) = new_event(dir.path(), &config(), &new, &HashMap::new()).unwrap();
        assert_eq!(rel, Path::new("content/2021/sao-paulo-forum.toml"));
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert_eq!(
            text,
            "title = 'São Paulo \"Forum\"'\ndate = \"15-22 Feb\"\ntags = [\"diplomacy\"]\nlocation = \"São Paulo, Brazil\"\n"
        );
        let tags = crate::config::builtin_tags();
        let ctx =
            crate::event::Context { year: Some(2021), tags: &tags, timezone: None, languages: &[] };
        let event = crate::event::Event::parse(&Source::new(rel.clone(), text), &ctx).unwrap();
        assert_eq!(
            (event.title.as_str(), event.slug.as_str()),
            ("São Paulo \"Forum\"", "sao-paulo-forum")
        );
        let again = new_event(dir.path(), &config(), &new, &HashMap::new()).unwrap_err();
        assert_eq!(
            shown(again),
            "error: content/2021/sao-paulo-forum.toml already exists; edit it, or choose another title\n"
        );
    }

    #[test]
    fn new_event_checks_date_and_tags_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let bad_date = NewEvent { title: "A".into(), date: "31 Feb".into(), ..Default::default() };
        assert_eq!(
            shown(new_event(dir.path(), &config(), &bad_date, &HashMap::new()).unwrap_err()),
            "error: --date \"31 Feb\": there is no 31 February in 2021\n  = help: February 2021 has 28 days\n"
        );
        let bad_tag = NewEvent {
            title: "A".into(),
            date: "1 Feb".into(),
            tags: vec!["diplomcy".into()],
            ..Default::default()
        };
        assert_eq!(
            shown(new_event(dir.path(), &config(), &bad_tag, &HashMap::new()).unwrap_err()),
            "error: --tag: unknown tag `diplomcy`\n  = help: did you mean `diplomacy`?\n"
        );
        assert!(!dir.path().join("content").exists(), "nothing is written on error");
    }
}
