//! The crate graph of `docs/architecture.md` holds: every workspace crate is listed there, and
//! depends on no other workspace crate than the ones its line allows (read from
//! `cargo metadata`, so a new `path` dependency that breaks the layering fails here).
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ sits in the workspace")
}

/// The allowed graph: the fenced `crate-graph` block of the architecture document, one line
/// per crate, `crate: dependency, dependency` (`-` for none).
fn allowed_graph(document: &str) -> BTreeMap<String, BTreeSet<String>> {
    let block = document
        .split("```crate-graph\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/architecture.md has a ```crate-graph block");
    block
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, deps) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("`{line}` is not `crate: deps`"));
            let deps = deps
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty() && *d != "-")
                .map(str::to_owned)
                .collect();
            (name.trim().to_owned(), deps)
        })
        .collect()
}

/// What each workspace crate really depends on among the workspace's crates (normal,
/// build and dev dependencies alike: a test may not reach around the layering either).
fn actual_graph() -> BTreeMap<String, BTreeSet<String>> {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata failed: {output:?}");
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let members: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    packages
        .iter()
        .map(|package| {
            let deps = package["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .filter(|name| members.contains(name))
                .collect();
            (package["name"].as_str().unwrap().to_owned(), deps)
        })
        .collect()
}

fn violations(
    allowed: &BTreeMap<String, BTreeSet<String>>,
    actual: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (name, deps) in actual {
        match allowed.get(name) {
            None => found.push(format!(
                "{name} is not in the crate graph of docs/architecture.md"
            )),
            Some(permitted) => {
                for dep in deps.difference(permitted) {
                    found.push(format!(
                        "{name} depends on {dep}, which its line does not allow"
                    ));
                }
            }
        }
    }
    for name in allowed.keys() {
        if !actual.contains_key(name) {
            found.push(format!(
                "{name} is in the crate graph but not in the workspace"
            ));
        }
    }
    found
}

#[test]
fn crates_depend_only_on_what_the_architecture_allows() {
    let document = std::fs::read_to_string(workspace_root().join("docs/architecture.md"))
        .expect("docs/architecture.md exists");
    let allowed = allowed_graph(&document);
    let actual = actual_graph();
    let found = violations(&allowed, &actual);
    assert!(
        found.is_empty(),
        "crate graph violations:\n{}",
        found.join("\n")
    );
    // The pure crates stay pure: the citizen's bundle is built on them.
    assert!(allowed["openasp-core"].is_empty());
    assert_eq!(
        allowed["openasp-eforms-domain"],
        BTreeSet::from(["openasp-core".to_owned()])
    );
}

#[test]
fn a_system_reaching_outside_its_allowed_list_is_caught() {
    let allowed = allowed_graph(
        "```crate-graph\nopenasp-core: -\nopenasp-eforms-domain: openasp-core\n```\n",
    );
    let mut actual = BTreeMap::new();
    actual.insert("openasp-core".to_owned(), BTreeSet::new());
    actual.insert(
        "openasp-eforms-domain".to_owned(),
        BTreeSet::from(["openasp-core".to_owned(), "openasp-app".to_owned()]),
    );
    actual.insert("openasp-new".to_owned(), BTreeSet::new());
    let found = violations(&allowed, &actual);
    assert_eq!(
        found,
        [
            "openasp-eforms-domain depends on openasp-app, which its line does not allow",
            "openasp-new is not in the crate graph of docs/architecture.md",
        ]
    );
}

/// Each system's entities are private (`pub(crate) mod db`) unless `test-entities` is on,
/// which only the server's dev-dependency may switch on: a normal dependency asking for it
/// would open another system's tables to a system.
#[test]
fn only_the_tests_open_the_entities() {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut opened = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        for dep in package["dependencies"].as_array().unwrap() {
            let asks = dep["features"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "test-entities");
            if asks && dep["kind"] != "dev" {
                opened.push(format!("{} -> {}", package["name"], dep["name"]));
            }
        }
    }
    assert!(
        opened.is_empty(),
        "entities opened outside the tests: {opened:?}"
    );
    // And the server's tests do open them (their checks read stored rows).
    let server = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "openasp-server")
        .unwrap();
    assert!(server["dependencies"].as_array().unwrap().iter().any(|d| {
        d["name"] == "openasp-app"
            && d["kind"] == "dev"
            && d["features"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "test-entities")
    }));
}
