//! Problems of the git history that dates events for subscribers: what a build cannot
//! see, which would keep edits from reaching subscribers' calendars.

/// The history cannot date every edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryProblem {
    /// A shallow clone: every event seems last changed by the one commit there is.
    #[error(
        "the repository is a shallow clone: every event takes the last commit's stamp and its SEQUENCE goes back, so subscribers' calendars may not update"
    )]
    Shallow,
    /// An event file with changes that are not committed.
    #[error(
        "this file has changes that are not committed: subscribers' calendars will not see them as a change (SEQUENCE and DTSTAMP come from its last commit)"
    )]
    Uncommitted,
}

impl HistoryProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::Shallow => {
                "fetch the whole history; in GitHub Actions, give actions/checkout `fetch-depth: 0`"
                    .into()
            }
            Self::Uncommitted => "commit it before publishing".into(),
        })
    }
}
