//! How problems are shown: for people (a terminal, a CI log), or as GitHub Actions
//! workflow commands; and the one summary line. Every command prints its problems
//! through here.
//!
//! Whatever a file or its name holds, what is printed is bounded and inert: control
//! characters are escaped, long lines are cut around the problem, and a file shows at
//! most [`SHOWN_PER_FILE`] problems, then how many more it has.

pub mod github;
pub mod text;

use std::fmt;
use std::io::Write;
use std::path::Path;

use crate::diagnostic::{
    Diagnostic, Problem, SHOWN_IN_ALL, SHOWN_PER_FILE, Severity, display_path, thousands,
};

/// How problems are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: the line, carets under the problem, a hint.
    #[default]
    Human,
    /// GitHub Actions annotations, one workflow command per problem.
    Github,
}

/// The fixed words of reports, in one place for the locale to take over.
mod labels {
    pub const ERROR: &str = "error";
    pub const WARNING: &str = "warning";
    pub const HELP: &str = "help";
    pub const ERRORS: (&str, &str) = ("error", "errors");
    pub const WARNINGS: (&str, &str) = ("warning", "warnings");
    pub const FILES: (&str, &str) = ("file", "files");
    pub const IN: &str = "in";
}

/// `3 errors`, `1 file`: a count and its noun.
fn counted(n: usize, (one, many): (&str, &str)) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Errors and warnings in all: what the diagnostics stand for, counted ones included.
pub fn totals(diagnostics: &[Diagnostic]) -> (usize, usize) {
    diagnostics.iter().map(Diagnostic::counts).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// Whether any of them is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    totals(diagnostics).0 > 0
}

/// `3 errors in 2 files`, `2 errors in 1 file, 1 warning` (the files with errors), or
/// `1 warning in 1 file`; `None` when no problem is in a file (a wrong argument says all
/// there is to say).
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let (errors, warnings) = totals(diagnostics);
    let files = |errors_only: bool| {
        let mut files: Vec<&Path> = diagnostics
            .iter()
            .filter(|d| !d.path.as_os_str().is_empty() && (!errors_only || d.is_error()))
            .map(|d| d.path.as_path())
            .collect();
        files.sort();
        files.dedup();
        files.len()
    };
    if files(false) == 0 {
        return None;
    }
    let (first, in_files) = if errors > 0 || warnings == 0 {
        (counted(errors, labels::ERRORS), files(true))
    } else {
        (counted(warnings, labels::WARNINGS), files(false))
    };
    let mut line = format!("{first} {} {}", labels::IN, counted(in_files, labels::FILES));
    if errors > 0 && warnings > 0 {
        line.push_str(&format!(", {}", counted(warnings, labels::WARNINGS)));
    }
    Some(line)
}

/// The diagnostics to show: at most [`SHOWN_PER_FILE`] of each file and [`SHOWN_IN_ALL`] in
/// all, in the order given, each file's others counted in one "… and N more" after them;
/// once the bound in all is reached, every other file's counted in one last line.
fn shown(diagnostics: &[Diagnostic]) -> Vec<std::borrow::Cow<'_, Diagnostic>> {
    use std::borrow::Cow;
    let mut out = Vec::new();
    let mut rest = (0, 0, 0);
    for run in diagnostics.chunk_by(|a, b| a.path == b.path) {
        if out.len() >= SHOWN_IN_ALL {
            let (errors, warnings) = totals(run);
            rest = (rest.0 + errors, rest.1 + warnings, rest.2 + 1);
            continue;
        }
        let mut more = (0, 0);
        let mut count = 0;
        for d in run {
            let room = count < SHOWN_PER_FILE && out.len() < SHOWN_IN_ALL;
            if room && !matches!(*d.problem, Problem::MoreInFile { .. }) {
                out.push(Cow::Borrowed(d));
                count += 1;
            } else {
                let (e, w) = d.counts();
                more = (more.0 + e, more.1 + w);
            }
        }
        if more.0 + more.1 > 0 {
            let (errors, warnings) = more;
            let d = Diagnostic::file(run[0].path.clone(), Problem::MoreInFile { errors, warnings });
            out.push(Cow::Owned(if errors == 0 { d.warning() } else { d }));
        }
    }
    if rest.0 + rest.1 > 0 {
        let (errors, warnings, files) = rest;
        let d = Diagnostic::command(Problem::MoreInAll { errors, warnings, files });
        out.push(Cow::Owned(if errors == 0 { d.warning() } else { d }));
    }
    out
}

/// Each problem as people read it, followed by a blank line when it is in a file.
pub fn each(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in shown(diagnostics) {
        out.push_str(&d.to_string());
        if !d.path.as_os_str().is_empty() {
            out.push('\n');
        }
    }
    out
}

/// Prints each problem in a format, without the summary: the warnings of a command that
/// goes on to say what it did.
pub fn print_each(format: Format, diagnostics: &[Diagnostic]) {
    let _ = match format {
        Format::Human => std::io::stderr().write_all(each(diagnostics).as_bytes()),
        Format::Github => std::io::stdout().write_all(github(diagnostics).as_bytes()),
    };
}

/// Everything as people read it: [`each`] problem, then the summary.
pub fn human(diagnostics: &[Diagnostic]) -> String {
    let mut out = each(diagnostics);
    if let Some(summary) = summary(diagnostics) {
        out.push_str(&summary);
        out.push('\n');
    }
    out
}

/// Every problem as a GitHub workflow command, bounded per file as [`human`] is.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    shown(diagnostics).iter().map(|d| github::command(d)).collect()
}

/// Prints the problems in a format: people's on stderr; GitHub's commands on stdout,
/// where the runner reads them, and the summary on stderr. Failing to print (a closed
/// pipe) is not a reason to stop.
pub fn print(format: Format, diagnostics: &[Diagnostic]) {
    match format {
        Format::Human => {
            let _ = std::io::stderr().write_all(human(diagnostics).as_bytes());
        }
        Format::Github => {
            let _ = std::io::stdout().write_all(github(diagnostics).as_bytes());
            if let Some(summary) = summary(diagnostics) {
                let _ = writeln!(std::io::stderr(), "{summary}");
            }
        }
    }
}

/// A path as people read it in a message: forward slashes, unsafe characters escaped.
pub fn path(path: &Path) -> String {
    text::escape(&display_path(path)).into_owned()
}

/// A path as a person typed it: [`path`], without a leading `./`.
pub fn typed_path(path: &Path) -> String {
    // `./` goes before escaping, so that what is left is escaped as a whole (`./::x`).
    let shown = display_path(path);
    text::escape(shown.strip_prefix("./").unwrap_or(&shown)).into_owned()
}

/// One problem as people read it: `path:line:col: error: what`, the line with carets
/// under the problem, and a hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = text::bounded(&self.problem.to_string(), text::MESSAGE_MAX).into_owned();
        let location = match self.position {
            Some(p) => format!("{}:{}:{}", path(&self.path), p.line, p.column),
            None => path(&self.path),
        };
        if matches!(*self.problem, Problem::MoreInFile { .. }) {
            return writeln!(f, "{location}: {message}");
        }
        let severity = match self.severity {
            Severity::Error => labels::ERROR,
            Severity::Warning => labels::WARNING,
        };
        if location.is_empty() {
            writeln!(f, "{severity}: {message}")?;
        } else {
            writeln!(f, "{location}: {severity}: {message}")?;
        }
        if let Some(excerpt) = &self.excerpt {
            let shown = text::excerpt(excerpt);
            let number = excerpt.line.to_string();
            let gutter = " ".repeat(number.len());
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {}", shown.text)?;
            writeln!(f, "{gutter} | {}{}", " ".repeat(shown.caret_at), "^".repeat(shown.carets))?;
        }
        if let Some(help) = self.problem.help() {
            writeln!(f, "  = {}: {}", labels::HELP, text::bounded(&help, text::MESSAGE_MAX))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{CommandProblem, ContentProblem, Problems, Source};

    fn tag(name: &str) -> Problem {
        ContentProblem::UnknownTag { tag: name.into(), suggestion: None, known: vec![] }.into()
    }

    /// 2,000 files of 22 problems each: a few hundred are shown, the rest counted in one
    /// line, and the summary still counts them all.
    #[test]
    fn problems_shown_in_all_are_bounded() {
        let list: Vec<Diagnostic> = (0..2_000)
            .flat_map(|f| (0..22).map(move |_| Diagnostic::file(format!("f{f:04}.toml"), tag("x"))))
            .collect();
        let out = human(&list);
        let lines = out.lines().filter(|l| !l.is_empty()).count();
        assert!(lines < SHOWN_IN_ALL * 3, "{lines} lines");
        assert!(out.len() < 100_000, "{} bytes", out.len());
        let files_shown = SHOWN_IN_ALL.div_ceil(SHOWN_PER_FILE);
        let rest = (2_000 - files_shown) * 22;
        let last = format!(
            "error: … and {} more problems in {} files, not shown\n  = help: fix the problems shown, then run the command again to see the next\n44,000 errors in 2,000 files\n",
            thousands(rest),
            thousands(2_000 - files_shown)
        );
        assert!(out.ends_with(&last), "{}", &out[out.len().saturating_sub(400)..]);
    }

    #[test]
    fn warnings_are_shown_and_counted_apart() {
        let src = Source::new("content/a.toml", "tags = [\"x\"]\n");
        let warning = src.error(9..10, ContentProblem::RepeatedTag { tag: "x".into() }).warning();
        assert_eq!(
            human(std::slice::from_ref(&warning)),
            "content/a.toml:1:10: warning: tag `x` is listed twice\n  |\n1 | tags = [\"x\"]\n  |          ^\n\n1 warning in 1 file\n"
        );
        assert!(!has_errors(std::slice::from_ref(&warning)), "a warning fails nothing");
        let both = [src.error(9..10, tag("x")), warning.clone()];
        assert!(has_errors(&both));
        assert_eq!(summary(&both).unwrap(), "1 error in 1 file, 1 warning");
        assert_eq!(
            github(&[warning]),
            "::warning file=content/a.toml,line=1,col=10,endColumn=10,title=tag `x` is listed twice::tag `x` is listed twice\n"
        );
    }

    #[test]
    fn summaries_count_files_and_what_is_not_shown() {
        let a = Source::new("a.toml", "x");
        let b = Source::new("b.toml", "x");
        let table: [(Vec<Diagnostic>, Option<&str>); 4] = [
            (vec![a.error(0..1, tag("x"))], Some("1 error in 1 file")),
            (
                vec![a.error(0..1, tag("x")), a.error(0..1, tag("y")), b.error(0..1, tag("x"))],
                Some("3 errors in 2 files"),
            ),
            (
                vec![
                    a.error(0..1, tag("x")),
                    Diagnostic::file("a.toml", Problem::MoreInFile { errors: 3997, warnings: 1 }),
                ],
                Some("3,998 errors in 1 file, 1 warning"),
            ),
            (vec![Diagnostic::command(CommandProblem::EmptyTitle)], None),
        ];
        for (diagnostics, expected) in table {
            assert_eq!(summary(&diagnostics).as_deref(), expected);
        }
    }

    #[test]
    fn a_file_shows_its_first_problems_by_position_and_counts_the_rest() {
        let text: String = (0..30).map(|i| format!("k{i:02} = 1\n")).collect();
        let src = Source::new("a.toml", text);
        let problems = Problems::new(&src);
        let made = std::cell::Cell::new(0);
        // Found from the end of the file back: those shown are still the first lines.
        for i in (0..30).rev() {
            problems.push_with(crate::diagnostic::Severity::Error, i * 8..i * 8 + 3, || {
                made.set(made.get() + 1);
                tag(&format!("k{i:02}"))
            });
        }
        assert_eq!(made.get(), 30, "each new problem is nearer the start: all are made");
        let list = problems.into_vec();
        let lines: Vec<usize> = list.iter().filter_map(|d| d.position).map(|p| p.line).collect();
        assert_eq!(lines, (1..=20).rev().collect::<Vec<_>>(), "the order they were found in");
        let out = human(&list);
        assert!(
            out.ends_with("a.toml: … and 10 more problems in this file\n\n30 errors in 1 file\n"),
            "{out}"
        );

        // Found in file order: those past the first twenty are counted, never made.
        let problems = Problems::new(&src);
        made.set(0);
        for i in 0..30 {
            problems.push_with(crate::diagnostic::Severity::Error, i * 8..i * 8 + 3, || {
                made.set(made.get() + 1);
                tag("k")
            });
        }
        assert_eq!(made.get(), SHOWN_PER_FILE);
        assert_eq!(totals(&problems.into_vec()), (30, 0));
    }

    #[test]
    fn lists_not_collected_per_file_are_bounded_when_shown() {
        let src = Source::new("a.toml", "x");
        let many: Vec<Diagnostic> = (0..23).map(|_| src.error(0..1, tag("x"))).collect();
        let out = human(&many);
        assert_eq!(out.matches("error: unknown tag").count(), SHOWN_PER_FILE);
        assert!(
            out.ends_with("a.toml: … and 3 more problems in this file\n\n23 errors in 1 file\n")
        );
    }
}
