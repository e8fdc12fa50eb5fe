//! Every kind of problem an editor or a command can meet, with its wording and its hint:
//! the "what" of a [`crate::diagnostic::Diagnostic`].

use crate::date::DateErrorKind;

/// Every kind of problem; all wording lives here, in `Display` and [`Problem::help`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A file or folder that could not be read.
    #[error("cannot read this: {message}")]
    Io {
        /// The system's reason.
        message: String,
    },
    /// A file of the site that could not be written.
    #[error("cannot write this: {message}")]
    Write {
        /// The system's reason.
        message: String,
    },
    /// A symbolic link whose target lies outside the project: never read.
    #[error("this is a link to a file or folder outside the project; it is not read")]
    LinkOutside,
    /// A file under `content/` named almost like an event file, which is not read.
    #[error("this file is not read: only files whose names end in `.toml` are events")]
    NotAnEventFile {
        /// The name it would have as an event file.
        suggestion: String,
    },
    /// An event far from the calendar's year: often a year taken from the wrong place.
    #[error("this event is in {year}, but the calendar is of {calendar}")]
    FarFromYear {
        /// The event's year.
        year: i32,
        /// The calendar's `year`.
        calendar: i32,
    },
    /// `whenwhere new` run outside a calendar project.
    #[error("no calendar.toml in this folder")]
    NoConfigForNew,
    /// The project has no `calendar.toml`.
    #[error("no calendar.toml in this folder")]
    NoConfig,
    /// Bytes that are not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    /// The TOML syntax is broken.
    #[error("this is not valid TOML: {message}")]
    Syntax {
        /// The TOML parser's reason.
        message: String,
    },
    /// A value between curly quotes, as word processors write them.
    #[error("this value is between curly quotes (“ ” or ‘ ’); TOML needs straight quotes \"")]
    CurlyQuotes {
        /// The line with straight quotes, when it can be made.
        suggestion: Option<String>,
    },
    /// A comma after a value: a stray one, or a list written without brackets.
    #[error("a comma after the value: a key takes one value{}", if .list.is_some() { ", or a list in brackets" } else { "" })]
    StrayComma {
        /// The line written as a list, when values follow the comma.
        list: Option<String>,
    },
    /// A top-level key written below a table's header, which TOML reads as the table's.
    #[error("`{key}` is written below `{header}`, so it is read as part of that table")]
    KeyAfterTable {
        /// The key.
        key: String,
        /// The header above it, such as `[[tags]]`.
        header: &'static str,
    },
    /// A key the format does not have, often a typo.
    #[error("unknown key `{key}`")]
    UnknownKey {
        /// The key as written, with its table (`contacts.emial`).
        key: String,
        /// The closest known key.
        suggestion: Option<String>,
        /// Every key allowed here.
        allowed: Vec<String>,
    },
    /// A required key is absent.
    #[error("`{key}` is missing")]
    MissingKey {
        /// The key.
        key: String,
        /// An example of the key, written out.
        example: &'static str,
    },
    /// A value of the wrong TOML type.
    #[error("`{key}` should be {expected}, not {found}")]
    WrongType {
        /// The key.
        key: String,
        /// What the key takes, in words.
        expected: &'static str,
        /// What it was given, in words.
        found: &'static str,
    },
    /// A control character, such as a line break in a title.
    #[error("`{key}` contains the control character {code}")]
    ControlCharacter {
        /// The key.
        key: String,
        /// The character as `U+0007`.
        code: String,
    },
    /// A character that silently reorders the text around it (Trojan Source).
    #[error("`{key}` contains {code}, an invisible character that reorders the text around it")]
    BidiControl {
        /// The key.
        key: String,
        /// The character as `U+202E`.
        code: String,
    },
    /// Text longer than anyone reads in that place.
    #[error("`{key}` is {length} characters long; the most is {max}")]
    TooLong {
        /// The key.
        key: String,
        /// Its length in characters.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// A string value that must not be empty.
    #[error("`{key}` is empty")]
    Empty {
        /// The key.
        key: String,
    },
    /// A tag that `calendar.toml` does not define.
    #[error("unknown tag `{tag}`")]
    UnknownTag {
        /// The tag as written.
        tag: String,
        /// The closest defined tag.
        suggestion: Option<String>,
        /// Every defined tag id.
        known: Vec<String>,
    },
    /// The same tag twice in one event.
    #[error("tag `{tag}` is listed twice")]
    RepeatedTag {
        /// The tag.
        tag: String,
    },
    /// An unreadable date expression.
    #[error("{0}")]
    Date(DateErrorKind),
    /// Both `date` and `start` given.
    #[error("both `date` and `start` are given")]
    DateAndStart,
    /// Neither `date` nor `start` given.
    #[error("the event has no date")]
    NoDate,
    /// `end` or `tbc` without `start`.
    #[error("`{key}` needs `start`")]
    NeedsStart {
        /// The key that needs it.
        key: &'static str,
    },
    /// A TOML date-time where a plain date is wanted.
    #[error("`{key}` should be a plain date such as 2021-02-15, without a time")]
    NotPlainDate {
        /// The key.
        key: String,
    },
    /// Two events with one slug would overwrite each other's page.
    #[error("slug `{slug}` is already used by {first}")]
    DuplicateSlug {
        /// The slug.
        slug: String,
        /// Where it was first used (`path:line:col` or a path).
        first: String,
    },
    /// A slug with characters other than lowercase letters, digits and single hyphens.
    #[error("`{slug}` is not a valid slug{}", if *.from_file_name { " (it comes from the file name)" } else { "" })]
    BadSlug {
        /// The slug as written.
        slug: String,
        /// The cleaned form.
        suggestion: String,
        /// The slug was taken from the file name, not from a `slug` key.
        from_file_name: bool,
    },
    /// A slug too long to name a file.
    #[error("the slug is {length} characters long; the most is {max}{}", if *.from_file_name { " (it comes from the file name)" } else { "" })]
    SlugTooLong {
        /// Its length.
        length: usize,
        /// The limit.
        max: usize,
        /// The slug cut between words to the limit.
        suggestion: String,
        /// The slug was taken from the file name, not from a `slug` key.
        from_file_name: bool,
    },
    /// A link that is not an http(s) address.
    #[error("`{key}` must be an http:// or https:// address")]
    BadUrl {
        /// The key.
        key: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// An address with a user name or password, which would be published.
    #[error(
        "`{key}` contains a user name or password, which would be published on every page and feed"
    )]
    UrlCredentials {
        /// The key.
        key: &'static str,
    },
    /// `time` that is not `HH:MM` or `HH:MM-HH:MM`.
    #[error("`{text}` is not a time or time range")]
    BadTime {
        /// The value as written.
        text: String,
    },
    /// A time on a range or month-only date.
    #[error("`time` applies to a single day, but this event's date is {what}")]
    TimeNotOnDay {
        /// `a range of days` or `a month`.
        what: &'static str,
    },
    /// A time without a time zone to read it in.
    #[error("`time` needs a time zone")]
    TimeWithoutZone,
    /// A time that the zone's clocks jump over (a daylight-saving gap).
    #[error("{} does not exist on {} in {}: the clocks go from {} straight to {}", time.format("%H:%M"), day.format("%-d %B %Y"), zone.name(), from.format("%H:%M"), to.format("%H:%M"))]
    TimeInGap {
        /// The time as written.
        time: chrono::NaiveTime,
        /// The event's day.
        day: chrono::NaiveDate,
        /// The zone.
        zone: chrono_tz::Tz,
        /// The first minute of the gap.
        from: chrono::NaiveTime,
        /// The first minute after it.
        to: chrono::NaiveTime,
    },
    /// `timezone` without `time`.
    #[error("`timezone` is given without `time`")]
    ZoneWithoutTime,
    /// A time zone name that the IANA database does not have.
    #[error("unknown time zone `{zone}`")]
    UnknownTimezone {
        /// The zone as written.
        zone: String,
        /// The closest IANA name.
        suggestion: Option<String>,
    },
    /// A year outside what a calendar can mean.
    #[error("{year} is not a year this calendar can use")]
    BadYear {
        /// The year.
        year: i64,
    },
    /// A domain name that is not one, such as `https://x.org/` or one with spaces.
    #[error("`{key}` must be a domain name such as events.example.org, not `{text}`")]
    BadHostName {
        /// The key.
        key: String,
        /// The value as written.
        text: String,
    },
    /// A colour that is not `#rgb` or `#rrggbb`.
    #[error("`{text}` is not a colour")]
    BadColour {
        /// The value as written.
        text: String,
    },
    /// Something that is not an e-mail address.
    #[error("`{text}` is not an e-mail address")]
    BadEmail {
        /// The key.
        key: &'static str,
        /// The value as written.
        text: String,
    },
    /// Two tags with one id.
    #[error("tag `{id}` is defined twice")]
    DuplicateTag {
        /// The id.
        id: String,
    },
    /// A theme template that does not compile or render.
    #[error("template error: {message}")]
    Template {
        /// minijinja's reason.
        message: String,
    },
    /// A template that ran out of fuel: it did far more work than any page needs.
    #[error(
        "this template does more work than any page of this calendar needs (more than {fuel} steps)"
    )]
    TemplateTooMuchWork {
        /// The fuel one page may use.
        fuel: u64,
    },
    /// A template whose page grew past the bound on a page's size.
    #[error(
        "this template makes a page larger than {mib} MiB, far more than any page of this calendar needs"
    )]
    PageTooLarge {
        /// The bound, in MiB.
        mib: u64,
    },
    /// An output folder of files whenwhere did not build (no marker): a folder of the
    /// user's, or a site from before the marker, which only the user can tell apart.
    #[error(
        "`{path}` cannot be the output folder: it holds files that whenwhere did not build, and a build replaces the folder whole"
    )]
    UnmarkedOutput {
        /// The folder given.
        path: String,
    },
    /// The output folder would overwrite or delete the project's own files.
    #[error("`{path}` cannot be the output folder: {reason}")]
    UnsafeOutput {
        /// The folder given.
        path: String,
        /// What it would destroy.
        reason: &'static str,
    },
    /// A value that is not one of a fixed set.
    #[error("`{key}` cannot be `{value}`")]
    NotOneOf {
        /// The key.
        key: &'static str,
        /// The value as written.
        value: String,
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// A language's file of theme words lacks a word the English file has.
    #[error("the {language} words lack `{key}`, which the theme's pages show")]
    MissingString {
        /// The missing key.
        key: String,
        /// The language.
        language: String,
    },
    /// A language code that cannot name a folder of the site.
    #[error("`{code}` is not a language code")]
    BadLanguage {
        /// The code as written.
        code: String,
    },
    /// A language that is not built in, without a file of theme words.
    #[error("no words for the language `{language}`: it is not built in (en, fr, es)")]
    NoStrings {
        /// The language.
        language: String,
    },
    /// A file too large to be an event file or `calendar.toml`, refused unread.
    #[error("the file is {} bytes; the most is {}", thousands(*.size), thousands(*.max))]
    FileTooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Problems of a file beyond the first few, counted but not shown.
    #[error("… and {} more problem{} in this file", thousands(*.errors + *.warnings), if *.errors + *.warnings == 1 { "" } else { "s" })]
    MoreInFile {
        /// Errors not shown.
        errors: usize,
        /// Warnings not shown.
        warnings: usize,
    },
    /// A command-line argument with a problem (`--date "31 Feb"`).
    #[error("{name}{}: {problem}", .value.as_ref().map(|v| format!(" {v:?}")).unwrap_or_default())]
    Argument {
        /// The argument, as `--date` (or `the title`, for `new`'s first argument).
        name: String,
        /// Its value as given, when it helps to repeat it.
        value: Option<String>,
        /// What is wrong with it.
        problem: Box<Problem>,
    },
    /// `init` into a folder that has files.
    #[error("{path} is not empty; give a new folder's name")]
    FolderNotEmpty {
        /// The folder, as given.
        path: String,
    },
    /// `build` of a folder without `calendar.toml`.
    #[error("no calendar project at {path} (no calendar.toml there); nothing was built")]
    NoProject {
        /// The folder, as given.
        path: String,
    },
    /// `init` in a calendar project.
    #[error("{path} is already a calendar project (it has a calendar.toml)")]
    AlreadyProject {
        /// The folder, as given.
        path: String,
    },
    /// `init` in a folder inside a calendar project.
    #[error(
        "{path} is inside the calendar project {project} (it has a calendar.toml); a project cannot hold another: choose a folder outside it"
    )]
    InsideProject {
        /// The folder, as given.
        path: String,
        /// The project holding it.
        project: String,
    },
    /// `new` would overwrite an event file.
    #[error("{path} already exists; edit it, or choose another title")]
    FileExists {
        /// The file, relative to the project.
        path: String,
    },
    /// `new` with a blank title.
    #[error("the title is empty")]
    EmptyTitle,
    /// `new --slug` with a slug that cannot be one.
    #[error("a slug is lowercase letters, digits and hyphens, at most {max} characters")]
    SlugForm {
        /// The longest slug.
        max: usize,
        /// The given slug, cleaned.
        suggestion: String,
    },
    /// `new` for a slug that an event of any year has.
    #[error("an event with the slug `{slug}` exists already: {file}")]
    SlugTaken {
        /// The slug.
        slug: String,
        /// The file that has it.
        file: String,
        /// The new event's year, for a slug that would be free.
        year: String,
    },
    /// `new` with a title that gives no letters or digits for a file name.
    #[error("cannot make a file name from the title {title:?}")]
    NoFileName {
        /// The title.
        title: String,
    },
    /// `serve` cannot take its port.
    #[error("cannot listen on {address}: {message}")]
    Listen {
        /// `127.0.0.1:8000`.
        address: String,
        /// The system's reason.
        message: String,
    },
    /// `serve` cannot watch a folder, so it will not rebuild on changes there.
    #[error("cannot watch {what} for changes ({message}): restart to rebuild")]
    NotWatched {
        /// `the project`, or a folder.
        what: String,
        /// The watcher's reason.
        message: String,
    },
}

impl Problem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Problem::Io { .. }
            | Problem::Write { .. }
            | Problem::Syntax { .. }
            | Problem::RepeatedTag { .. }
            | Problem::Template { .. } => return None,
            Problem::TemplateTooMuchWork { .. } => "look for loops inside loops, or a loop over a very long `range`".into(),
            Problem::PageTooLarge { .. } => "look for a loop that writes the same text again and again".into(),
            Problem::UnsafeOutput { .. } => "build into a folder of its own, such as `public`".into(),
            Problem::UnmarkedOutput { .. } => "if it is a site from an earlier whenwhere, which left no `.whenwhere` file in its sites, delete it once and build again; otherwise give another folder with --output".into(),
            Problem::NoConfig => "run the command in a calendar project, or give its folder: `whenwhere check path/to/calendar`".into(),
            Problem::NoConfigForNew => "run `whenwhere new` in a calendar project, or give its folder: --dir path/to/calendar".into(),
            Problem::NotUtf8 => "save the file as UTF-8 text".into(),
            Problem::MissingString { key, .. } => {
                format!("add `{key} = \"…\"` to this file, translated from the theme's `i18n/en.toml`")
            }
            Problem::BadLanguage { .. } => "write a BCP 47 code such as `fr` or `pt-BR`".into(),
            Problem::NoStrings { language } => format!(
                "add `i18n/{language}.toml` to the project, with the keys of the theme's `i18n/en.toml` translated"
            ),
            Problem::NotAnEventFile { suggestion } => format!("if it is an event, rename it to `{suggestion}`; otherwise move it out of content/"),
            Problem::FarFromYear { .. } => "a date without a year takes the event's `year`, else the year of its folder (content/2021/), else calendar.toml's `year`: write the year in the date, or move the file to the right year's folder".into(),
            Problem::LinkOutside => "copy what it points to into the project, or remove the link".into(),
            Problem::CurlyQuotes { suggestion: Some(s) } => format!("write it as {s} (your word processor may change quotes as you type: edit event files in a plain text editor)"),
            Problem::CurlyQuotes { suggestion: None } => "replace them with straight quotes \"…\" (your word processor may change quotes as you type: edit event files in a plain text editor)".into(),
            Problem::StrayComma { list: Some(list) } => format!("several values need square brackets: {list}"),
            Problem::StrayComma { list: None } => "remove the comma: each line holds one key and its value".into(),
            Problem::KeyAfterTable { header, .. } => format!("move the line above the first `{header}`: every line below a header belongs to it, up to the next header"),
            Problem::UnknownKey { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Problem::UnknownKey { allowed, .. } => format!("allowed here: {}", backticked(allowed)),
            Problem::MissingKey { example, .. } => format!("add a line such as {example}"),
            Problem::WrongType { .. } => return None,
            Problem::Empty { key } => format!("give `{key}` some text, or remove the line"),
            Problem::ControlCharacter { key, .. } => {
                format!("remove it; `{key}` is one line of plain text")
            }
            Problem::BidiControl { .. } => {
                "remove it; right-to-left text needs no such character to show correctly".into()
            }
            Problem::TooLong { key, .. } => {
                format!("shorten `{key}`; longer text belongs in `description`")
            }
            Problem::UnknownTag { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Problem::UnknownTag { known, .. } => format!(
                "tags defined in calendar.toml: {}",
                backticked(known)
            ),
            Problem::Date(kind) => return kind.help(),
            Problem::DateAndStart => "keep one: `date = \"15-22 Feb\"`, or `start = 2021-02-15` with `end`".into(),
            Problem::NoDate => "add a line such as date = \"15-22 Feb\" or start = 2021-02-15".into(),
            Problem::NeedsStart { .. } => "add `start = 2021-02-15`, or use `date` alone".into(),
            Problem::NotPlainDate { .. } => "for a timed event, give the day here and `time = \"09:00-10:30\"` with `timezone`".into(),
            Problem::DuplicateSlug { .. } => "rename one of the files, or give one a different `slug`".into(),
            Problem::BadSlug { suggestion, from_file_name: true, .. } => {
                format!("rename the file to `{suggestion}.toml`, or set slug = \"{suggestion}\"")
            }
            Problem::BadSlug { suggestion, .. } => format!("did you mean `{suggestion}`?"),
            Problem::SlugTooLong { suggestion, from_file_name: true, .. } => {
                format!("rename the file to a shorter name, or set slug = \"{suggestion}\"")
            }
            Problem::SlugTooLong { suggestion, .. } => format!("shorten it, for instance to `{suggestion}`"),
            Problem::BadUrl { reason, .. } => format!("{reason}; write it as https://example.org/page"),
            Problem::UrlCredentials { .. } => "remove the part up to `@`: write it as https://example.org/calendar/".into(),
            Problem::BadTime { .. } => "write `time = \"09:00\"` or `time = \"09:00-10:30\"` (24-hour clock)".into(),
            Problem::TimeNotOnDay { .. } => "give one day in `date`, or remove `time`".into(),
            Problem::TimeWithoutZone => "add `timezone = \"Europe/Madrid\"` (an IANA name) to the event, or `timezone` to calendar.toml".into(),
            Problem::TimeInGap { from, to, .. } => format!(
                "write a time before {} or from {} on (local time that day)",
                from.format("%H:%M"),
                to.format("%H:%M")
            ),
            Problem::ZoneWithoutTime => "add `time = \"09:00-10:30\"`, or remove `timezone`".into(),
            Problem::UnknownTimezone { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Problem::UnknownTimezone { .. } => "use an IANA name such as `Europe/Madrid`, `America/Mexico_City` or `UTC`".into(),
            Problem::BadYear { .. } => "write a four-digit year such as 2021".into(),
            Problem::BadHostName { .. } => "write the domain alone: letters, digits, hyphens and dots, without https:// or a path".into(),
            Problem::BadColour { .. } => "write a hex colour such as \"#c8102e\"".into(),
            Problem::BadEmail { key, .. } => format!("write one address, such as {key} = \"events@example.org\""),
            Problem::DuplicateTag { .. } => "remove one of the two definitions".into(),
            Problem::NotOneOf { allowed, .. } => format!("use one of {}", backticked(allowed)),
            // On the command line, the zone is an option, not a key.
            Problem::Argument { problem, .. } if **problem == Problem::TimeWithoutZone => {
                "add --timezone Europe/Madrid (an IANA name), or set `timezone` in calendar.toml".into()
            }
            Problem::Argument { problem, .. } => return problem.help(),
            Problem::SlugForm { suggestion, .. } => format!("write --slug {suggestion}"),
            Problem::SlugTaken { slug, year, .. } => format!("edit that file, or give this event another slug: --slug {slug}-{year}"),
            Problem::NoFileName { .. } => "give one with --slug, such as --slug annual-forum".into(),
            Problem::NoProject { .. } => "give the folder that holds calendar.toml: whenwhere build path/to/calendar, or make a new project with whenwhere init".into(),
            Problem::FileTooLarge { .. } => "no event needs this much: a description holds at most 20,000 characters".into(),
            Problem::MoreInFile { .. }
            | Problem::FolderNotEmpty { .. }
            | Problem::AlreadyProject { .. }
            | Problem::InsideProject { .. }
            | Problem::FileExists { .. }
            | Problem::EmptyTitle
            | Problem::NotWatched { .. } => return None,
            Problem::Listen { .. } => {
                "choose another port with --port, or --port 0 for any free one".into()
            }
        })
    }
}

fn backticked<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("`{}`", s.as_ref())).collect::<Vec<_>>().join(", ")
}

/// A count with thousands separated, as English readers write it (`3,998`).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}
