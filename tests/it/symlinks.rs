//! Symbolic links, which git cannot hold in tests/corpus/ portably: made here at test time.
//! A link whose target lies outside the project is an error naming the link, and its
//! target is never read, printed or published; links that stay inside keep working.

#![cfg(unix)]

use crate::common;

use std::os::unix::fs::symlink;
use std::path::Path;

/// Runs `whenwhere ARGS` in `dir`: success, and stderr.
fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    common::outcome(dir, args)
}

const CALENDAR: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2026\n";
const EVENT: &str = "title = \"A\"\ndate = \"16 Feb\"\n";
const OUTSIDE: &str = "title = \"TOKEN=abc\"\ndate = \"1 Mar\"\n";
const REFUSED: &str = "error: this is a link to a file or folder outside the project; it is not read\n  = help: copy what it points to into the project, or remove the link\n";

/// A project with one good event, and a folder outside it holding a valid event file
/// whose title is a secret.
fn project() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("calendar.toml"), CALENDAR).unwrap();
    std::fs::create_dir_all(dir.path().join("content/2026")).unwrap();
    std::fs::write(dir.path().join("content/2026/a.toml"), EVENT).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), OUTSIDE).unwrap();
    std::fs::write(outside.path().join("calendar.toml"), CALENDAR).unwrap();
    (dir, outside)
}

/// Every file under `dir`, read whole, for a search of what was published.
fn all_text(dir: &Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect()
}

#[test]
fn a_link_to_etc_passwd_is_named_and_never_echoed() {
    let (dir, _outside) = project();
    symlink("/etc/passwd", dir.path().join("content/2026/x.toml")).unwrap();
    let (ok, stderr) = run(dir.path(), &["check"]);
    assert!(!ok);
    assert_eq!(stderr, format!("content/2026/x.toml: {REFUSED}\n1 error in 1 file\n"));
    if let Ok(passwd) = std::fs::read_to_string("/etc/passwd") {
        for line in passwd.lines().filter(|l| !l.is_empty()) {
            assert!(!stderr.contains(line), "a line of /etc/passwd was printed: {line}");
        }
    }
}

#[test]
fn a_linked_valid_event_outside_is_not_published() {
    let (dir, outside) = project();
    symlink(outside.path().join("secret.toml"), dir.path().join("content/2026/s.toml")).unwrap();
    let (ok, stderr) = run(dir.path(), &["build"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        format!(
            "content/2026/s.toml: {REFUSED}\n1 error in 1 file\nNothing was written: public is as it was.\n"
        )
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn linked_content_themes_and_calendar_toml_outside_are_refused() {
    let (dir, outside) = project();
    std::fs::rename(dir.path().join("content"), dir.path().join("kept")).unwrap();
    symlink(outside.path(), dir.path().join("content")).unwrap();
    assert_eq!(
        run(dir.path(), &["check"]),
        (false, format!("content: {REFUSED}\n1 error in 1 file\n"))
    );

    let (dir, outside) = project();
    std::fs::remove_file(dir.path().join("calendar.toml")).unwrap();
    symlink(outside.path().join("calendar.toml"), dir.path().join("calendar.toml")).unwrap();
    assert_eq!(
        run(dir.path(), &["check"]),
        (false, format!("calendar.toml: {REFUSED}\n1 error in 1 file\n"))
    );

    let (dir, outside) = project();
    std::fs::create_dir_all(outside.path().join("templates")).unwrap();
    std::fs::write(outside.path().join("templates/base.html"), "TOKEN=abc").unwrap();
    std::fs::create_dir_all(dir.path().join("themes")).unwrap();
    symlink(outside.path(), dir.path().join("themes/default")).unwrap();
    assert_eq!(
        run(dir.path(), &["build"]),
        (
            false,
            format!(
                "themes/default: {REFUSED}\n1 error in 1 file\nNothing was written: public is as it was.\n"
            )
        )
    );
}

#[test]
fn theme_links_to_environ_templates_and_includes_outside_are_refused() {
    let (dir, outside) = project();
    let theme = dir.path().join("themes/default");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    symlink("/proc/self/environ", theme.join("static/env.txt")).unwrap();
    std::fs::write(outside.path().join("leak.html"), "TOKEN=abc").unwrap();
    symlink(outside.path().join("leak.html"), theme.join("templates/leak.html")).unwrap();
    symlink(outside.path(), theme.join("static/outside")).unwrap();
    let (ok, stderr) = run(dir.path(), &["build"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        format!(
            "themes/default/static/env.txt: {REFUSED}\nthemes/default/static/outside: {REFUSED}\nthemes/default/templates/leak.html: {REFUSED}\n3 errors in 3 files\nNothing was written: public is as it was.\n"
        )
    );
    assert!(!dir.path().join("public").exists());

    // Without links, an `include` can only name the theme's own templates.
    std::fs::remove_dir_all(&theme).unwrap();
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(theme.join("templates/404.html"), "{% include \"/etc/passwd\" %}").unwrap();
    assert_eq!(
        run(dir.path(), &["build"]),
        (
            false,
            "themes/default/templates/404.html:1:4: error: template error: template not found: tried to include non-existing template '/etc/passwd'\n  |\n1 | {% include \"/etc/passwd\" %}\n  |    ^^^^^^^^^^^^^^^^^^^^^\n\n1 error in 1 file\nNothing was written: public is as it was.\n".to_string()
        )
    );
    assert!(!all_text(dir.path()).contains("root:x:0:0"));
}

#[test]
fn links_inside_the_project_keep_working() {
    let (dir, _outside) = project();
    let root = dir.path();
    std::fs::create_dir_all(root.join("extra/events")).unwrap();
    std::fs::write(root.join("extra/events/b.toml"), "title = \"B\"\ndate = \"2 Mar\"\n").unwrap();
    symlink("../../extra/events", root.join("content/2026/linked")).unwrap();
    symlink(root.join("content/2026/a.toml"), root.join("content/c.toml")).unwrap();
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    std::fs::write(root.join("logo.svg"), "<svg/>").unwrap();
    symlink("../../../logo.svg", root.join("themes/default/static/logo.svg")).unwrap();
    let (ok, stderr) = run(root, &["build", "-q"]);
    assert!(ok, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(std::fs::read_to_string(root.join("public/logo.svg")).unwrap(), "<svg/>");
    assert!(root.join("public/events/b.html").is_file());
    assert!(root.join("public/events/c.html").is_file());
    assert!(!all_text(&root.join("public")).contains("TOKEN=abc"));
}

/// A link to `.git/config` stays inside the project but is never read: with
/// `actions/checkout`'s defaults that file holds the token that can push to the repository.
#[test]
fn a_link_into_git_is_refused_and_the_token_never_published() {
    let (dir, _outside) = project();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let config = "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu\n";
    std::fs::write(dir.path().join(".git/config"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/static")).unwrap();
    symlink("../../../.git/config", dir.path().join("themes/default/static/robots.txt")).unwrap();
    let (ok, stderr) = run(dir.path(), &["build"]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.starts_with("themes/default/static/robots.txt: error: this is a link into `.git`, whose name starts with a dot; it is not read\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("c2VjcmV0"), "{stderr}");
    assert!(!dir.path().join("public").exists(), "a build with errors writes nothing");
}
