//! The crates may depend on each other only as `docs/architecture.md` allows: this reads the
//! table there and compares it with what `cargo metadata` says the manifests declare. A new
//! edge (say documents on medical) fails here until the architecture says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The allowed graph, from the marked table in docs/architecture.md.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(repo_root().join("docs/architecture.md")).unwrap();
    let start = doc
        .find("<!-- crate-graph:start -->")
        .expect("table start marker");
    let end = doc
        .find("<!-- crate-graph:end -->")
        .expect("table end marker");
    let mut out = BTreeMap::new();
    for line in doc[start..end]
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let deps = cells[2]
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty() && *d != "—")
            .map(str::to_string)
            .collect();
        out.insert(cells[1].to_string(), deps);
    }
    out
}

/// The dependencies of each workspace crate on other workspace crates, as declared (normal
/// and build dependencies: dev-dependencies of a crate's own tests may reach further).
fn declared() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: BTreeSet<String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    let mut graph = BTreeMap::new();
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap().to_string();
        let deps = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].as_str() != Some("dev"))
            .map(|d| d["name"].as_str().unwrap().to_string())
            .filter(|d| members.contains(d))
            .collect();
        graph.insert(name, deps);
    }
    graph
}

#[test]
fn crates_depend_on_each_other_only_as_the_architecture_allows() {
    let allowed = allowed();
    let mut declared = declared();
    // The test harness drives the whole application; it is no part of the product's graph.
    declared.remove("e2e");
    assert_eq!(
        declared.keys().collect::<Vec<_>>(),
        allowed.keys().collect::<Vec<_>>(),
        "every crate of the workspace has a row in docs/architecture.md, and only those"
    );
    for (krate, deps) in &declared {
        let may = &allowed[krate];
        let extra: Vec<_> = deps.difference(may).collect();
        assert!(
            extra.is_empty(),
            "{krate} depends on {extra:?}, which docs/architecture.md does not allow"
        );
        let stale: Vec<_> = may.difference(deps).collect();
        assert!(
            stale.is_empty(),
            "docs/architecture.md says {krate} depends on {stale:?}; it no longer does"
        );
    }
}

#[test]
fn no_service_below_cases_depends_on_medical() {
    let declared = declared();
    for krate in [
        "documents",
        "reintegration",
        "scheduling",
        "identity",
        "platform",
    ] {
        assert!(
            !declared[krate].contains("medical"),
            "{krate} must reach a case through the case port, not through medical"
        );
    }
}
