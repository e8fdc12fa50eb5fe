//! The one way from a project's folder to its site, which `whenwhere build` and `serve`
//! both take: check that the folder is a project ([`preflight`], which `check` and `new`
//! make too) → load (or reload what changed) → set the address the site is built for →
//! build → publish to a checked folder ([`build_target`], [`Pipeline::publish`]) or serve
//! ([`Pipeline::plan`], then [`crate::serve`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::BaseUrl;
use crate::diagnostic::{CommandProblem, Diagnostic};
use crate::load::{self, Loader, Project};
use crate::plan::{Plan, PlanOptions};
use crate::publish::{self, Target};
use crate::report;
use crate::site::{self, Stats};

/// A command that works on a calendar project; each says in its own words that there is
/// none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectCommand {
    /// `whenwhere build`.
    Build,
    /// `whenwhere check`.
    Check,
    /// `whenwhere serve`.
    Serve,
    /// `whenwhere new`.
    New,
}

/// Checks, before anything is read, that `root` is a calendar project: that it has a
/// `calendar.toml` to read (a link to one counts; what is wrong with the file itself is
/// for reading it to say). The one test of every command that works on a project.
pub fn preflight(root: &Path, command: ProjectCommand) -> Result<(), Diagnostic> {
    if root.join("calendar.toml").exists() {
        return Ok(());
    }
    let command = match command {
        ProjectCommand::Build => "build",
        ProjectCommand::Check => "check",
        ProjectCommand::Serve => "serve",
        ProjectCommand::New => "new",
    };
    // A command's problem, not a file's: no file was read.
    let path = report::typed_path(root);
    Err(Diagnostic::command(CommandProblem::NoProject { path, command }))
}

/// `build`'s preflight: the project's ([`preflight`]), then that of the folder its site
/// goes into ([`Target::check`]).
pub fn build_target(root: &Path, out: &Path) -> Result<Target, Diagnostic> {
    preflight(root, ProjectCommand::Build)?;
    Target::check(root, out)
}

/// The address a site is built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// `calendar.toml`'s `base_url`.
    Configured,
    /// Another address, such as `--base-url` gives.
    Url(BaseUrl),
    /// The preview on 127.0.0.1 at this port, under `base_url`'s path, as `serve` has it.
    Preview(u16),
}

impl Address {
    /// The address for a project whose `calendar.toml` says `configured`.
    pub fn base_url(&self, configured: &BaseUrl) -> BaseUrl {
        match self {
            Address::Configured => configured.clone(),
            Address::Url(url) => url.clone(),
            Address::Preview(port) => preview_base_url(*port, configured.path()),
        }
    }
}

/// `base_url` for the preview: the loopback address and port, with the configured path.
pub fn preview_base_url(port: u16, path: &str) -> BaseUrl {
    let mut url = url::Url::parse(&format!("http://127.0.0.1:{port}/"))
        .expect("a loopback address is a valid URL");
    url.set_path(path);
    BaseUrl::new(url)
}

/// What changed since the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Anything may have: read the whole project again.
    Everything,
    /// These paths, relative to the project's root.
    Paths(BTreeSet<PathBuf>),
}

/// A project on its way to a site: what it reads, and what to build of it for where.
#[derive(Debug)]
pub struct Pipeline {
    root: PathBuf,
    /// What was read so far, for [`Pipeline::plan`] to re-read only what changed.
    loader: Loader,
    options: PlanOptions,
    address: Address,
}

impl Pipeline {
    /// The pipeline of the project at `root`; nothing is read yet.
    pub fn new(root: &Path, options: PlanOptions, address: Address) -> Pipeline {
        Pipeline { root: root.to_path_buf(), loader: Loader::new(root), options, address }
    }

    /// Reads the project (only the files that changed since the last call, when it says
    /// which) and makes a plan of its site for its address, templates compiled, no file made;
    /// hands the project's warnings to `warnings` once it is read, as [`Pipeline::publish`].
    pub fn plan(
        &mut self,
        changed: &Changed,
        warnings: &mut dyn FnMut(&[Diagnostic]),
    ) -> Result<Plan<'static>, Vec<Diagnostic>> {
        let project = match changed {
            Changed::Everything => self.loader.load(),
            Changed::Paths(paths) => self.loader.reload(&paths.iter().collect::<Vec<_>>()),
        }?;
        warnings(&project.warnings);
        self.plan_of(project)
    }

    /// Reads and builds the whole project and writes its site into `target`, handing the
    /// project's warnings to `warnings` once it is read. Nothing is kept for a later call:
    /// the events move into the build rather than being copied.
    pub fn publish(
        &self,
        target: &Target,
        warnings: &mut dyn FnMut(&[Diagnostic]),
    ) -> Result<Stats, Vec<Diagnostic>> {
        let project = load::load(&self.root)?;
        warnings(&project.warnings);
        let build = self.plan_of(project)?;
        publish::write(&build, target)
    }

    /// The one place a project becomes a build: its address set, its theme compiled.
    fn plan_of(&self, mut project: Project) -> Result<Plan<'static>, Vec<Diagnostic>> {
        project.config.base_url = self.address.base_url(&project.config.base_url);
        Plan::owning(project, self.options)
    }
}

/// What `check` does beyond reading a project: all that `build` does short of writing
/// (the plan, with the theme's words and compiled templates, then every file made and
/// dropped), so that `check` fails wherever `build` would, with the same messages.
pub fn dry_run(project: &Project) -> Result<(), Vec<Diagnostic>> {
    let plan = Plan::new(project, PlanOptions::default())?;
    site::emit(&plan, &site::Discard).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder is a project when it has a `calendar.toml` to read, whatever is wrong with
    /// it; a link to nothing is none, for every command alike.
    #[test]
    fn a_project_is_a_folder_with_a_calendar_toml_to_read() {
        let dir = tempfile::tempdir().unwrap();
        let missing = |command| preflight(dir.path(), command).unwrap_err().to_string();
        for command in [
            ProjectCommand::Build,
            ProjectCommand::Check,
            ProjectCommand::Serve,
            ProjectCommand::New,
        ] {
            assert!(missing(command).starts_with("error: no calendar project at "));
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("calendar.toml"))
                .unwrap();
            assert!(preflight(dir.path(), ProjectCommand::Build).is_err());
            std::fs::remove_file(dir.path().join("calendar.toml")).unwrap();
        }
        std::fs::create_dir(dir.path().join("calendar.toml")).unwrap();
        assert!(preflight(dir.path(), ProjectCommand::Build).is_ok());
    }
}
