//! Problems of what events and `calendar.toml` say, read together: an event's date
//! keys that do not go together, tags and slugs that clash, a year far off.

use super::backticked;

/// Values that are each well formed but do not make sense together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentProblem {
    /// An event far from the calendar's year: often a year taken from the wrong place.
    #[error("this event is in {year}, but the calendar is of {calendar}")]
    FarFromYear {
        /// The event's year.
        year: i32,
        /// The calendar's `year`.
        calendar: i32,
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
    /// A call's deadline that is not a day: it has hours, or only a year.
    #[error("a call's `until` is the last day to answer, not {what}")]
    DeadlineNotADay {
        /// What it is instead: "a time", "a year".
        what: &'static str,
    },
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
    /// Two events with one slug would overwrite each other's page.
    #[error("slug `{slug}` is already used by {first}")]
    DuplicateSlug {
        /// The slug.
        slug: String,
        /// Where it was first used (`path:line:col` or a path).
        first: String,
    },
    /// Two tags with one id.
    #[error("tag `{id}` is defined twice")]
    DuplicateTag {
        /// The id.
        id: String,
    },
    /// Events in more years than a calendar has editions: each year is a site of its own.
    #[error("the events are in {count} different years, from {first} to {last}; the most is {max}")]
    TooManyEditions {
        /// How many years.
        count: usize,
        /// The first.
        first: i32,
        /// The last.
        last: i32,
        /// The limit.
        max: usize,
    },
}

impl ContentProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::RepeatedTag { .. } => return None,
            Self::FarFromYear { .. } => "a date without a year takes the event's `year`, else the year of its folder (content/2021/), else calendar.toml's `year`: write the year in the date, or move the file to the right year's folder".into(),
            Self::UnknownTag { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Self::UnknownTag { known, .. } => format!(
                "tags defined in calendar.toml: {}; a new one is a `[[tags]]` block there, with an `id` and a `label`",
                backticked(known)
            ),
            Self::DeadlineNotADay { .. } => "write the day, such as until = \"15 Mar\"".into(),
            Self::DateAndStart => "keep one: `date = \"15-22 Feb\"`, or `start = 2021-02-15` with `end`".into(),
            Self::NoDate => "add a line such as date = \"15-22 Feb\" or start = 2021-02-15".into(),
            Self::NeedsStart { .. } => "add `start = 2021-02-15`, or use `date` alone".into(),
            Self::DuplicateSlug { .. } => "rename one of the files, or give one a different `slug`".into(),
            Self::DuplicateTag { .. } => "remove one of the two definitions".into(),
            Self::TooManyEditions { .. } => "look for dates whose year is wrong, or keep the oldest years in a project of their own".into(),
        })
    }
}
