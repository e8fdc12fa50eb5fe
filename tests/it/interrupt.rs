//! A build killed at any moment (`kill -9`) leaves the previous site or the new one in
//! the output folder, never a mix, and the next build cleans up after it.

#![cfg(unix)]

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

fn write_project(root: &Path, events: usize, title: &str) {
    std::fs::create_dir_all(root.join("content/2021")).unwrap();
    std::fs::write(
        root.join("calendar.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nyear = 2021\n",
    )
    .unwrap();
    for i in 0..events {
        let body = format!(
            "title = \"{title} {i}\"\ndate = \"{} Mar\"\ndescription = \"Some *text* for event {i}.\"\n",
            i % 28 + 1
        );
        std::fs::write(root.join(format!("content/2021/event-{i:05}.toml")), body).unwrap();
    }
}

/// Every file of a folder with its contents.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn build(root: &Path, out: &Path) -> std::process::Child {
    common::whenwhere()
        .args(["build", "-q"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, public, reference) =
        (tmp.path().join("p"), tmp.path().join("public"), tmp.path().join("reference"));
    write_project(&project, 1000, "Old");
    assert!(build(&project, &public).wait().unwrap().success());
    let old = snapshot(&public);
    write_project(&project, 1000, "New");
    assert!(build(&project, &reference).wait().unwrap().success());
    let new = snapshot(&reference);
    assert_ne!(old, new);

    let mut outcomes = BTreeMap::new();
    for delay_ms in [0, 2, 5, 10, 20, 40, 80, 120, 200, 300, 500, 800] {
        // Start each attempt from the old site, so that every delay tests a swap.
        let current = snapshot(&public);
        if current == new {
            std::fs::remove_dir_all(&public).unwrap();
            write_project(&project, 1000, "Old");
            assert!(build(&project, &public).wait().unwrap().success());
            write_project(&project, 1000, "New");
        }
        let mut child = build(&project, &public);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let after = snapshot(&public);
        let which = if after == old {
            "old"
        } else if after == new {
            "new"
        } else {
            panic!(
                "killed after {delay_ms} ms ({status}): public/ is neither the old site nor the new one ({} files)",
                after.len()
            );
        };
        *outcomes.entry(which).or_insert(0) += 1;
    }
    // Whatever the kills left beside public/ goes with the next build.
    assert!(build(&project, &public).wait().unwrap().success());
    assert_eq!(snapshot(&public), new);
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
    assert!(outcomes.contains_key("old"), "no kill landed before the swap: {outcomes:?}");
}
