//! What every test module shares (`crate::common`): how to run the built `whenwhere` and
//! read what it printed.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;

use whenwhere::plan::{Plan, PlanOptions};
use whenwhere::{load, site};

/// The `calendar.toml` of the small projects tests make: a title, an address, a year.
pub const CALENDAR: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n";

/// A project in a scratch folder: each file at its path (`calendar.toml` among them, or
/// [`CALENDAR`] when it is not given), folders made as needed.
pub fn project<B: AsRef<[u8]>>(files: &[(&str, B)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if !files.iter().any(|(path, _)| *path == "calendar.toml") {
        std::fs::write(dir.path().join("calendar.toml"), CALENDAR).unwrap();
    }
    for (path, bytes) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    dir
}

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

/// A sink that keeps every file of a build in memory, as `site::emit` hands them over.
#[derive(Default)]
pub struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Memory {
    /// The files kept, by path.
    pub fn files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl site::Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0.lock().unwrap().push((path.to_string(), bytes));
        Ok(())
    }
}

/// Every file of a project's site, by path, as text (a brochure's PDF lossily), made in
/// memory as `build` would make it.
pub fn site_text(root: &Path) -> Vec<(String, String)> {
    let project = load::load(root).expect("the project loads");
    let memory = Memory::default();
    site::emit(&Plan::new(&project, PlanOptions::default()).expect("the theme compiles"), &memory)
        .expect("the site renders");
    memory.files().into_iter().map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned())).collect()
}

/// The text of the file at `path` among `files`.
pub fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}
