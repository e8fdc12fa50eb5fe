//! The command line: parses arguments and runs one command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::config::BaseUrl;
use crate::diagnostic::{CommandProblem, Diagnostic};
use crate::feature_words::plural;
use crate::pipeline::{self, Address, Pipeline, ProjectCommand};
use crate::plan::PlanOptions;
use crate::report::{self, Format, typed_path};
use crate::theme::Theme;
use crate::{load, render, say, scaffold, serve};

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
        after_help = "Examples:\n  whenwhere init my-calendar\n  whenwhere init my-calendar --year 2027\n  whenwhere init my-calendar --languages en,fr,es\n  cd my-calendar && whenwhere serve"
    )]
    Init {
        /// The new project's folder; it must not exist or be empty, nor be inside another project.
        dir: PathBuf,
        /// The calendar's year, for dates that do not say theirs; default: the current year.
        #[arg(long, value_parser = clap::value_parser!(i32).range(1..=9999))]
        year: Option<i32>,
        /// The calendar's languages, the default first, such as en,fr,es.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
    },
    /// Write a new event file, with its date checked first.
    #[command(
        after_help = "Examples:\n  whenwhere new \"UCLG Annual Retreat\" --date \"15-22 Feb\" --tag diplomacy\n  whenwhere new \"São Paulo Forum\" --date \"(tbc) Apr\" --location \"São Paulo, Brazil\"\n  whenwhere new --from-issue-form body.md   # an issue made with .github/ISSUE_TEMPLATE/event.yml"
    )]
    New {
        /// The event's title; its file name is made from it.
        #[arg(required_unless_present = "from_issue_form", conflicts_with = "from_issue_form")]
        title: Option<String>,
        /// When, as in an event file: "16 Feb", "15-22 Feb", "(tbc) Apr".
        #[arg(
            long,
            required_unless_present = "from_issue_form",
            conflicts_with = "from_issue_form"
        )]
        date: Option<String>,
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
        /// Every field from an issue's body, as GitHub renders the project's issue form
        /// (.github/ISSUE_TEMPLATE/event.yml), instead of the title and options.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["tags", "location", "time", "timezone"])]
        from_issue_form: Option<PathBuf>,
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
    #[command(
        after_help = "Examples:\n  whenwhere check\n  whenwhere check path/to/calendar\n  whenwhere check --format github     # in a GitHub Actions workflow\n  whenwhere check --untranslated fr   # each text French still lacks, as file:line: key"
    )]
    Check {
        /// The calendar project (the folder holding calendar.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// How to print problems: `human`, or `github` for annotations on a pull request.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// List each text not yet translated, as file:line: key, in every language or in CODE.
        #[arg(long, value_name = "CODE")]
        untranslated: Option<Option<String>>,
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
        Command::Check { dir, format, untranslated } => {
            check(&dir, format, untranslated.as_ref().map(Option::as_deref), cli.quiet)
        }
        Command::Init { dir, year, languages } => init(&dir, year, &languages, cli.quiet),
        Command::New {
            title,
            date,
            tags,
            location,
            time,
            timezone,
            slug,
            from_issue_form,
            dir,
        } => match from_issue_form {
            Some(body) => new_from_issue_form(&dir, &body, slug, cli.quiet),
            None => {
                let (title, date) = (title.unwrap_or_default(), date.unwrap_or_default());
                let event = scaffold::NewEvent {
                    title,
                    date,
                    tags,
                    location,
                    slug,
                    time,
                    timezone,
                    ..Default::default()
                };
                new(&dir, &event, cli.quiet)
            }
        },
        Command::Build { dir, output, drafts, base_url } => {
            let out = output.unwrap_or_else(|| dir.join("public"));
            build(&dir, &out, PlanOptions { drafts }, base_url.as_deref(), cli.quiet)
        }
        Command::Serve { dir, port, drafts } => {
            serve::run(&dir, serve::ServeOptions { port, drafts, quiet: cli.quiet })
        }
    }
}

fn init(dir: &Path, year: Option<i32>, languages: &[String], quiet: bool) -> ExitCode {
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive()));
    match scaffold::init(dir, year, languages) {
        Ok(files) => {
            if !quiet {
                for f in files {
                    say!("created {}", typed_path(&dir.join(f)));
                }
                say!("Next: cd {} && whenwhere serve", shell_word(&typed_path(dir)));
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&[e]),
    }
}

fn new(dir: &Path, event: &scaffold::NewEvent, quiet: bool) -> ExitCode {
    if let Err(e) = pipeline::preflight(dir, ProjectCommand::New) {
        return report(&[e]);
    }
    let config = match load::load_config(dir) {
        Ok(c) => c,
        Err(errors) => return report(&errors),
    };
    let in_use = load::in_use(dir);
    match scaffold::new_event(dir, &config, event, &in_use.slugs) {
        Ok((path, warnings)) => {
            let written = typed_path(&dir.join(&path));
            if !quiet {
                say!("created {written}");
            }
            report::print_each(Format::Human, &warnings);
            // The same event under another name is a duplicate that no check can see.
            if let Some(other) = in_use.titles.get(&event.title.trim().to_lowercase()) {
                let problem = CommandProblem::SameTitle { other: typed_path(&dir.join(other)) };
                let warning = Diagnostic::file(PathBuf::from(written), problem).warning();
                report::print_each(Format::Human, &[warning]);
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&[e]),
    }
}

/// `new --from-issue-form`: the event of an issue's body (read whole, and bounded like an
/// event file), written as `new` writes one.
fn new_from_issue_form(dir: &Path, body: &Path, slug: Option<String>, quiet: bool) -> ExitCode {
    if let Err(e) = pipeline::preflight(dir, ProjectCommand::New) {
        return report(&[e]);
    }
    let read = std::fs::File::open(body).and_then(crate::boundary::read_bounded);
    let text = match read {
        Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(Err(size)) => {
            let (size, max) = (size as usize, crate::boundary::MAX_FILE_BYTES);
            let problem = crate::diagnostic::ReadProblem::FileTooLarge { size, max };
            return report(&[Diagnostic::file(body.to_path_buf(), problem)]);
        }
        Err(e) => return report(&[Diagnostic::unreadable(body, e)]),
    };
    let config = match load::load_config(dir) {
        Ok(c) => c,
        Err(errors) => return report(&errors),
    };
    match crate::issue_form::read(&text, &config.tags) {
        Ok(p) => {
            let event = scaffold::NewEvent {
                title: p.title,
                date: p.date,
                tags: p.tags,
                location: p.location,
                slug,
                url: p.url,
                description: p.description,
                attendance: p.attendance,
                origin: scaffold::Origin::IssueForm(p.language),
                ..Default::default()
            };
            new(dir, &event, quiet)
        }
        Err(e) => report(&[e]),
    }
}

/// `check`; `untranslated` is `--untranslated`, with its language if one is given.
fn check(dir: &Path, format: Format, untranslated: Option<Option<&str>>, quiet: bool) -> ExitCode {
    if let Err(e) = pipeline::preflight(dir, ProjectCommand::Check) {
        return report_as(format, &[e]);
    }
    match load::load(dir) {
        Ok(project) => {
            report::print_each(format, &project.warnings);
            // A language the calendar lacks is told before the build that check makes.
            let listed = match crate::translate::untranslated_in(&project, untranslated.flatten()) {
                Ok(listed) => listed,
                Err(problem) => return report_as(format, &[Diagnostic::command(problem)]),
            };
            if let Err(errors) = pipeline::dry_run(&project) {
                return report_as(format, &errors);
            }
            if !quiet {
                let (events, drafts) = (project.events.len(), project.drafts());
                let drafts = if drafts > 0 { format!(" ({drafts} drafts)") } else { String::new() };
                let published: Vec<&_> = project.events.iter().filter(|e| !e.draft).collect();
                for line in crate::edition::not_current(&project.config, &published) {
                    say!("{line}");
                }
                say!(
                    "{events} event{}{drafts}, 0 errors{}",
                    plural(events),
                    warnings(&project.warnings)
                );
            }
            let default = &project.config.language;
            let shown = !quiet || untranslated.is_some();
            let theme = shown.then(|| Theme::load(&project.root, &project.config.theme).ok());
            let theme = theme.flatten();
            for (code, texts) in listed.iter().filter(|_| !quiet || untranslated.is_some()) {
                let n = texts.len();
                let own = texts.iter().filter(|t| t.shown_in != *default).count();
                let own = match own {
                    0 => String::new(),
                    own => format!(" ({own} in their event's own language)"),
                };
                say!("{code}: {n} text{} not translated, shown in {default}{own}", plural(n));
                for text in texts.iter().filter(|_| untranslated.is_some()) {
                    match &text.shown_in {
                        shown if shown == default => say!("{text}"),
                        shown => say!("{text} (shown in {shown})"),
                    }
                }
                // A language that is not built in also has the theme's words to translate.
                let words = theme.as_ref().map(|t| render::words_left_in_english(t, code));
                let words = words.unwrap_or_default();
                if let Some((file, ..)) = words.first() {
                    let n = words.len();
                    say!(
                        "{code}: {n} word{} of the theme not translated in {}, shown in English",
                        plural(n),
                        file.display()
                    );
                }
                for (file, line, key) in words.iter().filter(|_| untranslated.is_some()) {
                    say!("{}:{line}: {key}", file.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report_as(format, &errors),
    }
}

fn build(
    dir: &Path,
    out: &Path,
    options: PlanOptions,
    base_url: Option<&str>,
    quiet: bool,
) -> ExitCode {
    let started = Instant::now();
    let target = match pipeline::build_target(dir, out) {
        Ok(target) => target,
        Err(e) => return report(&[e]),
    };
    let address = match base_url.map(BaseUrl::parse).transpose() {
        Ok(Some(url)) => Address::Url(url),
        Ok(None) => Address::Configured,
        Err(refused) => return report(&[refused]),
    };
    let published = Pipeline::new(dir, options, address).publish(&target, &mut |warnings| {
        report::print_each(Format::Human, warnings);
    });
    let stats = match published {
        Ok(stats) => stats,
        Err(errors) => {
            let code = report(&errors);
            say!("Nothing was written: {} is as it was.", typed_path(out));
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
            typed_path(out)
        );
    }
    ExitCode::SUCCESS
}

/// `, 2 warnings` after a count of errors, or nothing.
fn warnings(diagnostics: &[Diagnostic]) -> String {
    match report::totals(diagnostics).1 {
        0 => String::new(),
        n => format!(", {n} warning{}", plural(n)),
    }
}

/// A word as a POSIX shell reads it back: as it is when it is plain, else single-quoted,
/// so that `cd 'Our Calendar'` can be pasted as printed.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Prints problems as people read them; the exit code: failure on any error.
fn report(problems: &[Diagnostic]) -> ExitCode {
    report_as(Format::Human, problems)
}

/// Prints problems in a format; the exit code: failure on any error.
fn report_as(format: Format, problems: &[Diagnostic]) -> ExitCode {
    report::print(format, problems);
    if report::has_errors(problems) { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_the_shell_are_quoted_when_they_need_it() {
        let table = [
            ("my-calendar", "my-calendar"),
            ("Our Calendar", "'Our Calendar'"),
            ("l'agenda", "'l'\\''agenda'"),
            ("a;rm -rf x", "'a;rm -rf x'"),
            ("", "''"),
        ];
        for (word, shown) in table {
            assert_eq!(shell_word(word), shown, "{word:?}");
        }
    }
}
