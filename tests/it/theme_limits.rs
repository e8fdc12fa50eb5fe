//! A theme's work and a page's size are bounded (render.rs `Limits`): a template that
//! would run forever or fill memory ends with an error naming it, and nothing is written.

use crate::common;

use std::path::Path;

fn build(dir: &Path) -> (bool, String) {
    common::outcome(dir, &["build"])
}

/// A one-event project whose theme overrides `template` with `text`.
fn project(template: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2026\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.toml"), "title = \"A\"\ndate = \"1 Feb\"\n").unwrap();
    std::fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    std::fs::write(root.join("themes/default/templates").join(template), text).unwrap();
    dir
}

#[test]
fn nested_loops_run_out_of_fuel() {
    let loops =
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n";
    let dir = project("404.html", loops);
    assert_eq!(
        build(dir.path()),
        (
            false,
            format!(
                "themes/default/templates/404.html:1:1: error: this template does more work than any page of this calendar needs (more than 1005000 steps)\n  |\n1 | {}\n  | ^\n  = help: look for loops inside loops, or a loop over a very long `range`\n\n1 error in 1 file\nNothing was written: public is as it was.\n",
                loops.trim_end()
            )
        )
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_page_that_grows_without_end_is_refused_streamed_or_not() {
    for template in ["index.html", "event.html"] {
        let dir = project(
            template,
            "{% extends \"base.html\" %}{% block main %}{% for i in range(100000) %}{{ \"x\" * 100000 }}{% endfor %}{% endblock %}\n",
        );
        assert_eq!(
            build(dir.path()),
            (
                false,
                format!(
                    "themes/default/templates/{template}: error: this template makes a page larger than 8 MiB, far more than any page of this calendar needs\n  = help: look for a loop that writes the same text again and again\n\n1 error in 1 file\nNothing was written: public is as it was.\n"
                )
            ),
            "{template}"
        );
        assert!(!dir.path().join("public").exists());
    }
}

/// Templates and word files are bounded like event files: a file over 2 MiB is refused
/// unread past the limit, wherever it is in the theme or the project's `i18n/`.
#[test]
fn theme_and_word_files_over_the_limit_are_refused() {
    let big = format!("{}\n", "x".repeat(3 << 20));
    let dir = project("index.html", &big);
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(dir.path().join("i18n/en.toml"), format!("skip = \"{big}\"")).unwrap();
    let help = "  = help: a template, a file of words or a stylesheet needs far less; make large images and fonts smaller, or serve them from elsewhere\n";
    assert_eq!(
        build(dir.path()),
        (
            false,
            format!(
                "themes/default/templates/index.html: error: this theme file is 3,145,729 bytes; the most is 2,097,152\n{help}\ni18n/en.toml: error: this theme file is 3,145,738 bytes; the most is 2,097,152\n{help}\n2 errors in 2 files\nNothing was written: public is as it was.\n"
            )
        )
    );
    assert!(!dir.path().join("public").exists());
}

/// A template that stays under the bound of a page, but writes as much on every page, is
/// stopped by the bound on the whole site (here 64 MiB and 1 MiB an event), before the
/// previous site is replaced.
#[test]
fn a_site_that_grows_past_its_events_needs_is_refused() {
    let dir = project(
        "event.html",
        "{% extends \"base.html\" %}{% block main %}{{ \"x\" * 7000000 }}{% endblock %}\n",
    );
    for i in 0..20 {
        let event = format!("title = \"E{i}\"\ndate = \"{} Mar\"\n", i + 1);
        std::fs::write(dir.path().join(format!("content/e{i}.toml")), event).unwrap();
    }
    assert_eq!(
        build(dir.path()),
        (
            false,
            "error: the site grew past 85 MiB, far more than 21 events need; nothing was published\n  = help: look for a template that writes the same text again and again on every page\nNothing was written: public is as it was.\n".to_string()
        )
    );
    assert!(!dir.path().join("public").exists());
}
