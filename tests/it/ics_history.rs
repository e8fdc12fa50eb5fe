//! Edits that reach subscribers by themselves: a calendar in a temporary git repository,
//! built after each scripted commit, as the Pages workflow builds it.

use crate::common;

use std::path::Path;
use std::process::Command;

use whenwhere::history::History;

fn whenwhere(dir: &Path, env: &[(&str, &str)]) {
    let out = common::whenwhere()
        .args(["build", "-q"])
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs git in `dir` with a fixed identity and commit time, whatever the machine's setup.
fn git(dir: &Path, args: &[&str], time: &str) -> bool {
    Command::new("git")
        .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", time)
        .env("GIT_COMMITTER_DATE", time)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The unfolded value of a property in a file of the built site.
fn prop(dir: &Path, file: &str, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("public").join(file)).unwrap();
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::to_string))
        .collect()
}

const CALENDAR: &str =
    "title = \"W\"\nbase_url = \"https://example.org/w/\"\nyear = 2021\ntimezone = \"UTC\"\n";

#[test]
fn each_commit_advances_sequence_and_stamps_while_the_uid_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("content/2021")).unwrap();
    std::fs::write(dir.join("calendar.toml"), CALENDAR).unwrap();
    let walk = dir.join("content/2021/walk21.toml");
    std::fs::write(&walk, "title = \"Walk21\"\ndate = \"7 Oct\"\n").unwrap();
    std::fs::write(dir.join("content/2021/other.toml"), "title = \"Other\"\ndate = \"1 Dec\"\n")
        .unwrap();
    // A clone has git: its absence is a failure, not a reason to pass without testing.
    assert!(git(dir, &["init", "-q"], "2021-03-01T10:00:00Z"), "git cannot run here");
    assert!(git(dir, &["add", "."], "2021-03-01T10:00:00Z"));
    assert!(git(dir, &["commit", "-qm", "first"], "2021-03-01T10:00:00Z"));
    whenwhere(dir, &[]);
    let file = "events/walk21.ics";
    assert_eq!(prop(dir, file, "SEQUENCE"), ["0"]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210301T100000Z"]);
    assert_eq!(prop(dir, file, "LAST-MODIFIED"), ["20210301T100000Z"]);
    assert_eq!(prop(dir, file, "DTSTART;VALUE=DATE"), ["20211007"]);
    let uid = prop(dir, file, "UID");
    assert_eq!(uid, ["walk21@w.example.org"]);
    let first = std::fs::read(dir.join("public/calendar.ics")).unwrap();

    // The same commit builds the same bytes.
    whenwhere(dir, &[]);
    assert_eq!(std::fs::read(dir.join("public/calendar.ics")).unwrap(), first);

    // The editor changes the date and commits; nothing else.
    std::fs::write(&walk, "title = \"Walk21\"\ndate = \"8 Oct\"\n").unwrap();
    assert!(git(dir, &["commit", "-qam", "moved"], "2021-04-02T11:30:00Z"));
    whenwhere(dir, &[]);
    assert_eq!(prop(dir, file, "SEQUENCE"), ["1"]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210402T113000Z"]);
    assert_eq!(prop(dir, file, "LAST-MODIFIED"), ["20210402T113000Z"]);
    assert_eq!(prop(dir, file, "DTSTART;VALUE=DATE"), ["20211008"]);
    assert_eq!(prop(dir, file, "UID"), uid);
    // In the feed too (Walk21 first); the event nobody touched keeps its version.
    assert_eq!(prop(dir, "calendar.ics", "SEQUENCE"), ["1", "0"]);
    assert_eq!(prop(dir, "calendar.ics", "DTSTAMP"), ["20210402T113000Z", "20210301T100000Z"]);

    // A commit that touches only another file leaves this one as it was.
    std::fs::write(dir.join("content/2021/other.toml"), "title = \"Other\"\ndate = \"2 Dec\"\n")
        .unwrap();
    assert!(git(dir, &["commit", "-qam", "other"], "2021-05-03T12:00:00Z"));
    whenwhere(dir, &[]);
    assert_eq!(prop(dir, file, "SEQUENCE"), ["1"]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210402T113000Z"]);

    // An `updated` date wins over git for the stamps; git still counts the commits.
    std::fs::write(&walk, "title = \"Walk21\"\ndate = \"8 Oct\"\nupdated = 2021-06-01\n").unwrap();
    assert!(git(dir, &["commit", "-qam", "updated"], "2021-06-04T09:00:00Z"));
    whenwhere(dir, &[]);
    assert_eq!(prop(dir, file, "SEQUENCE"), ["2"]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210601T000000Z"]);
}

#[test]
fn without_git_stamps_come_from_the_calendar_then_the_epoch_then_its_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/walk21.toml"), "title = \"Walk21\"\ndate = \"7 Oct\"\n")
        .unwrap();
    let file = "events/walk21.ics";
    std::fs::write(dir.join("calendar.toml"), CALENDAR).unwrap();
    whenwhere(dir, &[]);
    // Never 1970: the calendar's year when nothing else says when.
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210101T000000Z"]);
    assert_eq!(prop(dir, file, "SEQUENCE"), ["0"]);
    whenwhere(dir, &[("SOURCE_DATE_EPOCH", "1612137600")]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210201T000000Z"]);
    std::fs::write(dir.join("calendar.toml"), format!("{CALENDAR}updated = 2021-02-15\n")).unwrap();
    whenwhere(dir, &[("SOURCE_DATE_EPOCH", "1612137600")]);
    assert_eq!(prop(dir, file, "DTSTAMP"), ["20210215T000000Z"]);
}

/// A repository whose project is in `calendar/`, with two commits of one event.
fn repository_with_a_project_in_a_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("calendar");
    std::fs::create_dir_all(project.join("content/2021")).unwrap();
    std::fs::write(project.join("calendar.toml"), CALENDAR).unwrap();
    let event = project.join("content/2021/walk.toml");
    std::fs::write(&event, "title = \"Walk\"\ndate = \"7 Oct\"\n").unwrap();
    assert!(git(tmp.path(), &["init", "-q"], "2021-03-01T10:00:00Z"), "git runs");
    assert!(git(tmp.path(), &["add", "-A"], "2021-03-01T10:00:00Z"));
    assert!(git(tmp.path(), &["commit", "-qm", "a"], "2021-03-01T10:00:00Z"));
    std::fs::write(&event, "title = \"Walk\"\ndate = \"8 Oct\"\n").unwrap();
    assert!(git(tmp.path(), &["commit", "-qam", "b"], "2021-04-02T10:00:00Z"));
    tmp
}

#[test]
fn a_project_in_a_folder_of_a_repository_gets_its_stamps() {
    let tmp = repository_with_a_project_in_a_folder();
    let history = History::read(&tmp.path().join("calendar"));
    let change = history.change(Path::new("content/2021/walk.toml")).unwrap();
    assert_eq!(change.commits, 2);
    assert_eq!(change.time.to_rfc3339(), "2021-04-02T10:00:00+00:00");
}

/// A repository's own settings cannot make a build run a program: here a signature
/// checker that would leave a mark, on a commit that carries a signature.
#[cfg(unix)]
#[test]
fn history_is_read_without_the_programs_the_repository_names() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = repository_with_a_project_in_a_folder();
    let mark = tmp.path().join("ran");
    let program = tmp.path().join("checker");
    let script = format!("#!/bin/sh\ntouch '{}'\nexit 1\n", mark.display());
    std::fs::write(&program, script).unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    for setting in [
        ["config", "log.showSignature", "true"],
        ["config", "gpg.program", program.to_str().unwrap()],
        ["config", "core.fsmonitor", program.to_str().unwrap()],
        ["config", "core.pager", program.to_str().unwrap()],
    ] {
        assert!(git(tmp.path(), &setting, "2021-04-02T10:00:00Z"));
    }
    // A commit with a signature (never checked as one), as `git commit -S` makes.
    let head = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(tmp.path()).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let tree = head(&["rev-parse", "HEAD^{tree}"]);
    let parent = head(&["rev-parse", "HEAD"]);
    let commit = format!(
        "tree {}\nparent {}\nauthor E <e@x> 1617400000 +0000\ncommitter E <e@x> 1617400000 +0000\n\
         gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ==\n -----END PGP SIGNATURE-----\n\nsigned\n",
        tree.trim(),
        parent.trim()
    );
    let object = tmp.path().join("commit.txt");
    std::fs::write(&object, commit).unwrap();
    let id = head(&["hash-object", "-t", "commit", "-w", object.to_str().unwrap()]);
    assert!(git(tmp.path(), &["update-ref", "HEAD", id.trim()], "2021-04-02T10:00:00Z"));
    // The settings are live: git itself runs the checker when asked to show signatures.
    let _ = Command::new("git")
        .args(["log", "-1"])
        .current_dir(tmp.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output();
    assert!(mark.exists(), "the repository's settings name a program git runs");
    std::fs::remove_file(&mark).unwrap();

    let history = History::read(&tmp.path().join("calendar"));
    assert_eq!(history.change(Path::new("content/2021/walk.toml")).map(|c| c.commits), Some(2));
    assert!(!mark.exists(), "reading the history ran a program the repository named");
}

/// What the history cannot see is said by `check` and `build`, as warnings: edits not
/// committed (their new dates would reach subscribers without a new SEQUENCE), and a
/// shallow clone (every event would take the one commit's stamp), with the fix.
#[test]
fn uncommitted_edits_and_a_shallow_clone_are_warned_of() {
    let tmp = repository_with_a_project_in_a_folder();
    let project = tmp.path().join("calendar");
    let (ok, stderr) = common::outcome(&project, &["check"]);
    assert!(ok && !stderr.contains("warning"), "{stderr}");

    std::fs::write(project.join("content/2021/walk.toml"), "title = \"Walk\"\ndate = \"9 Oct\"\n")
        .unwrap();
    // A new file, even staged, has no stamp to keep: no warning.
    std::fs::write(project.join("content/2021/new.toml"), "title = \"New\"\ndate = \"1 Nov\"\n")
        .unwrap();
    assert!(git(tmp.path(), &["add", "calendar/content/2021/new.toml"], "2021-05-01T00:00:00Z"));
    for command in ["check", "build"] {
        let (ok, stderr) = common::outcome(&project, &[command]);
        assert!(ok, "{stderr}");
        assert!(
            stderr.starts_with("content/2021/walk.toml: warning: this file has changes that are not committed: subscribers' calendars will not see them as a change (SEQUENCE and DTSTAMP come from its last commit)\n  = help: commit it before publishing\n"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("new.toml"), "{command}: {stderr}");
    }

    let shallow = tempfile::tempdir().unwrap();
    let source = format!("file://{}", tmp.path().display());
    let clone = shallow.path().join("clone");
    assert!(git(
        shallow.path(),
        &["clone", "-q", "--depth", "1", &source, "clone"],
        "2021-05-01T00:00:00Z"
    ));
    let (ok, stderr) = common::outcome(&clone.join("calendar"), &["check"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.starts_with("warning: the repository is a shallow clone: every event takes the last commit's stamp and its SEQUENCE goes back, so subscribers' calendars may not update\n  = help: fetch the whole history; in GitHub Actions, give actions/checkout `fetch-depth: 0`\n"),
        "{stderr}"
    );
}
