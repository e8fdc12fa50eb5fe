//! `whenwhere check --format github`, and hostile file names in either format: the whole
//! output, exactly. File names with control characters are made here, never committed.

use crate::common;

use std::path::Path;
use std::process::Output;

fn check(project: &Path, args: &[&str]) -> Output {
    common::whenwhere().arg("check").args(args).arg(".").current_dir(project).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Messages with `%`, `:`, `,` and a line break, a file-level problem, a syntax error.
fn awkward() -> tempfile::TempDir {
    common::project(&[
        ("content/a.toml", "title = \"x\" 50%\ndate = \"16 Feb\"\n"),
        (
            "content/b.toml",
            "title = \"x\"\ndate = \"16 Feb\"\n\"organizers:,\" = 1\ntags = [\"50%\", \"a\\nb\", \"diplomcy\"]\n",
        ),
        ("content/c.toml", "date = \"31 Feb\"\n"),
    ])
}

#[test]
fn github_format_prints_one_workflow_command_per_problem() {
    let dir = awkward();
    let o = check(dir.path(), &["--format", "github"]);
    assert!(!o.status.success());
    assert_eq!(
        text(&o.stdout),
        "::error file=content/a.toml,line=1,col=13,endColumn=13,title=this is not valid TOML%3A unexpected key or value%2C expected newline%2C `#`::this is not valid TOML: unexpected key or value, expected newline, `#`
::error file=content/b.toml,line=3,col=1,endColumn=14,title=unknown key `organizers%3A%2C`::did you mean `organizers`?
::error file=content/b.toml,line=4,col=10,endColumn=12,title=unknown tag `50%25`::tags defined in calendar.toml: `diplomacy`, `capacity-building`; a new one is a `[[tags]]` block there, with an `id` and a `label`
::error file=content/b.toml,line=4,col=16,endColumn=21,title=unknown tag `a%0Ab`::tags defined in calendar.toml: `diplomacy`, `capacity-building`; a new one is a `[[tags]]` block there, with an `id` and a `label`
::error file=content/b.toml,line=4,col=25,endColumn=32,title=unknown tag `diplomcy`::did you mean `diplomacy`?
::error file=content/c.toml,line=1,col=1,endColumn=1,title=`title` is missing::add a line such as title = \"UCLG Annual Retreat & Campus\"
::error file=content/c.toml,line=1,col=9,endColumn=14,title=there is no 31 February in 2021::February 2021 has 28 days
"
    );
    assert_eq!(text(&o.stderr), "7 errors in 3 files\n", "the summary stays for people");
}

#[test]
fn human_is_the_default_format() {
    let dir = awkward();
    let default = check(dir.path(), &[]);
    let human = check(dir.path(), &["--format", "human"]);
    assert_eq!(default.stderr, human.stderr);
    assert!(default.stdout.is_empty());
    assert!(
        text(&default.stderr).starts_with("content/a.toml:1:13: error: this is not valid TOML")
    );
}

#[test]
fn github_format_of_a_clean_project_is_the_usual_line() {
    let dir = common::project(&[("content/a.toml", "title = \"A\"\ndate = \"16 Feb\"\n")]);
    let o = check(dir.path(), &["--format", "github"]);
    assert!(o.status.success());
    assert_eq!((text(&o.stdout), text(&o.stderr)), (String::new(), "1 event, 0 errors\n".into()));
}

#[test]
fn github_format_counts_what_it_does_not_show() {
    let keys: String = (1..=22).map(|i| format!("k{i} = 1\n")).collect();
    let dir = common::project(&[(
        "content/a.toml",
        &format!("title = \"A\"\ndate = \"16 Feb\"\n{keys}"),
    )]);
    let o = check(dir.path(), &["--format", "github"]);
    let stdout = text(&o.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 21, "{stdout}");
    assert!(lines[19].starts_with(
        "::error file=content/a.toml,line=22,col=1,endColumn=3,title=unknown key `k20`::"
    ));
    assert_eq!(
        lines[20],
        "::error file=content/a.toml,title=… and 2 more problems in this file::… and 2 more problems in this file"
    );
    assert_eq!(text(&o.stderr), "22 errors in 1 file\n");
}

/// A file whose name holds a line break and a workflow command, one with ESC and BEL, one
/// with GitHub's separators: no name may start a line of its own or colour the terminal.
#[cfg(unix)]
#[test]
fn hostile_file_names_are_escaped_in_both_formats() {
    let body = "title = \"A\"\ndate = \"31 Feb\"\n";
    let dir = common::project(&[
        ("content/x\n::warning file=x::.toml", body),
        ("content/\u{1b}[31mred\u{7}.toml", body),
        ("content/a,b:c%.toml", body),
    ]);
    let human = check(dir.path(), &[]);
    assert_eq!(
        text(&human.stderr),
        "content/\\u{1b}[31mred\\u{7}.toml:1:1: error: `\\u{1b}[31mred\\u{7}` is not a valid slug (it comes from the file name)
  |
1 | title = \"A\"
  | ^
  = help: rename the file to `31mred.toml`, or set slug = \"31mred\"

content/\\u{1b}[31mred\\u{7}.toml:2:9: error: there is no 31 February in 2021
  |
2 | date = \"31 Feb\"
  |         ^^^^^^
  = help: February 2021 has 28 days

content/a,b:c%.toml:1:1: error: `a,b:c%` is not a valid slug (it comes from the file name)
  |
1 | title = \"A\"
  | ^
  = help: rename the file to `a-b-c.toml`, or set slug = \"a-b-c\"

content/a,b:c%.toml:2:9: error: there is no 31 February in 2021
  |
2 | date = \"31 Feb\"
  |         ^^^^^^
  = help: February 2021 has 28 days

content/x\\u{a}::warning file=x::.toml:1:1: error: `x\\u{a}::warning file=x::` is not a valid slug (it comes from the file name)
  |
1 | title = \"A\"
  | ^
  = help: rename the file to `x-warning-file-x.toml`, or set slug = \"x-warning-file-x\"

content/x\\u{a}::warning file=x::.toml:2:9: error: there is no 31 February in 2021
  |
2 | date = \"31 Feb\"
  |         ^^^^^^
  = help: February 2021 has 28 days

6 errors in 3 files
"
    );
    let github = check(dir.path(), &["--format", "github"]);
    assert_eq!(
        text(&github.stdout),
        "::error file=content/\\u{1b}[31mred\\u{7}.toml,line=1,col=1,endColumn=1,title=`\\u{1b}[31mred\\u{7}` is not a valid slug (it comes from the file name)::rename the file to `31mred.toml`, or set slug = \"31mred\"
::error file=content/\\u{1b}[31mred\\u{7}.toml,line=2,col=9,endColumn=14,title=there is no 31 February in 2021::February 2021 has 28 days
::error file=content/a%2Cb%3Ac%25.toml,line=1,col=1,endColumn=1,title=`a%2Cb%3Ac%25` is not a valid slug (it comes from the file name)::rename the file to `a-b-c.toml`, or set slug = \"a-b-c\"
::error file=content/a%2Cb%3Ac%25.toml,line=2,col=9,endColumn=14,title=there is no 31 February in 2021::February 2021 has 28 days
::error file=content/x%0A%3A%3Awarning file=x%3A%3A.toml,line=1,col=1,endColumn=1,title=`x%0A%3A\\u{3a}warning file=x%3A%3A` is not a valid slug (it comes from the file name)::rename the file to `x-warning-file-x.toml`, or set slug = \"x-warning-file-x\"
::error file=content/x%0A%3A%3Awarning file=x%3A%3A.toml,line=2,col=9,endColumn=14,title=there is no 31 February in 2021::February 2021 has 28 days
"
    );
    for out in [&human.stdout, &human.stderr, &github.stdout, &github.stderr] {
        for line in text(out).lines() {
            assert!(!line.starts_with("::warning"), "a forged command: {line:?}");
            assert!(!line.contains(['\u{1b}', '\u{7}', '\r']), "a raw control character: {line:?}");
        }
    }
}

/// A file name or a line of an event file that a GitHub Actions runner would read as a
/// workflow command (`##[…]` anywhere in a line, `::…` at its start) is shown escaped in
/// both formats: every command in the output is one that `check` meant to print.
#[test]
fn workflow_commands_in_names_and_lines_are_shown_escaped() {
    let dir = common::project(&[
        ("content/##[add-mask]Metropolis.toml", "title = \"A\"\ndate = \"31 Feb\"\n"),
        ("content/::error file=x::Forged.toml", "title = \"B\"\ndate = \"31 Feb\"\n"),
        (
            "content/c.toml",
            "title = \"C\"\n# ##[error file=x;line=1]Forged\ndate = \"31 Feb\" # ##[add-mask]y\n",
        ),
    ]);
    for format in ["human", "github"] {
        let o = check(dir.path(), &["--format", format]);
        assert!(!o.status.success());
        let all = text(&o.stdout) + &text(&o.stderr);
        assert!(all.contains("Metropolis.toml"), "{all}");
        for line in all.lines() {
            assert!(!line.contains("##["), "{format}: {line}");
            let ours = line.starts_with("::error file=content/") && format == "github";
            assert!(!line.starts_with("::") || ours, "{format}: {line}");
        }
        let commands = all.lines().filter(|l| l.starts_with("::")).count();
        assert_eq!(commands, if format == "github" { 5 } else { 0 }, "{all}");
    }
}
