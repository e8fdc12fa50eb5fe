//! Proposing and changing events without git: the issue form and workflow `init` writes,
//! `new --from-issue-form` on bodies as GitHub renders the form, and the site's links to
//! GitHub when `calendar.toml` names the repository.

use std::collections::BTreeSet;
use std::path::Path;

use whenwhere::config::Config;
use whenwhere::diagnostic::Source;
use whenwhere::{issue_form, scaffold};
use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{outcome, project, run};

fn yaml(text: &str) -> Yaml {
    YamlLoader::load_from_str(text).unwrap().remove(0)
}

fn file<'a>(files: &'a [(std::path::PathBuf, String)], path: &str) -> &'a str {
    &files.iter().find(|(p, _)| p == Path::new(path)).unwrap_or_else(|| panic!("{path}")).1
}

/// The form `init` writes is one GitHub reads (the issue forms schema, as far as these
/// files use it), its fields are those `new --from-issue-form` reads, and its tags are the
/// calendar's, in the calendar's default language.
#[test]
fn the_issue_form_is_a_github_form_with_the_calendars_tags() {
    let known_types = ["markdown", "input", "textarea", "dropdown", "checkboxes"];
    for languages in [vec![], vec!["fr".to_string(), "en".to_string()]] {
        let files = scaffold::project_files("Cal", 2027, &languages);
        let form = yaml(file(&files, ".github/ISSUE_TEMPLATE/event.yml"));
        for key in ["name", "description"] {
            assert!(form[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
        }
        let labels: Vec<&str> =
            form["labels"].as_vec().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert_eq!(labels, [issue_form::LABEL]);
        let mut ids = BTreeSet::new();
        let mut fields = Vec::new();
        for element in form["body"].as_vec().unwrap() {
            let kind = element["type"].as_str().unwrap();
            assert!(known_types.contains(&kind), "{kind}");
            let attributes = &element["attributes"];
            if kind == "markdown" {
                assert!(attributes["value"].as_str().is_some());
                continue;
            }
            let id = element["id"].as_str().unwrap();
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert!(ids.insert(id), "{id} twice");
            let label = attributes["label"].as_str().unwrap();
            fields.push((id, label));
            match kind {
                "dropdown" => assert!(!attributes["options"].as_vec().unwrap().is_empty()),
                "checkboxes" => {
                    for option in attributes["options"].as_vec().unwrap() {
                        assert!(option["label"].as_str().is_some(), "{option:?}");
                    }
                }
                _ => assert!(attributes["options"].is_badvalue()),
            }
            let required = element["validations"]["required"].as_bool() == Some(true);
            assert_eq!(required, ["title", "date"].contains(&id), "{id}");
        }
        let words = issue_form::words(languages.first().map_or("en", String::as_str));
        let expected: Vec<(&str, &str)> =
            issue_form::KEYS.iter().copied().zip(words.labels).collect();
        assert_eq!(fields, expected);

        let calendar =
            Config::parse(&Source::new("calendar.toml", file(&files, "calendar.toml"))).unwrap();
        let tags = form["body"]
            .as_vec()
            .unwrap()
            .iter()
            .find(|e| e["id"].as_str() == Some("tags"))
            .unwrap();
        let options: Vec<&str> = tags["attributes"]["options"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap())
            .collect();
        let labels: Vec<&str> = calendar.tags.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(options, labels, "{languages:?}");
        let attendance = form["body"]
            .as_vec()
            .unwrap()
            .iter()
            .find(|e| e["id"].as_str() == Some("attendance"))
            .unwrap();
        let options: Vec<&str> = attendance["attributes"]["options"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        assert_eq!(options, words.attendance);
    }
    let french = scaffold::project_files("Cal", 2027, &["fr".to_string()]);
    let form = file(&french, ".github/ISSUE_TEMPLATE/event.yml");
    assert!(form.contains("label: \"Évènements de diplomatie urbaine\""), "{form}");
    assert!(form.contains("\nname: \"Proposer un évènement\"\n"), "{form}");
}

/// Texts an issue's author writes (its title, body, comments) and a pull request's
/// (title, body, branch) never reach a workflow's expression: there, they would become
/// part of the script or the step's settings before it runs. And no `run:` script has an
/// expression of the event's payload at all: what a script needs of it, it reads from
/// `$GITHUB_EVENT_PATH` with jq, as data.
#[test]
fn no_workflow_puts_what_an_author_wrote_into_a_script_or_an_expression() {
    let authored = [
        "github.event.issue.title",
        "github.event.issue.body",
        "github.event.comment",
        "github.event.pull_request.title",
        "github.event.pull_request.body",
        "github.event.pull_request.head.ref",
        "github.event.pull_request.head.label",
        "github.event.review",
        "github.head_ref",
        "github.event.head_commit",
        "github.event.commits",
    ];
    let files = scaffold::project_files("calendar", 2027, &[]);
    let workflows: Vec<&(std::path::PathBuf, String)> =
        files.iter().filter(|(p, _)| p.starts_with(".github/workflows")).collect();
    assert_eq!(workflows.len(), 3);
    for (path, text) in workflows {
        for field in authored {
            assert!(!text.contains(field), "{}: {field}", path.display());
        }
        let workflow = yaml(text);
        for job in workflow["jobs"].as_hash().unwrap().values() {
            for step in job["steps"].as_vec().into_iter().flatten() {
                let Some(script) = step["run"].as_str() else { continue };
                for expression in script.split("${{").skip(1) {
                    let expression = expression.split("}}").next().unwrap();
                    assert!(!expression.contains("github.event"), "{}: {script}", path.display());
                }
            }
        }
    }
    let propose = yaml(file(&files, ".github/workflows/propose.yml"));
    let permissions: BTreeSet<(&str, &str)> = propose["permissions"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    assert_eq!(
        permissions,
        BTreeSet::from([("contents", "write"), ("pull-requests", "write"), ("issues", "write")])
    );
    let types: Vec<&str> = propose["on"]["issues"]["types"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(types, ["opened", "edited", "labeled"]);
    let job = &propose["jobs"]["propose"];
    assert!(job["if"].as_str().unwrap().contains(&format!("'{}'", issue_form::LABEL)));
    let scripts: String =
        job["steps"].as_vec().unwrap().iter().filter_map(|s| s["run"].as_str()).collect();
    for needed in [
        "jq -r '.issue.body // \"\"' \"$GITHUB_EVENT_PATH\"",
        "whenwhere new --from-issue-form \"$RUNNER_TEMP/body.md\"",
        "whenwhere check .",
        "gh pr create",
        "gh issue comment",
    ] {
        assert!(scripts.contains(needed), "{needed}");
    }
    let ours = job["steps"].as_vec().unwrap().iter().filter_map(|s| s["uses"].as_str());
    assert!(ours.clone().any(|u| u == scaffold::action_ref()));
    for step in
        job["steps"].as_vec().unwrap().iter().filter(|s| !s["env"]["GH_TOKEN"].is_badvalue())
    {
        assert_eq!(step["env"]["GH_TOKEN"].as_str(), Some("${{ github.token }}"));
    }
}

/// A body as GitHub renders the form `init` writes, from each field's answer (`None` for
/// one left empty) and the ticked tags.
fn body(answers: [Option<&str>; 6], ticked: &[&str]) -> String {
    let [title, date, location, attendance, link, description] = answers;
    let tags: String = ["Urban diplomacy events", "Capacity building events"]
        .iter()
        .map(|t| format!("- [{}] {t}\r\n", if ticked.contains(t) { "X" } else { " " }))
        .collect();
    let or_none = |a: Option<&str>| a.unwrap_or("_No response_").replace('\n', "\r\n");
    // GitHub writes CRLF line ends.
    format!(
        "### Title\r\n\r\n{}\r\n\r\n### Date\r\n\r\n{}\r\n\r\n### Tags\r\n\r\n{tags}\r\n### Location\r\n\r\n{}\r\n\r\n### Attendance\r\n\r\n{}\r\n\r\n### Link\r\n\r\n{}\r\n\r\n### Description\r\n\r\n{}",
        or_none(title),
        or_none(date),
        or_none(location),
        attendance.unwrap_or("None"),
        or_none(link),
        or_none(description),
    )
}

/// `new --from-issue-form` on `body` in a new project with the calendar of `init`: whether
/// it succeeded, what it said, and the event files it wrote, each as TOML.
fn propose(body: &str) -> (bool, String, Vec<(String, toml::Table)>) {
    let dir = project(&[("body.md", body)]);
    let (ok, said) = outcome(dir.path(), &["new", "--from-issue-form", "body.md"]);
    if ok {
        // What `new` writes, `check` passes: every field, attendance included.
        let (checked, says) = outcome(dir.path(), &["check"]);
        assert!(checked, "check after new --from-issue-form: {says}");
    }
    let mut written = Vec::new();
    for entry in walkdir::WalkDir::new(dir.path().join("content")).into_iter().flatten() {
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let rel =
                entry.path().strip_prefix(dir.path()).unwrap().to_string_lossy().replace('\\', "/");
            written.push((rel, text.parse::<toml::Table>().unwrap()));
        }
    }
    (ok, said, written)
}

fn strings(table: &toml::Table) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(k, v)| {
            let v = match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Array(a) => {
                    a.iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>().join(",")
                }
                other => panic!("{k}: {other:?}"),
            };
            (k.clone(), v)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn every_field_of_the_form_becomes_the_event_file() {
    let description = "A week of *exchange*.\n\n### Programme\n\n- Day 1: arrivals";
    let answers = [
        Some("Annual Retreat & Campus"),
        Some("15-22 Feb"),
        Some("Guangzhou, China"),
        Some("In person"),
        Some("https://example.org/retreat"),
        Some(description),
    ];
    let (ok, said, written) =
        propose(&body(answers, &["Capacity building events", "Urban diplomacy events"]));
    assert!(ok, "{said}");
    assert_eq!(said, "created content/2021/annual-retreat-campus.toml\n");
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].0, "content/2021/annual-retreat-campus.toml");
    assert_eq!(
        strings(&written[0].1),
        pairs(&[
            ("title", "Annual Retreat & Campus"),
            ("date", "15-22 Feb"),
            // In the form's order, which is calendar.toml's.
            ("tags", "diplomacy,capacity-building"),
            ("location", "Guangzhou, China"),
            ("url", "https://example.org/retreat"),
            ("description", description),
            ("attendance", "in-person"),
        ])
    );
}

#[test]
fn fields_left_empty_are_left_out() {
    let answers = [Some("Webinar on budgets"), Some("(tbc) Apr"), None, None, None, None];
    let (ok, said, written) = propose(&body(answers, &[]));
    assert!(ok, "{said}");
    assert_eq!(
        strings(&written[0].1),
        pairs(&[("title", "Webinar on budgets"), ("date", "(tbc) Apr"), ("tags", "")])
    );
}

/// Each refusal says which field of the form to fix, as `new` says which option, and
/// nothing is written.
#[test]
fn a_body_with_a_problem_is_refused_naming_the_forms_field() {
    let table: [([Option<&str>; 6], &str); 5] = [
        (
            [Some("Forum"), Some("Fbe 3"), None, None, None, None],
            "error: “Date” \"Fbe 3\": unknown month `Fbe`\n  = help: did you mean `Feb`?\n",
        ),
        (
            [None, Some("3 Feb"), None, None, None, None],
            "error: the issue's “Title” is empty\n  = help: edit the issue and fill in “Title”\n",
        ),
        (
            [Some("Forum"), Some("3 Feb"), None, Some("Remote"), None, None],
            "error: the issue's “Attendance” has “Remote”, which is none of its choices\n  = help: choose among “In person”, “Online”, “Hybrid”; “Attendance” in the form (.github/ISSUE_TEMPLATE/event.yml) lists them\n",
        ),
        (
            [Some("Forum"), Some("3 Feb"), None, None, Some("ftp://example.org/"), None],
            "error: “Link”: `url` must be an http:// or https:// address\n  = help: `ftp:` addresses are not allowed; write it as https://example.org/page\n",
        ),
        (
            [Some("Forum"), Some("3 Feb"), Some("Paris\u{202e}"), None, None, None],
            "error: “Location”: `location` contains U+202E, an invisible character that reorders the text around it\n  = help: remove it; right-to-left text needs no such character to show correctly\n",
        ),
    ];
    for (answers, expected) in table {
        let (ok, said, written) = propose(&body(answers, &[]));
        assert!(!ok, "{answers:?}");
        assert!(written.is_empty(), "{answers:?}: {written:?}");
        assert_eq!(said, expected, "{answers:?}");
    }
    // A tag the calendar does not have (the form out of date with calendar.toml).
    let text = body([Some("Forum"), Some("3 Feb"), None, None, None, None], &[])
        .replace("- [ ] Urban diplomacy events", "- [X] Urban diplomacy event");
    let (ok, said, _) = propose(&text);
    assert!(!ok);
    assert_eq!(
        said,
        "error: the issue's “Tags” has “Urban diplomacy event”, which is none of its choices\n  = help: did you mean “Urban diplomacy events”?\n"
    );
}

/// Shell, workflow and template syntax and TOML that tries to add keys, in every field,
/// end up as the same text in the file's strings, and nothing else in the file.
#[test]
fn what_the_issue_says_is_written_as_text_and_nothing_more() {
    let hostile = "$(rm -rf /) `id` ${{ github.token }} {{ x }} {% raw %} \"\"\" ''' \\\" \"\ntags = [\"capacity-building\"]\n[call]\nuntil = \"1 Jan\"";
    let one_line = hostile.replace('\n', " ");
    let answers = [
        Some(&*one_line),
        Some("3 Feb"),
        Some(&*one_line),
        None,
        Some("https://example.org/?q=$(rm%20-rf%20/)&t=${{github.token}}"),
        Some(hostile),
    ];
    let (ok, said, written) = propose(&body(answers, &["Urban diplomacy events"]));
    assert!(ok, "{said}");
    let (path, table) = &written[0];
    assert!(path.starts_with("content/2021/"), "{path}");
    assert_eq!(
        strings(table),
        pairs(&[
            ("title", &one_line),
            ("date", "3 Feb"),
            ("tags", "diplomacy"),
            ("location", &one_line),
            ("url", "https://example.org/?q=$(rm%20-rf%20/)&t=${{github.token}}"),
            ("description", hostile),
        ])
    );
    // And `check` reads it as `new` wrote it.
    let dir = project(&[("body.md", body(answers, &["Urban diplomacy events"]))]);
    assert!(outcome(dir.path(), &["new", "-q", "--from-issue-form", "body.md"]).0);
    let (ok, said) = outcome(dir.path(), &["check", "-q"]);
    assert!(ok, "{said}");
}

/// The file is never overwritten: a second proposal of the same event is refused, and the
/// first file stays as it was.
#[test]
fn an_existing_event_file_is_never_overwritten() {
    let first = body([Some("Forum"), Some("3 Feb"), None, None, None, Some("First.")], &[]);
    let second = body([Some("Forum"), Some("4 Feb"), None, None, None, Some("Second.")], &[]);
    let dir = project(&[("a.md", first), ("b.md", second)]);
    assert!(outcome(dir.path(), &["new", "--from-issue-form", "a.md"]).0);
    let (ok, said) = outcome(dir.path(), &["new", "--from-issue-form", "b.md"]);
    assert!(!ok);
    assert!(said.starts_with("error: an event with the slug `forum` exists already"), "{said}");
    let text = std::fs::read_to_string(dir.path().join("content/2021/forum.toml")).unwrap();
    assert!(text.contains("First."), "{text}");
    let (ok, said) = outcome(dir.path(), &["new", "--from-issue-form", "missing.md"]);
    assert!(!ok);
    assert!(said.starts_with("missing.md: error: cannot read this"), "{said}");
}

/// With `repository`, each event page links to GitHub's editor for its file (under the
/// project's folder in the repository, each part of the path percent-encoded) and the
/// index to the issue form, in the reader's language; without it, neither link is there.
#[test]
fn the_links_to_github_appear_with_repository_and_only_then() {
    let event = "title = \"Forum\"\ndate = \"3 Feb\"\n";
    let settings = "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\nlanguages = [\"en\", \"fr\"]\n";
    let with = format!(
        "repository = \"https://github.com/Example-Org/events.site\"\nbranch = \"gh-pages\"\n{settings}"
    );
    // The project in the folder `our calendar/` of a repository.
    let repo = project(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("our calendar/calendar.toml", with.as_str()),
        ("our calendar/content/Été 2021/forum.toml", event),
    ]);
    let root = repo.path().join("our calendar");
    let bare = project(&[("calendar.toml", settings), ("content/forum.toml", event)]);
    for (dir, linked) in [(root.as_path(), true), (bare.path(), false)] {
        let out = run(dir, &["build", "-q", "."]);
        assert!(out.status.success(), "{}", crate::common::stderr(&out));
        let page = |path: &str| std::fs::read_to_string(dir.join("public").join(path)).unwrap();
        let edit = "https://github.com/Example-Org/events.site/edit/gh-pages/our%20calendar/content/%C3%89t%C3%A9%202021/forum.toml";
        let propose = "https://github.com/Example-Org/events.site/issues/new?template=event.yml";
        for (path, link, words) in [
            ("events/forum.html", edit, "Suggest a change"),
            ("fr/events/forum.html", edit, "Proposer une modification"),
            ("index.html", propose, "Propose an event"),
            ("fr/index.html", propose, "Proposer un évènement"),
        ] {
            let html = page(path);
            let expected = format!("<a href=\"{link}\" rel=\"external\">{words}</a>");
            assert_eq!(html.contains(&expected), linked, "{path}: {expected}");
            assert_eq!(html.contains("github.com"), linked, "{path}");
        }
    }
}

/// `repository` is a GitHub repository's address, and `branch` a branch's name; either
/// refused names its line.
#[test]
fn repository_and_branch_are_checked() {
    let table = [
        ("repository = \"https://github.com/o/r\"", None),
        ("repository = \"https://github.com/o/r.git\"", None),
        ("repository = \"https://github.com/o/r/\"\nbranch = \"release/2027\"", None),
        (
            "repository = \"https://gitlab.com/o/r\"",
            Some(
                "calendar.toml:1:14: error: `repository` must be a GitHub repository's address, https://github.com/OWNER/REPO, not `https://gitlab.com/o/r`",
            ),
        ),
        (
            "repository = \"https://github.com/o\"",
            Some(
                "calendar.toml:1:14: error: `repository` must be a GitHub repository's address, https://github.com/OWNER/REPO, not `https://github.com/o`",
            ),
        ),
        (
            "repository = \"https://github.com/o/r/tree/main\"",
            Some("calendar.toml:1:14: error: `repository` must be a GitHub repository's address"),
        ),
        (
            "repository = \"https://github.com/o/r\"\nbranch = \"a b\"",
            Some("calendar.toml:2:10: error: `a b` is not a branch's name"),
        ),
    ];
    for (lines, expected) in table {
        let calendar = format!("{lines}\n{}", crate::common::CALENDAR);
        let dir = project(&[("calendar.toml", calendar)]);
        let (ok, said) = outcome(dir.path(), &["check"]);
        match expected {
            None => assert!(ok, "{lines}: {said}"),
            Some(first) => {
                assert!(!ok, "{lines}");
                assert!(said.starts_with(first), "{lines}: {said}");
            }
        }
    }
}

/// A body written with the form in French (a calendar made with `init --languages fr`):
/// its headings and choices are read as well, and problems name its fields in French.
#[test]
fn a_body_in_the_forms_other_languages_is_read_too() {
    let french = "### Titre\r\n\r\nForum des villes\r\n\r\n### Date\r\n\r\n15-22 févr.\r\n\r\n### Catégories\r\n\r\n- [X] Urban diplomacy events\r\n- [ ] Capacity building events\r\n\r\n### Lieu\r\n\r\nParis\r\n\r\n### Participation\r\n\r\nEn ligne\r\n\r\n### Lien\r\n\r\n_No response_\r\n\r\n### Description\r\n\r\n_No response_";
    let (ok, said, written) = propose(french);
    assert!(ok, "{said}");
    assert_eq!(
        strings(&written[0].1),
        pairs(&[
            ("title", "Forum des villes"),
            ("date", "15-22 févr."),
            ("tags", "diplomacy"),
            ("location", "Paris"),
            ("attendance", "online"),
        ])
    );
    let (ok, said, _) = propose(&french.replace("15-22 févr.", "Fbe 3"));
    assert!(!ok);
    assert_eq!(
        said,
        "error: “Date” \"Fbe 3\": unknown month `Fbe`\n  = help: did you mean `Feb`?\n"
    );
    let (ok, said, _) = propose(&french.replace("En ligne", "À distance"));
    assert!(!ok);
    assert_eq!(
        said,
        "error: the issue's “Participation” has “À distance”, which is none of its choices\n  = help: choose among “Sur place”, “En ligne”, “Hybride”; “Participation” in the form (.github/ISSUE_TEMPLATE/event.yml) lists them\n"
    );
}

/// The workflow's reply is in the form's language: every sentence filled in, for each
/// built-in language, as text the script only reads from its environment.
#[test]
fn the_workflows_reply_speaks_the_forms_language() {
    for (code, thanks) in [("en", "Thank you!"), ("fr", "Merci\u{a0}!"), ("es", "¡Gracias!")] {
        let files = scaffold::project_files("calendar", 2027, &[code.to_string()]);
        let text = file(&files, ".github/workflows/propose.yml");
        assert!(!text.contains("__"), "{code}: {text}");
        let workflow = yaml(text);
        let reply = workflow["jobs"]["propose"]["steps"]
            .as_vec()
            .unwrap()
            .iter()
            .find(|s| s["name"].as_str() == Some("Answer on the issue"))
            .unwrap();
        let env = reply["env"].as_hash().unwrap();
        let said: Vec<&str> = env
            .iter()
            .filter(|(k, _)| k.as_str().unwrap().starts_with("SAY_"))
            .map(|(_, v)| v.as_str().unwrap())
            .collect();
        assert_eq!(said, issue_form::words(code).reply, "{code}");
        assert!(said[0].starts_with(thanks), "{code}: {}", said[0]);
        for key in env.keys().map(|k| k.as_str().unwrap()).filter(|k| k.starts_with("SAY_")) {
            assert!(reply["run"].as_str().unwrap().contains(&format!("\"${key}\"")), "{key}");
        }
    }
}
