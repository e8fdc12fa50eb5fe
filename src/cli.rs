//! The command line: parses arguments and runs one command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostic, render_all};
use crate::load;

/// When & Where: a static site generator for events calendars.
#[derive(Debug, Parser)]
#[command(name = "whenwhere", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every event file and calendar.toml, and report all problems at once.
    #[command(after_help = "Examples:\n  whenwhere check\n  whenwhere check path/to/calendar")]
    Check {
        /// The calendar project (the folder holding calendar.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// Runs the command line and returns the process's exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { dir } => check(&dir, cli.quiet),
    }
}

fn check(dir: &std::path::Path, quiet: bool) -> ExitCode {
    match load::load(dir) {
        Ok(project) => {
            if !quiet {
                let drafts = project.drafts();
                let drafts = if drafts > 0 { format!(" ({drafts} drafts)") } else { String::new() };
                eprintln!("{} events{drafts}, 0 errors", project.events.len());
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report(&errors),
    }
}

/// Prints diagnostics and their count; the exit code of a failed command.
fn report(errors: &[Diagnostic]) -> ExitCode {
    eprint!("{}", render_all(errors));
    let mut files: Vec<_> = errors.iter().map(|e| &e.path).collect();
    files.dedup();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    eprintln!(
        "{} error{} in {} file{}",
        errors.len(),
        s(errors.len()),
        files.len(),
        s(files.len())
    );
    ExitCode::FAILURE
}
