//! When each event last changed, for subscribers' calendars: the project's git history,
//! read with one `git log` per build (while the project's files are read), else the dates
//! the project gives.
//!
//! `DTSTAMP`, `LAST-MODIFIED` and `SEQUENCE` must advance whenever an event's file
//! changes, with nothing for the editor to do, and never come from the clock, so that the
//! same commit always builds the same bytes (`docs/format.md`, "iCalendar, as subscribers see it").

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, HistoryProblem};
use crate::event::Event;

/// What git says of each file under `content/`: its last commit and how many touched it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    files: HashMap<PathBuf, Change>,
}

/// A history that `git` may still be reading ([`History::start`]): shared by a project and
/// its translations, and waited for only when a stamp is first asked for, so that the
/// pages that need none are made while `git` works.
#[derive(Debug, Clone)]
pub struct Reading(Arc<Pending>);

#[derive(Debug)]
struct Pending {
    thread: Mutex<Option<std::thread::JoinHandle<History>>>,
    done: OnceLock<History>,
}

impl Reading {
    /// The history, once `git` is done; an empty one if its thread failed.
    pub fn get(&self) -> &History {
        self.0.done.get_or_init(|| {
            let thread = self.0.thread.lock().ok().and_then(|mut t| t.take());
            thread.and_then(|t| t.join().ok()).unwrap_or_default()
        })
    }
}

impl PartialEq for Reading {
    fn eq(&self, other: &Reading) -> bool {
        self.get() == other.get()
    }
}

/// The commits that changed one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The committer time of the last commit that changed it.
    pub time: DateTime<Utc>,
    /// How many commits changed it (merges aside, as `git log` lists them).
    pub commits: u32,
}

/// An event's version, as its `VEVENT` carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// `DTSTAMP` and `LAST-MODIFIED`.
    pub stamp: DateTime<Utc>,
    /// `SEQUENCE`: 0 for the first version, one more for each later commit.
    pub sequence: u32,
}

impl History {
    /// The history of `root`'s `content/` folder, when `root` is in a git repository (at
    /// its top or in a folder of it) and `git` runs; else an empty history.
    ///
    /// One pass over the commits, and only the work the stamps need: no pathspec (git
    /// matched it against every entry of every tree it compared, a third of its time; the
    /// paths outside `content/` are dropped here instead, and `--relative` leaves out those
    /// outside the project), no rename detection (a commit that moves a year's folder would
    /// compare every file with every other), the root commit's files listed whatever the
    /// repository's `log.showRoot` says.
    pub fn read(root: &Path) -> History {
        let output = git(root)
            .args(["-c", "log.showRoot=true"])
            .args(["log", "--format=%x01%ct", "--name-only", "-z", "--relative", "--no-renames"])
            .args(["--no-show-signature", "--no-ext-diff", "--no-textconv"])
            .output();
        match output {
            Ok(out) if out.status.success() => {
                History::parse(&String::from_utf8_lossy(&out.stdout))
            }
            // No git, no repository, a repository without commits, or one git refuses.
            _ => History::default(),
        }
    }

    /// [`History::read`] on a thread of its own, so that `git` works while the project's
    /// files are read and parsed: at a thousand commits it takes as long as they do.
    pub fn start(root: &Path) -> Reading {
        let root = root.to_path_buf();
        let thread = std::thread::spawn(move || History::read(&root));
        Reading(Arc::new(Pending { thread: Mutex::new(Some(thread)), done: OnceLock::new() }))
    }

    /// Reads the output of `git log --format=%x01%ct --name-only -z`: newest commit first,
    /// each a `\x01` and its time, then the paths it changed, NUL-separated. Paths outside
    /// `content/` are left out.
    pub fn parse(log: &str) -> History {
        let mut files: HashMap<PathBuf, Change> = HashMap::new();
        let mut time = None;
        for token in log.split('\0') {
            let token = token.trim_start_matches('\n');
            if let Some(seconds) = token.strip_prefix('\x01') {
                time = seconds.trim().parse::<i64>().ok().and_then(trusted);
            } else if let (Some(time), true) = (time, token.starts_with("content/")) {
                files
                    .entry(PathBuf::from(token))
                    .and_modify(|c| c.commits += 1)
                    .or_insert(Change { time, commits: 1 });
            }
        }
        History { files }
    }

    /// What git says of one file, by its path relative to the project root.
    pub fn change(&self, path: &Path) -> Option<Change> {
        self.files.get(path).copied()
    }

    /// An event's version: its stamp from its `updated` date, else from the last commit
    /// that changed its file, else from `calendar.toml`'s `updated`, else from
    /// `SOURCE_DATE_EPOCH`, else 1 January of the calendar's year (or of the event's own
    /// year); its sequence from the number of commits that changed its file.
    pub fn revision(&self, config: &Config, event: &Event) -> Revision {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        let change = self.change(&event.source);
        let year = config.year.unwrap_or_else(|| event.date.when.month().year);
        Revision {
            stamp: stamp_from(event.updated, change, config.updated, epoch.as_deref(), year),
            sequence: change.map_or(0, |c| c.commits.saturating_sub(1)),
        }
    }

    /// The stamp of a file that no event dates (an Atom feed without entries): from
    /// `calendar.toml`'s `updated`, else `SOURCE_DATE_EPOCH`, else 1 January of the
    /// calendar's year.
    pub fn calendar_stamp(config: &Config) -> DateTime<Utc> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        stamp_from(None, None, config.updated, epoch.as_deref(), config.year.unwrap_or(1970))
    }
}

/// The day a build counts as today, for what is still to come (`embed.html`): the day of
/// `SOURCE_DATE_EPOCH` when set, else of the newest of the events' stamps (`newest`) and
/// `calendar.toml`'s `updated`, else 1 January of the calendar's year. Never the clock,
/// so that the same inputs build the same bytes; a site rebuilt at every change counts
/// from its last change, and one rebuilt on a schedule sets `SOURCE_DATE_EPOCH`.
pub fn reference_day(config: &Config, newest: Option<DateTime<Utc>>) -> NaiveDate {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let updated = config.updated.map(|d| d.and_time(NaiveTime::MIN).and_utc());
    epoch
        .and_then(|s| trusted(s.trim().parse::<i64>().ok()?))
        .or(newest.max(updated))
        .unwrap_or_else(|| History::calendar_stamp(config))
        .date_naive()
}

/// Warnings about what the history cannot see, for `check` and `build`: a shallow clone
/// (every event would take the last commit's stamp) and event files with uncommitted
/// changes (their new dates would reach subscribers without a new SEQUENCE).
pub fn checkout_warnings(root: &Path) -> Vec<Diagnostic> {
    let run = |args: &[&str]| {
        let out = git(root).args(args).output().ok().filter(|o| o.status.success())?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let mut warnings = Vec::new();
    let facts = run(&["rev-parse", "--is-shallow-repository", "--show-prefix"]).unwrap_or_default();
    let mut facts = facts.lines();
    if facts.next() == Some("true") {
        warnings.push(Diagnostic::command(HistoryProblem::Shallow).warning());
    }
    // The paths `status` gives are the repository's; the project may be a folder of it.
    let prefix = facts.next().unwrap_or_default();
    // Read without taking the index's lock, and with no attributes from the work tree
    // (the empty tree's instead), so that no clean filter the repository names is run.
    let status = run(&[
        "--no-optional-locks",
        "--attr-source=4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "status",
        "--porcelain",
        "-z",
        "--untracked-files=no",
        "--",
        "content",
    ]);
    let status = status.unwrap_or_default();
    let mut entries = status.split('\0');
    while let Some(entry) = entries.next() {
        let (Some(code), Some(path)) = (entry.get(..2), entry.get(3..)) else { continue };
        if code.contains(['R', 'C']) {
            entries.next(); // the path it was renamed or copied from
        }
        // Changed files (`M`, `D`, `R`…), not new ones (`A`): a new file has no stamp to keep.
        if code.contains('A') {
            continue;
        }
        let path = Path::new(path.strip_prefix(prefix).unwrap_or(path));
        if path.extension().is_some_and(|e| e == "toml") {
            let warning = Diagnostic::file(path, HistoryProblem::Uncommitted).warning();
            warnings.push(warning);
        }
    }
    warnings
}

/// `git` run on `root` as a reader of history only: none of the programs a repository's
/// own settings can name (signature checkers, file-system monitors, pagers, external diffs
/// and text conversions) is run, whatever `.git/config` says, since a pull request's
/// checkout is not the builder's to trust.
fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(root)
        .args(["-c", "core.fsmonitor=false", "-c", "log.showSignature=false"])
        .args(["-c", "core.pager=cat", "-c", "diff.external=", "--no-pager"])
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_PAGER")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A time in seconds since 1970 as a stamp, if its year is one iCalendar readers take:
/// a commit dated in year 10000 would write `DTSTAMP:+100000101T…`, which makes some
/// refuse the whole feed.
fn trusted(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0).filter(|t| (1900..=9999).contains(&t.year()))
}

fn stamp_from(
    event: Option<NaiveDate>,
    change: Option<Change>,
    calendar: Option<NaiveDate>,
    source_date_epoch: Option<&str>,
    year: i32,
) -> DateTime<Utc> {
    let midnight = |day: NaiveDate| day.and_time(NaiveTime::MIN).and_utc();
    event
        .map(midnight)
        .or(change.map(|c| c.time))
        .or(calendar.map(midnight))
        .or_else(|| trusted(source_date_epoch?.trim().parse::<i64>().ok()?))
        .or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).map(midnight))
        .unwrap_or(DateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_gives_each_file_its_last_commit_and_count() {
        // Newest first, as `git log` prints it; a commit may change several files.
        let log = "\x011700000300\0\ncontent/a.toml\0content/b c.toml\0\0\x011700000200\0\n\
                   content/a.toml\0\0\x011700000100\0\ncontent/a.toml\0content/b c.toml\0";
        let h = History::parse(log);
        let at = |s| DateTime::from_timestamp(s, 0).unwrap();
        assert_eq!(
            h.change(Path::new("content/a.toml")),
            Some(Change { time: at(1_700_000_300), commits: 3 })
        );
        assert_eq!(
            h.change(Path::new("content/b c.toml")),
            Some(Change { time: at(1_700_000_300), commits: 2 })
        );
        assert_eq!(h.change(Path::new("content/z.toml")), None);
        assert_eq!(History::parse(""), History::default());
        // A commit outside the project's events changes no stamp.
        let outside = History::parse("\x011700000400\0\ncalendar.toml\0themes/x.css\0");
        assert_eq!(outside, History::default());
    }

    #[test]
    fn stamps_outside_the_years_readers_take_are_not_trusted() {
        // 1 January 10000 and 1 January 1800, then a commit of 2021.
        let log = "\x01253402300800\0\ncontent/far.toml\0\0\x01-5364662400\0\ncontent/old.toml\0\0\
                   \x011612137600\0\ncontent/far.toml\0";
        let h = History::parse(log);
        assert_eq!(h.change(Path::new("content/old.toml")), None);
        let far = h.change(Path::new("content/far.toml")).unwrap();
        assert_eq!((far.time.year(), far.commits), (2021, 1));
        let got = stamp_from(None, None, None, Some("253402300800"), 2021);
        assert_eq!(got.year(), 2021, "SOURCE_DATE_EPOCH in year 10000 falls back to the year");
    }

    #[test]
    fn stamps_come_from_updated_then_git_then_the_calendar_then_the_epoch_then_the_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let git = Some(Change { time: utc("2021-03-04T05:06:07Z"), commits: 2 });
        let cases = [
            (d(2021, 1, 30), git, d(2021, 2, 1), Some("1700000000"), "2021-01-30T00:00:00Z"),
            (None, git, d(2021, 2, 1), Some("1700000000"), "2021-03-04T05:06:07Z"),
            (None, None, d(2021, 2, 1), Some("1700000000"), "2021-02-01T00:00:00Z"),
            (None, None, None, Some("1700000000"), "2023-11-14T22:13:20Z"),
            (None, None, None, Some("soon"), "2021-01-01T00:00:00Z"),
            (None, None, None, None, "2021-01-01T00:00:00Z"),
        ];
        for (event, change, calendar, epoch, expected) in cases {
            let got = stamp_from(event, change, calendar, epoch, 2021);
            assert_eq!(got, utc(expected), "{event:?} {change:?} {calendar:?} {epoch:?}");
        }
    }
}
