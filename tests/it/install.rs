//! The action's install script (`action/install.sh`), and `action.yml`'s steps around it,
//! run as a runner runs them, against release archives made by the release's own packaging
//! script from the binary under test and served from 127.0.0.1: it installs a binary that
//! builds the shipped calendar, takes a cached copy without downloading, and refuses a
//! download that does not match SHA256SUMS or a release that does not exist.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A folder served over HTTP on 127.0.0.1, counting the requests it answers.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
}

fn serve(root: PathBuf) -> Server {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            counter.fetch_add(1, Ordering::SeqCst);
            let path = root.join(request.url().trim_start_matches('/'));
            let _ = match std::fs::read(&path) {
                Ok(bytes) => request.respond(tiny_http::Response::from_data(bytes)),
                Err(_) => request.respond(tiny_http::Response::empty(404)),
            };
        }
    });
    Server { base: format!("http://127.0.0.1:{port}"), requests }
}

/// `bash action/install.sh ARG` with only the given variables of the action's set.
fn install_sh(arg: &str, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("bash");
    command.arg(repo().join("action/install.sh")).arg(arg);
    for var in [
        "WHENWHERE_VERSION",
        "WHENWHERE_REPOSITORY",
        "WHENWHERE_DOWNLOAD_BASE",
        "WHENWHERE_TARGET",
        "WHENWHERE_INSTALL_DIR",
        "GITHUB_ACTIONS",
        "GITHUB_PATH",
        "RUNNER_TOOL_CACHE",
    ] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied()).output().unwrap()
}

/// `install.sh install` from `server` into `bin`, with `more` variables.
fn install_from(server: &Server, bin: &Path, more: &[(&str, &str)]) -> Output {
    let mut env = vec![
        ("WHENWHERE_DOWNLOAD_BASE", server.base.as_str()),
        ("WHENWHERE_INSTALL_DIR", bin.to_str().unwrap()),
    ];
    env.extend_from_slice(more);
    install_sh("install", &env)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `key=value` lines `install.sh plan` prints.
fn plan(env: &[(&str, &str)]) -> Vec<(String, String)> {
    let o = install_sh("plan", env);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn get<'a>(plan: &'a [(String, String)], key: &str) -> &'a str {
    &plan.iter().find(|(k, _)| k == key).unwrap().1
}

/// The release: archives of the binary under test for this machine's target and for
/// Windows', with their SHA256SUMS, in `<root>/v<version>/`, made once by the release
/// workflow's own script.
fn release() -> &'static Path {
    static RELEASE: OnceLock<PathBuf> = OnceLock::new();
    RELEASE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-release");
        let _ = std::fs::remove_dir_all(&root);
        let out = root.join(format!("v{VERSION}"));
        let package = repo().join(".github/scripts/package.sh");
        // Without its debugging sections, the binary packs in a fifth of the time.
        std::fs::create_dir_all(&root).unwrap();
        let binary = root.join("whenwhere");
        let stripped = Command::new("strip")
            .arg("-o")
            .arg(&binary)
            .arg(env!("CARGO_BIN_EXE_whenwhere"))
            .status()
            .is_ok_and(|s| s.success());
        if !stripped {
            std::fs::copy(env!("CARGO_BIN_EXE_whenwhere"), &binary).unwrap();
        }
        let host = get(&plan(&[]), "target").to_string();
        for target in [host.as_str(), "x86_64-pc-windows-msvc"] {
            let o = Command::new("bash")
                .arg(&package)
                .args(["archive", target, &format!("v{VERSION}")])
                .arg(&binary)
                .arg(&out)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", text(&o.stderr));
        }
        let o = Command::new("bash").arg(&package).arg("sums").arg(&out).output().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        root
    })
}

#[test]
fn plan_names_this_release_from_cargo_toml() {
    let plan = plan(&[("WHENWHERE_TARGET", "aarch64-apple-darwin")]);
    let tag = format!("v{VERSION}");
    let archive = format!("whenwhere-{tag}-aarch64-apple-darwin.tar.gz");
    assert_eq!(get(&plan, "version"), VERSION);
    assert_eq!(get(&plan, "archive"), archive);
    assert_eq!(
        get(&plan, "url"),
        format!("{}/releases/download/{tag}/{archive}", env!("CARGO_PKG_REPOSITORY"))
    );
    let windows = plan_for("x86_64-pc-windows-msvc");
    assert_eq!(windows, format!("whenwhere-{tag}-x86_64-pc-windows-msvc.zip"));
}

fn plan_for(target: &str) -> String {
    get(&plan(&[("WHENWHERE_TARGET", target)]), "archive").to_string()
}

#[test]
fn installs_a_checked_release_that_builds_the_shipped_calendar() {
    let tmp = tempfile::tempdir().unwrap();
    let target = get(&plan(&[]), "target").to_string();
    let server = serve(release().to_path_buf());
    let bin = tmp.path().join("tools");
    let github_path = tmp.path().join("github_path");
    let env = [("GITHUB_PATH", github_path.to_str().unwrap())];

    let o = install_from(&server, &bin, &env);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        format!("Installed whenwhere {VERSION} ({target}) in {}\n", bin.display())
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 2, "the archive and SHA256SUMS");
    assert_eq!(std::fs::read_to_string(&github_path).unwrap(), format!("{}\n", bin.display()));

    let site = tmp.path().join("site");
    // (`GIT_DIR` names no repository: what is printed is the calendar's, whatever clone.)
    let o = Command::new(bin.join("whenwhere"))
        .env("GIT_DIR", "/nonexistent/.git")
        .arg("build")
        .arg(repo())
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).starts_with("Built 44 events, "), "{}", text(&o.stderr));
    assert!(site.join("index.html").is_file());

    // A second run, as after a cache hit, finds the same version and downloads nothing.
    let o = install_from(&server, &bin, &env);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        format!("whenwhere {VERSION} ({target}) is already in {}\n", bin.display())
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[test]
fn windows_zip_archives_install_too() {
    let tmp = tempfile::tempdir().unwrap();
    let target = "x86_64-pc-windows-msvc";
    let server = serve(release().to_path_buf());
    let bin = tmp.path().join("tools");
    // The binary under test, packed as Windows' archive; its name alone is Windows'.
    let o = install_from(&server, &bin, &[("WHENWHERE_TARGET", target)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let version = Command::new(bin.join("whenwhere.exe")).arg("--version").output().unwrap();
    assert_eq!(text(&version.stdout), format!("whenwhere {VERSION}\n"));
}

#[test]
fn refuses_an_archive_that_does_not_match_its_checksum() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = plan(&[]);
    // The release with one byte of the archive changed after SHA256SUMS was written, as a
    // corrupted or tampered download.
    let tag = format!("v{VERSION}");
    let archive = get(&plan, "archive");
    std::fs::create_dir_all(tmp.path().join(format!("releases/{tag}"))).unwrap();
    let copy = |file: &str| {
        let (from, to) =
            (release().join(&tag).join(file), tmp.path().join("releases").join(&tag).join(file));
        let mut bytes = std::fs::read(from).unwrap();
        if file == archive {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        }
        std::fs::write(to, bytes).unwrap();
    };
    copy("SHA256SUMS");
    copy(archive);
    let server = serve(tmp.path().join("releases"));
    let bin = tmp.path().join("tools");
    let o = install_from(&server, &bin, &[]);
    assert!(!o.status.success());
    let stderr = text(&o.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: {} does not match SHA256SUMS of v{VERSION} (expected ",
            get(&plan, "archive")
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("): not installed\n"), "{stderr}");
    assert!(!bin.exists(), "nothing is installed");

    // On a runner the same refusal is an annotation.
    let o = install_from(&server, &bin, &[("GITHUB_ACTIONS", "true")]);
    assert!(text(&o.stderr).starts_with("::error title=whenwhere install::"), "{o:?}");
}

#[test]
fn a_release_that_does_not_exist_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let server = serve(tmp.path().to_path_buf());
    let plan = plan(&[("WHENWHERE_VERSION", "v0.0.1")]);
    let o = install_from(&server, &tmp.path().join("tools"), &[("WHENWHERE_VERSION", "v0.0.1")]);
    assert!(!o.status.success());
    let url = format!("{}/v0.0.1/{}", server.base, get(&plan, "archive"));
    assert!(
        text(&o.stderr).ends_with(&format!(
            "error: could not download {url}: is there a release v0.0.1 with this file?\n"
        )),
        "{}",
        text(&o.stderr)
    );
}

/// What a run of `action.yml` left: each step's outputs, and the last step's output.
struct ActionRun {
    outputs: Vec<(String, String)>,
    last: Output,
}

/// Runs action.yml's steps as a runner does, with these inputs and this environment:
/// `run` steps by `bash -eo pipefail` with their `env`, `${{ inputs.X }}` and
/// `${{ steps.ID.outputs.X }}` evaluated, `$GITHUB_OUTPUT` and `$GITHUB_PATH` honoured,
/// `if: inputs.X != ''` decided; the `uses` step (actions/cache) is the runner's, skipped.
/// Stops at the first failing step.
fn run_action(inputs: &[(&str, &str)], env: &[(&str, &str)], scratch: &Path) -> ActionRun {
    let action = yaml_rust2::YamlLoader::load_from_str(
        &std::fs::read_to_string(repo().join("action.yml")).unwrap(),
    )
    .unwrap()
    .remove(0);
    let input = |name: &str| -> String {
        inputs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()).unwrap_or_else(|| {
            action["inputs"][name]["default"].as_str().expect("a declared input").to_string()
        })
    };
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut path_entries: Vec<String> = Vec::new();
    let mut last = None;
    for (n, step) in action["runs"]["steps"].as_vec().unwrap().iter().enumerate() {
        let eval = |text: &str, outputs: &[(String, String)]| -> String {
            let mut out = String::new();
            let mut rest = text;
            while let Some(start) = rest.find("${{") {
                out.push_str(&rest[..start]);
                let end = rest[start..].find("}}").unwrap() + start;
                let expr = rest[start + 3..end].trim();
                out.push_str(&if let Some(name) = expr.strip_prefix("inputs.") {
                    input(name)
                } else if let Some(key) = expr.strip_prefix("steps.plan.outputs.") {
                    outputs.iter().find(|(k, _)| k == key).unwrap().1.clone()
                } else {
                    panic!("an expression this test cannot evaluate: {expr}")
                });
                rest = &rest[end + 2..];
            }
            out + rest
        };
        if let Some(condition) = step["if"].as_str() {
            let name = condition
                .strip_prefix("inputs.")
                .and_then(|c| c.strip_suffix(" != ''"))
                .unwrap_or_else(|| panic!("a condition this test cannot decide: {condition}"));
            if input(name).is_empty() {
                continue;
            }
        }
        let Some(script) = step["run"].as_str() else {
            assert!(step["uses"].as_str().unwrap().starts_with("actions/cache@"));
            continue;
        };
        assert_eq!(step["shell"].as_str(), Some("bash"));
        let (github_output, github_path) =
            (scratch.join(format!("output-{n}")), scratch.join(format!("path-{n}")));
        std::fs::write(&github_output, "").unwrap();
        std::fs::write(&github_path, "").unwrap();
        let path = path_entries.iter().rev().cloned().chain([std::env::var("PATH").unwrap()]);
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(scratch)
            .env("PATH", path.collect::<Vec<_>>().join(":"))
            .env("GITHUB_ACTION_PATH", repo())
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_PATH", &github_path)
            .env_remove("WHENWHERE_VERSION")
            .env_remove("WHENWHERE_TARGET")
            .env_remove("WHENWHERE_INSTALL_DIR")
            .envs(env.iter().copied());
        if let Some(vars) = step["env"].as_hash() {
            for (k, v) in vars {
                command.env(k.as_str().unwrap(), eval(v.as_str().unwrap(), &outputs));
            }
        }
        let o = command.output().unwrap();
        for line in std::fs::read_to_string(&github_output).unwrap().lines() {
            let (k, v) = line.split_once('=').unwrap();
            outputs.push((k.to_string(), v.to_string()));
        }
        path_entries
            .extend(std::fs::read_to_string(&github_path).unwrap().lines().map(String::from));
        let failed = !o.status.success();
        last = Some(o);
        if failed {
            break;
        }
    }
    ActionRun { outputs, last: last.unwrap() }
}

#[test]
fn the_action_installs_the_release_it_is_pinned_to_and_runs_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();
    let server = serve(release().to_path_buf());
    let tool_cache = tmp.path().join("hostedtoolcache");
    let env = [
        ("WHENWHERE_DOWNLOAD_BASE", server.base.as_str()),
        ("RUNNER_TOOL_CACHE", tool_cache.to_str().unwrap()),
        // What `check` prints of the calendar, not of the clone's git state.
        ("GIT_DIR", "/nonexistent/.git"),
    ];
    let project = repo().to_str().unwrap();

    // No version given: the action's own Cargo.toml names it.
    let run = run_action(&[("command", "check"), ("dir", project)], &env, tmp.path());
    assert!(run.last.status.success(), "{}", text(&run.last.stderr));
    assert_eq!(
        text(&run.last.stderr),
        "2 events in 2022, a later edition (current: 2021)\n44 events, 0 errors\nfr: 67 texts not translated, shown in en\nes: 67 texts not translated, shown in en\n"
    );
    let version = &run.outputs.iter().find(|(k, _)| k == "version").unwrap().1;
    assert_eq!(version, VERSION);
    let dir = &run.outputs.iter().find(|(k, _)| k == "dir").unwrap().1;
    assert!(Path::new(dir).starts_with(&tool_cache), "{dir}");

    let site = tmp.path().join("site");
    let args = format!("--output {} -q", site.display());
    let run =
        run_action(&[("command", "build"), ("dir", project), ("args", &args)], &env, tmp.path());
    assert!(run.last.status.success(), "{}", text(&run.last.stderr));
    assert!(site.join("index.html").is_file());
    assert_eq!(server.requests.load(Ordering::SeqCst), 2, "the second run found it installed");

    let run = run_action(&[("command", "serve")], &env, tmp.path());
    assert!(!run.last.status.success());
    assert_eq!(
        text(&run.last.stdout),
        "::error title=whenwhere::the input 'command' must be check or build, not 'serve'\n"
    );
}
