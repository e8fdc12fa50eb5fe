//! The command line: parses arguments and runs one command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::Options;
use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Problem, render_all};
use crate::pipeline::{Address, Pipeline};
use crate::publish::Target;
use crate::words::plural;
use crate::{load, say, scaffold, serve, stderr};

/// When & Where: a static site generator for events calendars.
#[derive(Debug, Parser)]
#[command(
    name = "whenwhere",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  whenwhere init my-calendar              # a new project that builds at once\n  whenwhere new \"Annual Forum\" --date \"15-22 Feb\" --tag diplomacy\n  whenwhere check                         # every problem of every file, at once\n  whenwhere serve                         # preview on http://127.0.0.1:8000/ while you edit\n  whenwhere build                         # the site into public/\n\nEach command has its own help and examples: whenwhere build --help"
)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new calendar project that builds at once.
    #[command(
        after_help = "Examples:\n  whenwhere init my-calendar\n  whenwhere init my-calendar --year 2027\n  cd my-calendar && whenwhere serve"
    )]
    Init {
        /// The new project's folder; it must not exist or be empty, nor be inside another project.
        dir: PathBuf,
        /// The calendar's year, for dates that do not say theirs; default: the current year.
        #[arg(long, value_parser = clap::value_parser!(i32).range(1..=9999))]
        year: Option<i32>,
    },
    /// Write a new event file, with its date checked first.
    #[command(
        after_help = "Examples:\n  whenwhere new \"UCLG Annual Retreat\" --date \"15-22 Feb\" --tag diplomacy\n  whenwhere new \"São Paulo Forum\" --date \"(tbc) Apr\" --location \"São Paulo, Brazil\""
    )]
    New {
        /// The event's title; its file name is made from it.
        title: String,
        /// When, as in an event file: "16 Feb", "15-22 Feb", "(tbc) Apr".
        #[arg(long)]
        date: String,
        /// A tag id from calendar.toml; repeat for several.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Where it takes place.
        #[arg(long)]
        location: Option<String>,
        /// Hours on the event's day, 24-hour clock: "09:00" or "09:00-10:30".
        #[arg(long)]
        time: Option<String>,
        /// The time zone of --time, an IANA name such as "Europe/Madrid"; default: calendar.toml's.
        #[arg(long)]
        timezone: Option<String>,
        /// The event's id in addresses and its file name; default: made from the title.
        #[arg(long)]
        slug: Option<String>,
        /// The calendar project (the folder holding calendar.toml).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Build the site into public/ (or --output): pages, iCalendar feeds, events.json.
    #[command(
        after_help = "Examples:\n  whenwhere build\n  whenwhere build path/to/calendar --output /tmp/site\n  whenwhere build --drafts"
    )]
    Build {
        /// The calendar project (the folder holding calendar.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site; default: public/ in the project.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Include events marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Publish under this address instead of calendar.toml's `base_url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check every event file and calendar.toml, and report all problems at once.
    #[command(after_help = "Examples:\n  whenwhere check\n  whenwhere check path/to/calendar")]
    Check {
        /// The calendar project (the folder holding calendar.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Preview the site on 127.0.0.1 while you edit: rebuilt and reloaded on every change.
    #[command(
        after_help = "The site is built in memory and served from there: public/ is neither read nor written.\nOpen pages reload after each change. A broken file shows its problems here and over the\npage, and the last good site stays up until it is fixed.\n\nExamples:\n  whenwhere serve\n  whenwhere serve path/to/calendar --port 8080\n  whenwhere serve --drafts --port 0     # any free port"
    )]
    Serve {
        /// The calendar project (the folder holding calendar.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on, on 127.0.0.1 only; 0 picks a free one.
        #[arg(short, long, default_value_t = 8000)]
        port: u16,
        /// Include events marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
}

/// Runs the command line and returns the process's exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { dir } => check(&dir, cli.quiet),
        Command::Init { dir, year } => init(&dir, year, cli.quiet),
        Command::New { title, date, tags, location, time, timezone, slug, dir } => {
            let event = scaffold::NewEvent { title, date, tags, location, slug, time, timezone };
            new(&dir, &event, cli.quiet)
        }
        Command::Build { dir, output, drafts, base_url } => {
            let out = output.unwrap_or_else(|| dir.join("public"));
            build(&dir, &out, Options { drafts }, base_url.as_deref(), cli.quiet)
        }
        Command::Serve { dir, port, drafts } => {
            serve::run(&dir, serve::Options { port, drafts, quiet: cli.quiet })
        }
    }
}

fn init(dir: &Path, year: Option<i32>, quiet: bool) -> ExitCode {
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive()));
    match scaffold::init(dir, year) {
        Ok(files) => {
            if !quiet {
                for f in files {
                    say!("created {}", shown(&dir.join(f)));
                }
                say!("Next: cd {} && whenwhere serve", dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn new(dir: &Path, event: &scaffold::NewEvent, quiet: bool) -> ExitCode {
    let config = match load::load_config(dir) {
        Ok(c) => c,
        Err(mut errors) => {
            for e in &mut errors {
                if *e.problem == Problem::NoConfig {
                    *e.problem = Problem::NoConfigForNew;
                }
            }
            return report(&errors);
        }
    };
    match scaffold::new_event(dir, &config, event, &load::slugs_in_use(dir)) {
        Ok(path) => {
            if !quiet {
                say!("created {}", shown(&dir.join(path)));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check(dir: &Path, quiet: bool) -> ExitCode {
    match load::load(dir) {
        Ok(project) => {
            stderr::print(&render_all(&project.warnings));
            if !quiet {
                let (events, drafts) = (project.events.len(), project.drafts());
                let drafts = if drafts > 0 { format!(" ({drafts} drafts)") } else { String::new() };
                say!(
                    "{events} event{}{drafts}, 0 errors{}",
                    plural(events),
                    warnings(&project.warnings)
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report(&errors),
    }
}

fn build(
    dir: &Path,
    out: &Path,
    options: Options,
    base_url: Option<&str>,
    quiet: bool,
) -> ExitCode {
    let started = Instant::now();
    if !dir.join("calendar.toml").exists() && !dir.join("calendar.toml").is_symlink() {
        say!(
            "error: no calendar project at {} (no calendar.toml there); nothing was built\n  = help: give the folder that holds calendar.toml: whenwhere build path/to/calendar, or make a new project with whenwhere init",
            shown(dir)
        );
        return ExitCode::FAILURE;
    }
    let target = match Target::check(dir, out) {
        Ok(target) => target,
        Err(e) => return report(&[e]),
    };
    let address = match base_url.map(BaseUrl::parse).transpose() {
        Ok(Some(url)) => Address::Url(url),
        Ok(None) => Address::Configured,
        Err(reason) => {
            say!("error: --base-url must be an http:// or https:// address: {reason}");
            return ExitCode::FAILURE;
        }
    };
    let published = Pipeline::new(dir, options, address).publish(&target, &mut |warnings| {
        stderr::print(&render_all(warnings));
    });
    let stats = match published {
        Ok(stats) => stats,
        Err(errors) => {
            let code = report(&errors);
            say!("Nothing was written: {} is as it was.", shown(out));
            return code;
        }
    };
    if !quiet {
        say!(
            "Built {} event{}, {} feed{} in {:.2} s → {}/",
            stats.events,
            plural(stats.events),
            stats.feeds,
            plural(stats.feeds),
            started.elapsed().as_secs_f64(),
            shown(out)
        );
    }
    ExitCode::SUCCESS
}

/// `, 2 warnings` after a count of errors, or nothing.
fn warnings(diagnostics: &[Diagnostic]) -> String {
    match diagnostics.iter().filter(|d| !d.is_error()).count() {
        0 => String::new(),
        n => format!(", {n} warning{}", plural(n)),
    }
}

/// A path as a person typed it: forward slashes, no leading `./`.
fn shown(path: &Path) -> String {
    let text = crate::diagnostic::display_path(path);
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Prints diagnostics and their count; the exit code of a failed command.
fn report(errors: &[Diagnostic]) -> ExitCode {
    stderr::print(&render_all(errors));
    let mut files: Vec<_> = errors.iter().filter(|e| e.is_error()).map(|e| &e.path).collect();
    files.dedup();
    let count = errors.iter().filter(|e| e.is_error()).count();
    say!(
        "{} error{} in {} file{}{}",
        count,
        plural(count),
        files.len(),
        plural(files.len()),
        warnings(errors)
    );
    ExitCode::FAILURE
}
