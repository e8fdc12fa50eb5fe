//! Whole error messages, as an editor sees them: one small project per case.

use crate::common;

/// Writes a project with `calendar.toml` (year 2021) and one event file, runs `check`.
fn check_event(file_name: &str, contents: &[u8]) -> String {
    let (ok, stderr) = check(file_name, contents);
    assert!(!ok, "a broken file must fail the check");
    stderr
}

/// [`check_event`] for a file that is read with warnings: the check passes.
fn check_warns(file_name: &str, contents: &[u8]) -> String {
    let (ok, stderr) = check(file_name, contents);
    assert!(ok, "a file with warnings only passes the check: {stderr}");
    stderr
}

fn check(file_name: &str, contents: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content").join(file_name), contents).unwrap();
    let out = common::whenwhere().args(["check", dir.path().to_str().unwrap()]).output().unwrap();
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
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

#[test]
fn a_zone_name_of_several_zones() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\"\ndate = \"3 Mar, 10:00-11:00 IST\"\n"),
        "content/a.toml:2:28: error: `IST` is the name of several time zones
  |
2 | date = \"3 Mar, 10:00-11:00 IST\"
  |                            ^^^
  = help: write the zone's IANA name, such as `Asia/Kolkata`, `Europe/Dublin` or `Asia/Jerusalem`

1 error in 1 file
"
    );
}

#[test]
fn a_range_from_a_day_the_month_before_does_not_have() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\"\ndate = \"31-03 May\"\n"),
        "content/a.toml:2:9: error: there is no 31 April 2021 for `31-03 May` to start on
  |
2 | date = \"31-03 May\"
  |         ^^^^^^^^^
  = help: if it is 31 May – 3 June, write `31 May - 3 Jun`

1 error in 1 file
"
    );
}

#[test]
fn a_month_first_numeric_date() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\"\ndate = \"02/15/2022\"\n"),
        "content/a.toml:2:9: error: `02/15/2022` is not a date read day first (there is no month 15)
  |
2 | date = \"02/15/2022\"
  |         ^^^^^^^^^^
  = help: numeric dates are day first; if it is 15 February 2022, write `15 Feb 2022`

1 error in 1 file
"
    );
}

#[test]
fn seconds_in_the_hours() {
    assert_eq!(
        check_event("a.toml", b"title = \"A\"\ndate = \"2021-10-09 19:00:30 EDT\"\n"),
        "content/a.toml:2:20: error: the time `19:00:30` has seconds
  |
2 | date = \"2021-10-09 19:00:30 EDT\"
  |                    ^^^^^^^^
  = help: write it to the minute, such as `19:00` (seconds of `:00` are left out)

1 error in 1 file
"
    );
}

#[test]
fn readings_that_could_mean_something_else_are_warnings() {
    assert_eq!(
        check_warns("a.toml", b"title = \"A\"\ndate = \"30-1 June\"\n"),
        "content/a.toml:2:9: warning: `30-1 June` is read as 30 May – 1 June 2021
  |
2 | date = \"30-1 June\"
  |         ^^^^^^^^^
  = help: if it is 30 June – 1 July, write `30 Jun - 1 Jul`; write `30 May - 1 Jun` to keep this reading without a warning

1 event, 0 errors, 1 warning
"
    );
    assert_eq!(
        check_warns(
            "a.toml",
            b"title = \"A\"\ndate = \"5 Dec\"\ntime = \"19:00\"\ntimezone = \"EDT\"\n"
        ),
        "content/a.toml:4:12: warning: `EDT` is summer time, but on 5 December 2021 America/New_York is on winter time (EST, UTC-05)
  |
4 | timezone = \"EDT\"
  |            ^^^^^
  = help: the hours are read as America/New_York time that day (EST); write `EST` to say so, or `UTC-04` if they are at that offset

1 event, 0 errors, 1 warning
"
    );
}
