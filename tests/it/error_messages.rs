//! Whole error messages, as an editor sees them: one small project per case.

use crate::common;

/// Writes a project with `calendar.toml` (year 2021) and one event file, runs `check`.
fn check_event(file_name: &str, contents: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content").join(file_name), contents).unwrap();
    let out = common::whenwhere().args(["check", dir.path().to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success(), "a broken file must fail the check");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn missing_title() {
    assert_eq!(
        check_event("a.toml", b"date = \"16 Feb\"\n"),
        "content/a.toml:1:1: error: `title` is missing
  |
1 | date = \"16 Feb\"
  | ^
  = help: add a line such as title = \"UCLG Annual Retreat & Campus\"

1 error in 1 file
"
    );
}

#[test]
fn unknown_key_far_from_any_lists_the_allowed_keys() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\"\ndate = \"16 Feb\"\ncolour = \"red\"\n"),
        "content/a.toml:3:1: error: unknown key `colour`
  |
3 | colour = \"red\"
  | ^^^^^^
  = help: allowed here: `title`, `date`, `start`, `end`, `tbc`, `tags`, `location`, `url`, `description`, `slug`, `draft`, `time`, `timezone`, `year`, `organizers`, `updated`, `status`, `postponed_from`, `language`, `attendance`, `call`

1 error in 1 file
"
    );
}

#[test]
fn toml_syntax_error() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\ndate = \"16 Feb\"\n"),
        "content/a.toml:1:11: error: this is not valid TOML: invalid basic string, expected `\"`
  |
1 | title = \"A
  |           ^

1 error in 1 file
"
    );
}

#[test]
fn not_utf8() {
    assert_eq!(
        check_event("a.toml", b"title = \"S\xe3o Paulo\"\n"),
        "content/a.toml: error: the file is not UTF-8 text
  = help: save the file as UTF-8 text

1 error in 1 file
"
    );
}

#[test]
fn date_error_points_inside_the_string_even_after_wide_characters() {
    assert_eq!(
        check_event("a.toml", "title = \"São Paulo\"\ndate = \"(tbc) 30 Fév\"\n".as_bytes()),
        "content/a.toml:2:15: error: there is no 30 February in 2021
  |
2 | date = \"(tbc) 30 Fév\"
  |               ^^^^^^
  = help: February 2021 has 28 days

1 error in 1 file
"
    );
}

#[test]
fn bad_slug_from_the_file_name() {
    assert_eq!(
        check_event("Smart City Expo.toml", b"title = \"A\"\ndate = \"16 Feb\"\n"),
        "content/Smart City Expo.toml:1:1: error: `Smart City Expo` is not a valid slug (it comes from the file name)
  |
1 | title = \"A\"
  | ^
  = help: rename the file to `smart-city-expo.toml`, or set slug = \"smart-city-expo\"

1 error in 1 file
"
    );
}

#[test]
fn unknown_tag_written_as_its_label() {
    assert_eq!(
        check_event(
            "a.toml",
            b"title = \"A\"\ndate = \"16 Feb\"\ntags = [\"Capacity Building\"]\n"
        ),
        "content/a.toml:3:10: error: unknown tag `Capacity Building`
  |
3 | tags = [\"Capacity Building\"]
  |          ^^^^^^^^^^^^^^^^^
  = help: did you mean `capacity-building`?

1 error in 1 file
"
    );
}

#[test]
fn unknown_time_zone() {
    assert_eq!(
        check_event(
            "a.toml",
            b"title = \"A\"\ndate = \"16 Feb\"\ntime = \"10:00\"\ntimezone = \"Europe/Madird\"\n"
        ),
        "content/a.toml:4:12: error: unknown time zone `Europe/Madird`
  |
4 | timezone = \"Europe/Madird\"
  |            ^^^^^^^^^^^^^^^
  = help: did you mean `Europe/Madrid`?

1 error in 1 file
"
    );
}
