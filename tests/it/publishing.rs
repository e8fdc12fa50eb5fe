//! The publishing files agree with each other: the release workflow's targets and archive
//! names with what the action's install script downloads, `action.yml` with its inputs
//! and the install script's outputs, and the workflows `init` writes with the action and
//! this release. actionlint checks the workflows' syntax (.ci/run); these check meaning.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use whenwhere::scaffold;
use yaml_rust2::{Yaml, YamlLoader};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

fn yaml(text: &str) -> Yaml {
    YamlLoader::load_from_str(text).unwrap().remove(0)
}

fn list(y: &Yaml) -> &[Yaml] {
    y.as_vec().map(Vec::as_slice).unwrap_or_else(|| panic!("not a list: {y:?}"))
}

fn str_of(y: &Yaml) -> &str {
    y.as_str().unwrap_or_else(|| panic!("not text: {y:?}"))
}

/// Every step of every job of a workflow (a job calling another workflow has none).
fn steps(workflow: &Yaml) -> Vec<&Yaml> {
    let jobs = workflow["jobs"].as_hash().unwrap();
    jobs.values().filter_map(|job| job["steps"].as_vec()).flatten().collect()
}

/// The `key=value` lines of `action/install.sh plan` for `target`.
fn plan(target: &str) -> Vec<(String, String)> {
    let o = Command::new("bash")
        .arg(repo().join("action/install.sh"))
        .arg("plan")
        .env("WHENWHERE_TARGET", target)
        .env_remove("WHENWHERE_VERSION")
        .env_remove("WHENWHERE_DOWNLOAD_BASE")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_once('=').map(|(k, v)| (k.into(), v.into())).unwrap())
        .collect()
}

fn release_targets() -> BTreeSet<String> {
    let release = yaml(&read(".github/workflows/release.yml"));
    list(&release["jobs"]["build"]["strategy"]["matrix"]["include"])
        .iter()
        .map(|row| str_of(&row["target"]).to_string())
        .collect()
}

#[test]
fn the_release_builds_every_target_the_install_script_knows() {
    let install = read("action/install.sh");
    let detection = install.split("target() {").nth(1).unwrap().split("\n}").next().unwrap();
    // Each arm of its `case` echoes one target: `Linux-x86_64) echo x86_64-unknown-linux-musl ;;`.
    let known: BTreeSet<String> = detection
        .lines()
        .filter_map(|l| l.split(") echo ").nth(1))
        .map(|rest| rest.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(known, release_targets());
    assert_eq!(known.len(), 5, "{known:?}");
}

#[test]
fn release_archives_have_the_names_the_install_script_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let binary = tmp.path().join("whenwhere");
    std::fs::write(&binary, "a binary").unwrap();
    let tag = format!("v{VERSION}");
    for target in release_targets() {
        let o = Command::new("bash")
            .arg(repo().join(".github/scripts/package.sh"))
            .args(["archive", &target, &tag])
            .arg(&binary)
            .arg(tmp.path().join("dist"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let made = String::from_utf8(o.stdout).unwrap();
        let made = Path::new(made.trim_end()).file_name().unwrap().to_str().unwrap().to_string();
        let plan = plan(&target);
        let wanted = &plan.iter().find(|(k, _)| k == "archive").unwrap().1;
        assert_eq!(&made, wanted, "{target}");
        let ext = if target.contains("windows") { "zip" } else { "tar.gz" };
        assert_eq!(made, format!("whenwhere-{tag}-{target}.{ext}"));
    }
    // The release workflow makes them, and their sums, with that same script.
    let release = read(".github/workflows/release.yml");
    let release = yaml(&release);
    let runs: Vec<&str> = steps(&release).iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains(
        "bash .github/scripts/package.sh archive \"$TARGET\" \"$GITHUB_REF_NAME\" \"target/$TARGET/dist/$exe\" dist"
    )));
    assert!(runs.iter().any(|r| r.contains("bash .github/scripts/package.sh sums dist")));
    assert!(runs.iter().any(|r| r.starts_with("gh release create \"$GITHUB_REF_NAME\" dist/*")));
    assert_eq!(str_of(&list(&release["on"]["push"]["tags"])[0]), "v*");
    // Once published, the release is installed by the action on each kind of runner.
    let tried = &release["jobs"]["action"];
    assert_eq!(str_of(&tried["uses"]), "./.github/workflows/try-action.yml");
    assert_eq!(str_of(&tried["needs"]), "release");
}

#[test]
fn the_editors_guide_names_every_archive_as_released() {
    // The guide's examples say v0.1.0 whatever the version: the names' shape must hold.
    let guide = read("docs/editors-guide.md");
    for target in release_targets() {
        let plan = plan(&target);
        let archive = &plan.iter().find(|(k, _)| k == "archive").unwrap().1;
        let example = archive.replace(&format!("v{VERSION}"), "v0.1.0");
        assert!(guide.contains(&format!("`{example}`")), "the guide does not name {example}");
    }
}

#[test]
fn action_yml_is_a_complete_composite_action() {
    let text = read("action.yml");
    let action = yaml(&text);
    for key in ["name", "description", "author"] {
        assert!(!str_of(&action[key]).is_empty(), "{key}");
    }
    assert_eq!(str_of(&action["runs"]["using"]), "composite");
    let inputs: BTreeSet<&str> =
        action["inputs"].as_hash().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(inputs, BTreeSet::from(["version", "command", "args", "dir"]));
    for (name, input) in action["inputs"].as_hash().unwrap() {
        assert!(input["description"].as_str().is_some(), "{name:?} has no description");
    }
    // Every `inputs.X` and `steps.plan.outputs.X` it uses exists.
    let plan_keys: BTreeSet<String> =
        plan("x86_64-unknown-linux-musl").into_iter().map(|(k, _)| k).collect();
    for (prefix, known) in [
        ("inputs.", inputs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()),
        ("steps.plan.outputs.", plan_keys),
    ] {
        for used in text.split(prefix).skip(1) {
            let name: String =
                used.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            assert!(known.contains(&name), "{prefix}{name} is not defined");
        }
    }
    let steps = list(&action["runs"]["steps"]);
    for step in steps {
        if step["run"].as_str().is_some() {
            assert!(step["shell"].as_str().is_some(), "a composite run step needs a shell");
        }
    }
    assert_eq!(str_of(&steps[0]["id"]), "plan");
    assert_eq!(str_of(&steps[1]["uses"]), "actions/cache@v4");
    let key = str_of(&steps[1]["with"]["key"]);
    assert!(
        key.contains("steps.plan.outputs.version") && key.contains("steps.plan.outputs.target")
    );
    assert_eq!(str_of(&steps[2]["run"]), "bash \"$GITHUB_ACTION_PATH/action/install.sh\" install");
}

#[test]
fn the_address_is_said_once_in_cargo_toml() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let owner_name = repository.strip_prefix("https://github.com/").expect("a GitHub address");
    assert_eq!(owner_name.split('/').count(), 2, "{repository}");
    assert_eq!(scaffold::action_ref(), format!("{owner_name}@v{VERSION}"));
    let plan = plan("x86_64-unknown-linux-musl");
    let url = &plan.iter().find(|(k, _)| k == "url").unwrap().1;
    assert!(url.starts_with(&format!("{repository}/releases/download/v{VERSION}/")), "{url}");
    // The docs, which must give readers a link, give this one.
    for doc in ["README.md", "docs/editors-guide.md"] {
        for after in read(doc).split("github.com/").skip(1) {
            let named: String =
                after.chars().take_while(|c| c.is_alphanumeric() || "-_./".contains(*c)).collect();
            if named.contains("/whenwhere") {
                assert!(named.starts_with(owner_name), "{doc} names github.com/{named}");
            }
        }
    }
    // Nothing else in the publishing files spells the address out.
    for file in ["action.yml", "action/install.sh", ".github/workflows/release.yml"] {
        assert!(!read(file).contains("github.com/"), "{file} names an address");
    }
}

#[test]
fn init_workflows_use_this_release_of_the_action_on_the_default_branch() {
    let files = scaffold::project_files("calendar", 2021, &[]);
    let file = |name: &str| {
        let path = Path::new(".github/workflows").join(name);
        yaml(&files.iter().find(|(p, _)| *p == path).unwrap().1)
    };
    let action_inputs = yaml(&read("action.yml"))["inputs"].clone();
    let (pages, check) = (file("pages.yml"), file("check.yml"));
    for workflow in [&pages, &check] {
        let ours: Vec<&Yaml> = steps(workflow)
            .into_iter()
            .filter(|s| s["uses"].as_str().is_some_and(|u| u.contains("whenwhere")))
            .collect();
        assert_eq!(ours.len(), 1);
        assert_eq!(str_of(&ours[0]["uses"]), scaffold::action_ref());
        for key in ours[0]["with"].as_hash().unwrap().keys() {
            assert!(!action_inputs[str_of(key)].is_badvalue(), "{key:?} is not an input");
        }
        let checkout = steps(workflow)
            .into_iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@")));
        assert_eq!(checkout.unwrap()["with"]["fetch-depth"].as_i64(), Some(0));
    }
    // Pages: on every push, published from the default branch whatever its name.
    assert!(pages["on"]["push"].is_null(), "no branch filter: {:?}", pages["on"]["push"]);
    assert_eq!(
        str_of(&pages["jobs"]["build"]["if"]),
        "github.ref_name == github.event.repository.default_branch"
    );
    // Pull requests: checked with annotations, the site uploaded to preview.
    assert!(check["on"]["pull_request"].is_null());
    let check_steps = steps(&check);
    assert!(check_steps.iter().any(|s| s["with"]["args"].as_str() == Some("--format github")));
    let upload = check_steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-artifact@")))
        .unwrap();
    assert_eq!(str_of(&upload["with"]["path"]), "public");

    // The workflow that tries the action on each kind of runner gives it real inputs.
    let tried = yaml(&read(".github/workflows/try-action.yml"));
    let local = steps(&tried).into_iter().find(|s| s["uses"].as_str() == Some("./")).unwrap();
    for key in local["with"].as_hash().unwrap().keys() {
        assert!(!action_inputs[str_of(key)].is_badvalue(), "{key:?} is not an input");
    }

    // This repository's own Pages workflow, built from source, follows the same rules.
    let own = yaml(&read(".github/workflows/pages.yml"));
    assert_eq!(str_of(&own["jobs"]["build"]["if"]), str_of(&pages["jobs"]["build"]["if"]));
    assert_eq!(list(&own["jobs"]["build"]["steps"])[0]["with"]["fetch-depth"].as_i64(), Some(0));
}

/// For .ci/run's actionlint step: writes a new project's files, as `init` makes them, to
/// `$WHENWHERE_INIT_PROJECT`.
#[test]
#[ignore = "run by .ci/run"]
fn write_init_project() {
    let dir = std::env::var("WHENWHERE_INIT_PROJECT").expect("WHENWHERE_INIT_PROJECT");
    for (path, text) in scaffold::project_files("calendar", 2021, &[]) {
        let full = Path::new(&dir).join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
}
