//! Every kind of problem an editor or a command can meet, with its wording and its hint:
//! the "what" of a [`crate::diagnostic::Diagnostic`]. Each phase has its own kind, in a
//! file of its own, with each message on its variant and the hints right below.

mod command;
mod content;
mod history;
mod output;
mod read;
mod serve;
mod theme;
mod value;

pub use command::CommandProblem;
pub use content::ContentProblem;
pub use history::HistoryProblem;
pub use output::OutputProblem;
pub use read::ReadProblem;
pub use serve::ServeProblem;
pub use theme::ThemeProblem;
pub use value::ValueProblem;

use crate::date::DateErrorKind;

/// Every kind of problem, by the phase that meets it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A file of the project that cannot be read as TOML text.
    #[error(transparent)]
    Read(#[from] ReadProblem),
    /// A key or value that is not what its place takes.
    #[error(transparent)]
    Value(#[from] ValueProblem),
    /// Values that are each well formed but do not make sense together.
    #[error(transparent)]
    Content(#[from] ContentProblem),
    /// An event's date or time that cannot be read.
    #[error(transparent)]
    Date(#[from] DateErrorKind),
    /// The git history cannot date every edit.
    #[error(transparent)]
    History(#[from] HistoryProblem),
    /// The theme cannot make the site.
    #[error(transparent)]
    Theme(#[from] ThemeProblem),
    /// The site cannot be written.
    #[error(transparent)]
    Output(#[from] OutputProblem),
    /// A command cannot be run as given.
    #[error(transparent)]
    Command(#[from] CommandProblem),
    /// `serve` cannot do all it should.
    #[error(transparent)]
    Serve(#[from] ServeProblem),
    /// Problems of a file beyond the first few, counted but not shown.
    #[error("… and {} more problem{} in this file", thousands(*.errors + *.warnings), if *.errors + *.warnings == 1 { "" } else { "s" })]
    MoreInFile {
        /// Errors not shown.
        errors: usize,
        /// Warnings not shown.
        warnings: usize,
    },
    /// Problems past the most shown in all, counted but not shown.
    #[error("… and {} more problem{} in {} file{}, not shown", thousands(*.errors + *.warnings), if *.errors + *.warnings == 1 { "" } else { "s" }, thousands(*.files), if *.files == 1 { "" } else { "s" })]
    MoreInAll {
        /// Errors not shown.
        errors: usize,
        /// Warnings not shown.
        warnings: usize,
        /// The files they are in.
        files: usize,
    },
}

impl Problem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        match self {
            Problem::Read(p) => p.help(),
            Problem::Value(p) => p.help(),
            Problem::Content(p) => p.help(),
            Problem::Date(p) => p.help(),
            Problem::History(p) => p.help(),
            Problem::Theme(p) => p.help(),
            Problem::Output(p) => p.help(),
            Problem::Command(p) => p.help(),
            Problem::Serve(p) => p.help(),
            Problem::MoreInFile { .. } => None,
            Problem::MoreInAll { .. } => {
                Some("fix the problems shown, then run the command again to see the next".into())
            }
        }
    }
}

/// The items, each between backticks, as a message lists keys or values.
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
