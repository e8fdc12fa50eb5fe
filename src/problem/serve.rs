//! Problems of `whenwhere serve` with the system: a port, a folder to watch.

/// `serve` cannot do all it should.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServeProblem {
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

impl ServeProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::NotWatched { .. } => return None,
            Self::Listen { .. } => {
                "choose another port with --port, or --port 0 for any free one".into()
            }
        })
    }
}
