//! Problems of the keys and values of an event file, `calendar.toml` or a tag, one at a
//! time: a key unknown, missing or out of place, a value of the wrong type or form.

use super::backticked;

/// A key or value that is not what its place takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueProblem {
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
    /// U+FFFE or U+FFFF, which no text holds and XML refuses.
    #[error("`{key}` contains {code}, which is not a character")]
    NonCharacter {
        /// The key.
        key: String,
        /// The character as `U+FFFE`.
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
    /// A TOML date-time where a plain date is wanted.
    #[error("`{key}` should be a plain date such as 2021-02-15, without a time")]
    NotPlainDate {
        /// The key.
        key: String,
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
    /// A `repository` that is not a GitHub repository's address.
    #[error(
        "`repository` must be a GitHub repository's address, https://github.com/OWNER/REPO, not `{text}`"
    )]
    BadRepository {
        /// The value as written.
        text: String,
    },
    /// A `branch` that git would not take as a branch's name.
    #[error("`{text}` is not a branch's name")]
    BadBranch {
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
    /// A value that is not one of a fixed set.
    #[error("`{key}` cannot be `{value}`")]
    NotOneOf {
        /// The key.
        key: &'static str,
        /// The value as written.
        value: String,
        /// The allowed values.
        allowed: &'static [&'static str],
        /// The allowed value closest to it, if one is close.
        suggestion: Option<String>,
    },
    /// A language code that cannot name a folder of the site.
    #[error("`{code}` is not a language code")]
    BadLanguage {
        /// The code as written.
        code: String,
    },
    /// A language code that is also the name of a folder of the site (`events`).
    #[error("`{code}` is the name of a folder of the site, so it cannot be a language's folder")]
    LanguageIsAFolder {
        /// The code as written.
        code: String,
    },
    /// A list longer than any calendar needs, which would multiply what a build writes.
    #[error("`{key}` lists {} items; the most is {max}", super::thousands(*.count))]
    TooMany {
        /// The key.
        key: &'static str,
        /// How many it lists.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A whole number outside what its key takes.
    #[error("`{key}` should be a whole number from {min} to {max}, not {value}")]
    OutOfRange {
        /// The key.
        key: String,
        /// The number as written (saturated when beyond 64 bits).
        value: i64,
        /// The least it takes.
        min: i64,
        /// The most it takes.
        max: i64,
    },
}

impl ValueProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::WrongType { .. } => return None,
            Self::KeyAfterTable { header, .. } => format!("move the line above the first `{header}`: every line below a header belongs to it, up to the next header"),
            Self::UnknownKey { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Self::UnknownKey { allowed, .. } => format!("allowed here: {}", backticked(allowed)),
            Self::MissingKey { example, .. } => format!("add a line such as {example}"),
            Self::ControlCharacter { key, .. } => {
                format!("remove it; `{key}` is one line of plain text")
            }
            Self::NonCharacter { .. } => {
                "remove it: it shows as nothing, and XML (the Atom feed) refuses it".into()
            }
            Self::BidiControl { .. } => {
                "remove it; right-to-left text needs no such character to show correctly".into()
            }
            Self::TooLong { key, .. } => {
                format!("shorten `{key}`; longer text belongs in `description`")
            }
            Self::Empty { key } => format!("give `{key}` some text, or remove the line"),
            Self::NotPlainDate { .. } => "for a timed event, give the day here and `time = \"09:00-10:30\"` with `timezone`".into(),
            Self::BadSlug { suggestion, from_file_name: true, .. } => {
                format!("rename the file to `{suggestion}.toml`, or set slug = \"{suggestion}\"")
            }
            Self::BadSlug { suggestion, .. } => format!("did you mean `{suggestion}`?"),
            Self::SlugTooLong { suggestion, from_file_name: true, .. } => {
                format!("rename the file to a shorter name, or set slug = \"{suggestion}\"")
            }
            Self::SlugTooLong { suggestion, .. } => format!("shorten it, for instance to `{suggestion}`"),
            Self::BadUrl { reason, .. } => format!("{reason}; write it as https://example.org/page"),
            Self::UrlCredentials { .. } => "remove the part up to `@`: write it as https://example.org/calendar/".into(),
            Self::UnknownTimezone { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Self::UnknownTimezone { .. } => "use an IANA name such as `Europe/Madrid`, `America/Mexico_City` or `UTC`".into(),
            Self::BadYear { .. } => "write a four-digit year such as 2021".into(),
            Self::BadHostName { .. } => "write the domain alone: letters, digits, hyphens and dots, without https:// or a path".into(),
            Self::BadRepository { .. } => "write the address of the repository's page on GitHub, such as repository = \"https://github.com/example/events\"".into(),
            Self::BadBranch { .. } => "write the branch the site is published from, such as branch = \"main\"".into(),
            Self::BadColour { .. } => "write a hex colour such as \"#c8102e\"".into(),
            Self::BadEmail { key, .. } => format!("write one address, such as {key} = \"events@example.org\""),
            Self::NotOneOf { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Self::NotOneOf { allowed, .. } => format!("use one of {}", backticked(allowed)),
            Self::BadLanguage { .. } => "write a BCP 47 code such as `fr` or `pt-BR`".into(),
            Self::LanguageIsAFolder { .. } => "write the language's BCP 47 code, such as `fr` or `pt-BR`".into(),
            Self::TooMany { key: "tags", .. } => "keep the few tags readers filter by; say more in the description".into(),
            Self::TooMany { .. } => "keep the ones readers need".into(),
            Self::OutOfRange { key, min, max, .. } if key == "embed_limit" => format!("write {min} to {max}: each event adds about half a kilobyte to embed.html, which other sites load whole"),
            Self::OutOfRange { min, max, .. } => format!("write a whole number from {min} to {max}"),
        })
    }
}
