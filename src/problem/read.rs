//! Problems of reading the project's files: one that cannot be opened or is not UTF-8,
//! a link that leads out, a file too large, TOML that does not parse.

use super::thousands;

/// A file of the project that cannot be read as TOML text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadProblem {
    /// A file or folder that could not be read.
    #[error("cannot read this: {message}")]
    Io {
        /// The system's reason.
        message: String,
    },
    /// A symbolic link whose target lies outside the project: never read.
    #[error("this is a link to a file or folder outside the project; it is not read")]
    LinkOutside,
    /// A symbolic link into a file or folder whose name starts with a dot (`.git`): never read.
    #[error("this is a link into `{folder}`, whose name starts with a dot; it is not read")]
    LinkIntoDotFolder {
        /// The dot-folder, as the project names it (`.git`).
        folder: String,
    },
    /// A file under `content/` named almost like an event file, which is not read.
    #[error("this file is not read: only files whose names end in `.toml` are events")]
    NotAnEventFile {
        /// The name it would have as an event file.
        suggestion: String,
    },
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
    /// A file too large to be an event file or `calendar.toml`, refused unread.
    #[error("the file is {} bytes; the most is {}", thousands(*.size), thousands(*.max))]
    FileTooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit.
        max: usize,
    },
}

impl ReadProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::Io { .. } | Self::Syntax { .. } => return None,
            Self::LinkOutside => "copy what it points to into the project, or remove the link".into(),
            Self::LinkIntoDotFolder { .. } => "such files and folders hold tools' settings and secrets (a checkout's token is in `.git/config`): remove the link".into(),
            Self::NotAnEventFile { suggestion } => format!("if it is an event, rename it to `{suggestion}`; otherwise move it out of content/"),
            Self::NoConfig => "run the command in a calendar project, or give its folder: `whenwhere check path/to/calendar`".into(),
            Self::NotUtf8 => "save the file as UTF-8 text".into(),
            Self::CurlyQuotes { suggestion: Some(s) } => format!("write it as {s} (your word processor may change quotes as you type: edit event files in a plain text editor)"),
            Self::CurlyQuotes { suggestion: None } => "replace them with straight quotes \"…\" (your word processor may change quotes as you type: edit event files in a plain text editor)".into(),
            Self::StrayComma { list: Some(list) } => format!("several values need square brackets: {list}"),
            Self::StrayComma { list: None } => "remove the comma: each line holds one key and its value".into(),
            Self::FileTooLarge { .. } => "no event needs this much: a description holds at most 20,000 characters".into(),
        })
    }
}
