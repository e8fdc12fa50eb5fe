//! What is served, shared between the builder and the request threads: the last good
//! site, the problems of the latest build, and a counter that wakes live connections.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::pages::Files;

/// One state of the preview: the last good site and, when the latest build failed, why.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// The last site that built; `None` until one does.
    pub site: Option<Arc<dyn Files>>,
    /// The path the site is served under, from `base_url`: `/when-and-where/`, or `/`.
    pub base_path: String,
    /// The diagnostics of the latest build, when it failed.
    pub problems: Option<String>,
    /// Counts the states: each new one wakes the live connections.
    pub generation: u64,
    /// Tells this run's event ids from those of pages served by an earlier run.
    pub instance: String,
}

impl Preview {
    /// The id of this state in the live stream: `instance-generation`.
    pub fn event_id(&self) -> String {
        format!("{}-{}", self.instance, self.generation)
    }
}

/// The current preview, replaced whole by each new state; readers clone the `Arc` under
/// a lock held for no longer than the clone.
#[derive(Debug)]
pub struct Shared {
    preview: Mutex<Arc<Preview>>,
    changed: Condvar,
}

impl Shared {
    /// Shares a first state.
    pub fn new(preview: Preview) -> Shared {
        Shared { preview: Mutex::new(Arc::new(preview)), changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, Arc<Preview>> {
        self.preview.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The state served now.
    pub fn current(&self) -> Arc<Preview> {
        self.lock().clone()
    }

    /// Serves a new state and wakes whoever waits for one.
    pub fn publish(&self, preview: Preview) {
        *self.lock() = Arc::new(preview);
        self.changed.notify_all();
    }

    /// The first state after `generation`, or `None` after `timeout`.
    pub fn wait_past(&self, generation: u64, timeout: Duration) -> Option<Arc<Preview>> {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |p| p.generation <= generation)
            .unwrap_or_else(PoisonError::into_inner);
        (guard.generation > generation).then(|| guard.clone())
    }
}

/// The diagnostics as `check` prints them, then their count: what the terminal and the
/// overlay show of a failed build.
pub fn problems_text(errors: &[crate::diagnostic::Diagnostic]) -> String {
    crate::report::human(errors)
}
