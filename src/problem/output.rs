//! Problems of writing the site: an output folder that may not be replaced, a file that
//! cannot be written.

/// The site cannot be written where it was asked to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputProblem {
    /// A file of the site that could not be written.
    #[error("cannot write this: {message}")]
    Write {
        /// The system's reason.
        message: String,
    },
    /// A site larger than its events could need: a template that writes much on every page.
    #[error(
        "the site grew past {mib} MiB, far more than {events} events need; nothing was published"
    )]
    SiteTooLarge {
        /// The bound, in MiB.
        mib: u64,
        /// The events, in every language.
        events: usize,
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
}

impl OutputProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::Write { .. } => return None,
            Self::SiteTooLarge { .. } => "look for a template that writes the same text again and again on every page".into(),
            Self::UnmarkedOutput { .. } => "if it is a site from an earlier whenwhere, which left no `.whenwhere` file in its sites, delete it once and build again; otherwise give another folder with --output".into(),
            Self::UnsafeOutput { .. } => "build into a folder of its own, such as `public`".into(),
        })
    }
}
