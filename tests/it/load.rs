//! The incremental loader: after any sequence of changes, re-reading only the changed
//! paths gives exactly what a full load of the same files gives, events and diagnostics.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use whenwhere::load::{self, Loader};

const CONFIG: &str = "title = \"Test\"\nbase_url = \"https://example.org/cal/\"\nyear = 2021\n\n[[tags]]\nid = \"culture\"\nlabel = \"Culture\"\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("calendar.toml"), CONFIG).unwrap();
    std::fs::create_dir_all(dir.path().join("content/2021")).unwrap();
    dir
}

fn write(root: &Path, rel: &str, text: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Reloads the changed paths and checks the result against a full load.
fn reload_matches_full_load(loader: &mut Loader, root: &Path, changed: &[&str]) -> bool {
    let incremental = loader.reload(changed);
    let full = load::load(root);
    assert_eq!(incremental, full, "after changes to {changed:?}");
    incremental.is_ok()
}

#[test]
fn add_edit_break_fix_delete_and_duplicate_slugs() {
    let dir = project();
    let root = dir.path();
    write(root, "content/2021/a.toml", b"title = \"A\"\ndate = \"3 Mar\"\n");
    let mut loader = Loader::new(root);
    assert_eq!(loader.load(), load::load(root));

    let steps: &[(&str, Option<&[u8]>, bool)] = &[
        // Added.
        (
            "content/2021/b.toml",
            Some(b"title = \"B\"\ndate = \"1 Feb\"\ntags = [\"culture\"]\n"),
            true,
        ),
        // Edited: the order changes.
        ("content/2021/a.toml", Some(b"title = \"A\"\ndate = \"3 Jan\"\n"), true),
        // Broken, twice over.
        (
            "content/2021/a.toml",
            Some(b"title = \"A\"\ndate = \"31 Feb\"\ntags = [\"cultre\"]\n"),
            false,
        ),
        // Fixed.
        ("content/2021/a.toml", Some(b"title = \"A again\"\ndate = \"3 Jan\"\n"), true),
        // A later file takes a's slug; then a second one, from its file name.
        ("content/2021/c.toml", Some(b"title = \"C\"\ndate = \"5 May\"\nslug = \"a\"\n"), false),
        ("content/2022/a.toml", Some(b"title = \"A 2022\"\ndate = \"5 May\"\n"), false),
        // The first file goes: the next one in path order has the slug, the last still clashes.
        ("content/2021/a.toml", None, false),
        ("content/2022/a.toml", None, true),
        // Not UTF-8, then empty, then not TOML.
        ("content/2021/d.toml", Some(b"title = \"\xff\"\n"), false),
        ("content/2021/d.toml", Some(b""), false),
        ("content/2021/d.toml", Some(b"title = \n"), false),
        ("content/2021/d.toml", None, true),
        // Files that are not events change nothing.
        ("content/2021/notes.md", Some(b"# notes\n"), true),
    ];
    for (rel, text, ok) in steps {
        match text {
            Some(text) => write(root, rel, text),
            None => std::fs::remove_file(root.join(rel)).unwrap(),
        }
        assert_eq!(reload_matches_full_load(&mut loader, root, &[rel]), *ok, "{rel}");
    }
    let events = load::load(root).unwrap().events;
    let slugs: Vec<&str> = events.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs, ["b", "a"]);
    assert_eq!(events[1].source, Path::new("content/2021/c.toml"));
}

#[test]
fn folders_renames_and_calendar_toml() {
    let dir = project();
    let root = dir.path();
    write(root, "content/2021/a.toml", b"title = \"A\"\ndate = \"3 Mar\"\n");
    let mut loader = Loader::new(root);
    loader.load().unwrap();

    // A folder appears with files in it (watchers may name the folder alone).
    write(root, "content/2022/x.toml", b"title = \"X\"\ndate = \"3 Mar\"\n");
    write(root, "content/2022/y.toml", b"title = \"Y\"\ndate = \"4 Mar\"\n");
    assert!(reload_matches_full_load(&mut loader, root, &["content/2022"]));
    // A file changed, and only its folder named: every file under it is read again.
    write(root, "content/2022/x.toml", b"title = \"X2\"\ndate = \"3 Mar\"\n");
    assert!(reload_matches_full_load(&mut loader, root, &["content/2022"]));
    // Renamed: the year of its dates comes from the new folder.
    std::fs::rename(root.join("content/2022"), root.join("content/2023")).unwrap();
    assert!(reload_matches_full_load(&mut loader, root, &["content/2022", "content/2023"]));
    assert_eq!(load::load(root).unwrap().events[2].date.when.month().year, 2023);
    // A file moved over another.
    std::fs::rename(root.join("content/2023/x.toml"), root.join("content/2023/y.toml")).unwrap();
    assert!(reload_matches_full_load(
        &mut loader,
        root,
        &["content/2023/x.toml", "content/2023/y.toml"]
    ));
    // The folder goes.
    std::fs::remove_dir_all(root.join("content/2023")).unwrap();
    assert!(reload_matches_full_load(&mut loader, root, &["content/2023"]));
    // An editor's temporary file, made and removed before the reload.
    assert!(reload_matches_full_load(&mut loader, root, &["content/2021/.a.toml.tmp.toml"]));
    // calendar.toml: a tag in use disappears, then comes back; then it breaks and is fixed.
    write(root, "content/2021/a.toml", b"title = \"A\"\ndate = \"3 Mar\"\ntags = [\"culture\"]\n");
    assert!(reload_matches_full_load(&mut loader, root, &["content/2021/a.toml"]));
    write(root, "calendar.toml", CONFIG.split("\n[[tags]]").next().unwrap().as_bytes());
    assert!(!reload_matches_full_load(&mut loader, root, &["calendar.toml"]));
    write(root, "calendar.toml", CONFIG.as_bytes());
    assert!(reload_matches_full_load(&mut loader, root, &["calendar.toml"]));
    write(root, "calendar.toml", b"title = 1\n");
    assert!(!reload_matches_full_load(&mut loader, root, &["calendar.toml"]));
    // While calendar.toml is broken, an event change reads everything again.
    write(root, "content/2021/b.toml", b"title = \"B\"\ndate = \"3 Mar\"\n");
    assert!(!reload_matches_full_load(&mut loader, root, &["content/2021/b.toml"]));
    write(root, "calendar.toml", CONFIG.as_bytes());
    assert!(reload_matches_full_load(&mut loader, root, &["calendar.toml"]));
    // The whole of content/ goes.
    std::fs::remove_dir_all(root.join("content")).unwrap();
    assert!(reload_matches_full_load(&mut loader, root, &["content"]));
}

/// Only the named files are read again: a change the loader is not told of stays unseen
/// until its file is named.
#[test]
fn only_changed_files_are_read_again() {
    let dir = project();
    let root = dir.path();
    write(root, "content/2021/a.toml", b"title = \"A\"\ndate = \"3 Mar\"\n");
    write(root, "content/2021/b.toml", b"title = \"B\"\ndate = \"4 Mar\"\n");
    let mut loader = Loader::new(root);
    loader.load().unwrap();
    write(root, "content/2021/a.toml", b"title = \"A2\"\ndate = \"3 Mar\"\n");
    write(root, "content/2021/b.toml", b"title = \"B2\"\ndate = \"4 Mar\"\n");
    let project = loader.reload(&["content/2021/a.toml"]).unwrap();
    let titles: Vec<&str> = project.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["A2", "B"]);
    let project = loader.reload(&[PathBuf::from("content/2021/b.toml")]).unwrap();
    let titles: Vec<&str> = project.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["A2", "B2"]);
}

/// One change to the project, and the paths a file watcher would name for it.
#[derive(Debug, Clone)]
enum Change {
    Write(usize, usize),
    Remove(usize),
    Rename(usize, usize),
    RemoveFolder(usize),
    Config(usize),
}

const FILES: [&str; 6] = [
    "content/a.toml",
    "content/2021/b.toml",
    "content/2021/c.toml",
    "content/2022/b.toml",
    "content/x/d.toml",
    "content/x/y/e.toml",
];
const FOLDERS: [&str; 4] = ["content/2021", "content/2022", "content/x", "content/x/y"];
const TEXTS: [&[u8]; 9] = [
    b"title = \"One\"\ndate = \"3 Mar\"\n",
    b"title = \"Two\"\ndate = \"1-4 Apr\"\ntags = [\"culture\"]\n",
    b"title = \"Same slug\"\ndate = \"Apr\"\nslug = \"b\"\n",
    b"title = \"Other slug\"\ndate = \"Apr 2022\"\nslug = \"c\"\n",
    b"title = \"Broken\"\ndate = \"31 Feb\"\n",
    b"title = \"Unknown tag\"\ndate = \"3 Mar\"\ntags = [\"cultur\"]\n",
    b"title = [\n",
    b"\xff\xfe",
    b"title = \"Draft\"\ndate = \"5 May\"\ndraft = true\nslug = \"d\"\n",
];

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => (0..FILES.len(), 0..TEXTS.len()).prop_map(|(f, t)| Change::Write(f, t)),
        2 => (0..FILES.len()).prop_map(Change::Remove),
        1 => (0..FILES.len(), 0..FILES.len()).prop_map(|(a, b)| Change::Rename(a, b)),
        1 => (0..FOLDERS.len()).prop_map(Change::RemoveFolder),
        1 => (0..3usize).prop_map(Change::Config),
    ]
}

fn apply(root: &Path, change: &Change) -> Vec<String> {
    match *change {
        Change::Write(f, t) => {
            write(root, FILES[f], TEXTS[t]);
            vec![FILES[f].into()]
        }
        Change::Remove(f) => {
            let _ = std::fs::remove_file(root.join(FILES[f]));
            vec![FILES[f].into()]
        }
        Change::Rename(a, b) => {
            if root.join(FILES[a]).is_file() {
                std::fs::create_dir_all(root.join(FILES[b]).parent().unwrap()).unwrap();
                std::fs::rename(root.join(FILES[a]), root.join(FILES[b])).unwrap();
            }
            vec![FILES[a].into(), FILES[b].into()]
        }
        Change::RemoveFolder(d) => {
            let _ = std::fs::remove_dir_all(root.join(FOLDERS[d]));
            vec![FOLDERS[d].into()]
        }
        Change::Config(c) => {
            let text = match c {
                0 => CONFIG.to_string(),
                1 => CONFIG.replace("year = 2021\n", ""),
                _ => CONFIG.replace("id = \"culture\"", "id = \"culture-x\""),
            };
            write(root, "calendar.toml", text.as_bytes());
            vec!["calendar.toml".into()]
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_changes_reloads_as_a_full_load_reads(
        start in proptest::collection::vec((0..FILES.len(), 0..TEXTS.len()), 0..6),
        changes in proptest::collection::vec(change(), 1..12),
    ) {
        let dir = project();
        let root = dir.path();
        for (f, t) in start {
            write(root, FILES[f], TEXTS[t]);
        }
        let mut loader = Loader::new(root);
        prop_assert_eq!(loader.load(), load::load(root));
        for change in &changes {
            let changed = apply(root, change);
            prop_assert_eq!(loader.reload(&changed), load::load(root), "after {:?}", change);
        }
    }
}
