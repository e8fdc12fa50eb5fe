//! Problems with a command as typed: its arguments and the folder it is given.

use super::Problem;
use crate::date::DateErrorKind;

/// A command that cannot be run as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandProblem {
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
    /// `new` wrote an event whose title another event file has already.
    #[error("{other} has the same title")]
    SameTitle {
        /// The other file.
        other: String,
    },
    /// A command given a folder without `calendar.toml`.
    #[error("no calendar project at {path} (no calendar.toml there)")]
    NoProject {
        /// The folder, as given.
        path: String,
        /// The command (`build`, `check`, `serve`, `new`).
        command: &'static str,
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
    /// `check --untranslated` for a language the calendar is not translated into.
    #[error(
        "`{code}` is not a language this calendar is translated into; its languages are {languages}"
    )]
    NotTranslatedInto {
        /// The code, as given.
        code: String,
        /// The calendar's languages, the default first and named so: `en (the default), fr`.
        languages: String,
    },
    /// `new --from-issue-form` with a required field left empty, or not in the body.
    #[error("the issue's “{label}” is empty")]
    FormFieldEmpty {
        /// The field's label in the form.
        label: String,
    },
    /// `new --from-issue-form` with an answer that is none of the field's choices.
    #[error("the issue's “{label}” has “{value}”, which is none of its choices")]
    FormChoice {
        /// The field's label in the form.
        label: String,
        /// The answer, as written.
        value: String,
        /// The closest choice.
        suggestion: Option<String>,
        /// Every choice.
        known: Vec<String>,
    },
    /// `new` with a title that gives no letters or digits for a file name.
    #[error("cannot make a file name from the title {title:?}")]
    NoFileName {
        /// The title.
        title: String,
    },
}

impl CommandProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::FolderNotEmpty { .. } | Self::AlreadyProject { .. } | Self::InsideProject { .. } | Self::FileExists { .. } | Self::EmptyTitle => return None,
            // On the command line, the zone is an option, not a key.
            Self::Argument { problem, .. } if **problem == Problem::Date(DateErrorKind::TimeWithoutZone) => {
                "add --timezone Europe/Madrid (an IANA name), or set `timezone` in calendar.toml".into()
            }
            Self::Argument { name, problem, .. } if name == "--time" && matches!(**problem, Problem::Date(DateErrorKind::BadTimeKey { .. })) => {
                "write --time 09:00 or --time 09:00-10:30 (24-hour clock)".into()
            }
            Self::Argument { problem, .. } => return problem.help(),
            Self::NoProject { command: "new", .. } => "run it in a calendar project or give its folder (--dir path/to/calendar), or make a new project with whenwhere init".into(),
            Self::NoProject { command, .. } => format!("give the folder that holds calendar.toml: whenwhere {command} path/to/calendar, or make a new project with whenwhere init"),
            Self::SlugForm { suggestion, .. } => format!("write --slug {suggestion}"),
            Self::SameTitle { other } => format!("if it is the same event, keep {other} and delete this file; if not, tell them apart in their titles"),
            Self::SlugTaken { slug, year, .. } => format!("edit that file, or give this event another slug: --slug {slug}-{year}"),
            Self::NoFileName { .. } => "give one with --slug, such as --slug annual-forum".into(),
            Self::FormFieldEmpty { label } => format!("edit the issue and fill in “{label}”"),
            Self::FormChoice { suggestion: Some(s), .. } => format!("did you mean “{s}”?"),
            Self::FormChoice { label, known, .. } => format!("choose among {}; “{label}” in the form (.github/ISSUE_TEMPLATE/event.yml) lists them", known.iter().map(|k| format!("“{k}”")).collect::<Vec<_>>().join(", ")),
            Self::NotTranslatedInto { .. } => "give one of its other languages, or none for all of them: whenwhere check --untranslated fr".into(),
        })
    }
}
