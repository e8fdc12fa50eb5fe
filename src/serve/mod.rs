//! `whenwhere serve`: the site made in memory and served on 127.0.0.1 while you edit.
//!
//! One thread watches the project ([`watch`]) and rebuilds ([`rebuild`]) through the same
//! [`Pipeline`] as `whenwhere build`; a fixed pool of threads answers requests ([`http`])
//! from the current [`Preview`] ([`preview`]); open pages hear of each rebuild over a live
//! connection ([`live`]), of which few are open at once. Nothing is written to disk.
//!
//! A rebuild re-reads only the files that changed and makes no file: each is made when
//! first asked for, then kept for as long as its build is served ([`pages`]). What a build
//! must make to be known good, as `whenwhere build` would find it, is made all the same, at
//! the latest once the preview is idle.

pub mod http;
pub mod live;
pub mod pages;
pub mod preview;
pub mod rebuild;
pub mod server;
pub mod watch;

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostic::{Diagnostic, ServeProblem};
use crate::pipeline::{self, Address, Changed, Pipeline, ProjectCommand};
use crate::plan;
use crate::{say, stderr};
use live::Listeners;
use preview::{Preview, Shared, problems_text};
use rebuild::Rebuilder;
use watch::Watched;

/// How many threads answer ordinary requests. Each request is answered from memory, or
/// made in well under a second, so a few threads keep up with any number of tabs.
const WORKERS: usize = 8;

/// What to serve and how.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// The port on 127.0.0.1; 0 lets the system pick a free one.
    pub port: u16,
    /// Include events marked `draft = true`.
    pub drafts: bool,
    /// Print nothing but errors and the address.
    pub quiet: bool,
}

/// Builds, serves and rebuilds until the process is stopped; returns only on a failure to
/// start.
pub fn run(dir: &Path, options: ServeOptions) -> ExitCode {
    // Not a calendar project: say so rather than serve nothing.
    if let Err(e) = pipeline::preflight(dir, ProjectCommand::Serve) {
        stderr::print(&problems_text(&[e]));
        return ExitCode::FAILURE;
    }
    let address = ("127.0.0.1", options.port);
    let listener = match server::listen(address) {
        Ok(s) => s,
        Err(e) => {
            let address = format!("127.0.0.1:{}", options.port);
            let problem = ServeProblem::Listen { address, message: e.to_string() };
            stderr::print(&problems_text(&[Diagnostic::command(problem)]));
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let instance = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let shared = Arc::new(Shared::new(Preview {
        base_path: "/".into(),
        instance: instance.to_string(),
        ..Preview::default()
    }));
    let pipeline =
        Pipeline::new(dir, plan::PlanOptions { drafts: options.drafts }, Address::Preview(port));
    let mut builder = Rebuilder::new(pipeline, options.quiet, shared.clone());

    // Watch before the first build, so that a change made during it is not missed.
    let (tx, rx) = mpsc::channel();
    let watcher = match notify::recommended_watcher(tx) {
        Ok(w) => Some(w),
        Err(e) => {
            let problem =
                ServeProblem::NotWatched { what: "the project".into(), message: e.to_string() };
            stderr::print(&problems_text(&[Diagnostic::command(problem).warning()]));
            None
        }
    };
    builder.rebuild(&Changed::Everything, Instant::now(), true);
    if let Some(watcher) = watcher {
        let watched = Watched::new(dir, watcher);
        std::thread::spawn(move || watched.run(&rx, &mut builder));
    }
    let base_path = shared.current().base_path.clone();
    say!("Serving http://127.0.0.1:{port}{base_path} (Ctrl-C to stop)");

    let listeners = Arc::new(Listeners::default());
    let answer = move |stream| http::handle(stream, &shared, &listeners);
    if let Err(e) = server::run(listener, WORKERS, answer) {
        say!("error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
