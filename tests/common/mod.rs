//! The harness every test binary shares (`mod common;`): how to run the built `whenwhere`
//! and read what it printed. Each binary uses part of it, hence `dead_code` allowed.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary under test, ready for arguments.
pub fn whenwhere() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whenwhere"))
}

/// Runs `whenwhere ARGS` in `dir` to the end.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    whenwhere().args(args).current_dir(dir).output().expect("the binary runs")
}

/// Runs `whenwhere ARGS` in `dir`: whether it succeeded, and its stderr.
pub fn outcome(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = run(dir, args);
    (out.status.success(), stderr(&out))
}

/// What a finished command printed on stderr, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 output")
}
