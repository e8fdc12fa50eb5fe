//! The code's shape, as docs/architecture.md draws it: its table of modules names every
//! module of `src/`, in an order where no module imports one below it (data flows one
//! way), and the modules of each folder import each other without a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` by its path (`date::tokens`), with the text of its file up to
/// its tests, comment lines left out.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> =
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            parts.pop();
        }
        if parts.last().is_some_and(|p| p == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Up to the file's own tests (a module declared elsewhere stays: `mod tests;`).
        let code = text.split("\nmod tests {").next().unwrap_or_default();
        let code: String = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        modules.insert(parts.join("::"), code);
    }
    modules
}

/// The names that follow `prefix` in `code`, as paths or in braces (`super::{a, b::c}`).
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let word = |s: &str| -> String {
        s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
    };
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
            names.extend(inner.split(',').map(|s| word(s.trim())).filter(|s| !s.is_empty()));
        } else {
            names.insert(word(rest));
        }
    }
    names
}

/// The module a path of `modules` belongs to at the top (`date` for `date::tokens`).
fn top(name: &str) -> &str {
    name.split("::").next().unwrap_or(name)
}

/// Which top-level modules each top-level module imports (through any of its files).
fn top_imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, code) in modules.iter().filter(|(name, _)| !name.is_empty()) {
        let uses = named_after(code, "crate::")
            .into_iter()
            .filter(|used| modules.contains_key(used) && used != top(name));
        graph.entry(top(name).to_string()).or_default().extend(uses);
    }
    graph
}

/// Which modules of its own folder each module imports (`super::tokens` from
/// `date::read` is `date::tokens`).
fn sibling_imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, code) in modules {
        let Some((folder, _)) = name.rsplit_once("::") else { continue };
        let uses = named_after(code, "super::")
            .into_iter()
            .map(|sibling| format!("{folder}::{sibling}"))
            .filter(|m| modules.contains_key(m) && m != name);
        graph.entry(name.clone()).or_default().extend(uses);
    }
    graph
}

/// A circle in the graph among `nodes`, if any, as the list of its modules.
fn circle(
    graph: &BTreeMap<String, BTreeSet<String>>,
    nodes: &BTreeSet<String>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        nodes: &BTreeSet<String>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten().filter(|n| nodes.contains(*n)) {
            if let Some(found) = visit(next, graph, nodes, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    nodes.iter().find_map(|n| visit(n, graph, nodes, &mut Vec::new(), &mut done))
}

#[test]
fn each_folder_of_modules_imports_without_a_circle() {
    let modules = modules();
    let top_level = top_imports(&modules);
    let everything: BTreeSet<String> = top_level.keys().cloned().collect();
    assert_eq!(circle(&top_level, &everything), None, "a circle of imports in src/");
    let siblings = sibling_imports(&modules);
    let mut folders: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for name in siblings.keys() {
        let folder = name.rsplit_once("::").map_or("", |(p, _)| p);
        folders.entry(folder).or_default().insert(name.clone());
    }
    assert!(folders.contains_key("date") && folders.contains_key("serve"), "{folders:?}");
    for (folder, members) in folders {
        assert_eq!(circle(&siblings, &members), None, "a circle of imports in src/{folder}/");
    }
}

#[test]
fn the_architecture_table_names_every_module_and_no_import_runs_up_it() {
    let modules = modules();
    let graph = top_imports(&modules);
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    // The table's rows, in order: the first cell's `name.rs` or `name/`, each module once.
    let order: Vec<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .flat_map(|l| {
            l.split('|')
                .next()
                .unwrap_or_default()
                .split(", ")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|cell| {
            cell.trim().trim_matches('`').trim_end_matches(".rs").trim_end_matches('/').to_string()
        })
        .collect();
    let top: BTreeSet<&String> =
        modules.keys().filter(|m| !m.contains("::") && !m.is_empty()).collect();
    let listed: BTreeSet<&String> = order.iter().collect();
    assert_eq!(
        top.difference(&listed).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "modules missing from the table"
    );
    assert_eq!(
        listed.difference(&top).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "rows naming no module"
    );
    for (i, module) in order.iter().enumerate() {
        let below: Vec<&String> =
            graph[module].iter().filter(|m| order[i + 1..].contains(m)).collect();
        assert!(
            below.is_empty(),
            "`{module}` imports {below:?}, listed below it in docs/architecture.md"
        );
    }
}
