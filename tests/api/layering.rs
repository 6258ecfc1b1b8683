//! The layering the code states, enforced (the way Lemmy's CI refuses a crate that depends on
//! diesel): each module may use only the modules below it. `docs/ARCHITECTURE.md` explains why.
//! Also the test harness's own rules: one copy of each shared helper, and no test so long that
//! it cannot be read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (module, modules it must not use).
const RULES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "auth",
            "cli",
            "db",
            "demo",
            "i18n",
            "import",
            "media",
            "render",
            "scheduler",
            "startup",
            "views",
            "web",
        ],
    ),
    (
        "i18n",
        &[
            "auth",
            "cli",
            "db",
            "demo",
            "import",
            "media",
            "render",
            "scheduler",
            "startup",
            "views",
            "web",
        ],
    ),
    (
        "render",
        &["cli", "demo", "import", "scheduler", "startup", "web"],
    ),
    (
        "db",
        &[
            "cli",
            "demo",
            "import",
            "render",
            "scheduler",
            "startup",
            "web",
        ],
    ),
    (
        "media",
        &[
            "cli",
            "db",
            "demo",
            "import",
            "render",
            "scheduler",
            "startup",
            "web",
        ],
    ),
    (
        "auth",
        &[
            "cli",
            "demo",
            "import",
            "render",
            "scheduler",
            "startup",
            "web",
        ],
    ),
    (
        "delivery",
        &["cli", "demo", "import", "scheduler", "startup", "web"],
    ),
    (
        "search",
        &[
            "cli",
            "delivery",
            "demo",
            "import",
            "scheduler",
            "startup",
            "web",
        ],
    ),
    ("import", &["cli", "startup", "web"]),
    ("views", &["cli", "startup", "web"]),
    ("scheduler", &["cli", "startup", "web"]),
    ("web", &["cli", "startup"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of a top-level module (`src/x.rs` or everything under `src/x/`).
fn files_of(module: &str) -> Vec<PathBuf> {
    let file = src().join(format!("{module}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut out = Vec::new();
    let mut dirs = vec![src().join(module)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The top-level modules a source file names through `crate::…` (also inside `use crate::{…}`).
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(pos) = rest.find("crate::") {
        rest = &rest[pos + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn each_module_uses_only_the_modules_below_it() {
    let mut broken = Vec::new();
    for (module, forbidden) in RULES {
        let files = files_of(module);
        assert!(!files.is_empty(), "module {module} has no files");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for used in uses(&text) {
                if forbidden.contains(&used.as_str()) {
                    broken.push(format!("{} uses crate::{used}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_rules_name_real_modules_and_the_scanner_sees_grouped_imports() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    for (module, forbidden) in RULES {
        for m in std::iter::once(module).chain(forbidden.iter()) {
            assert!(
                lib.contains(&format!("pub mod {m};")),
                "{m} is not a module"
            );
        }
    }
    let seen = uses("use crate::{db::x, web::{a, b}};\nlet _ = crate::render::y;");
    assert!(
        seen.contains("db") && seen.contains("web") && seen.contains("render"),
        "{seen:?}"
    );
}

/// Every top-level module is on the map newcomers read first.
#[test]
fn the_architecture_document_names_every_top_level_module() {
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&doc_path).expect("docs/ARCHITECTURE.md exists");
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    for m in modules {
        let dir = format!("`src/{m}/`");
        let file = format!("`src/{m}.rs`");
        assert!(
            doc.contains(&dir) || doc.contains(&file),
            "docs/ARCHITECTURE.md does not name {dir} or {file}"
        );
    }
}

/// Public addresses are built by `domain::paths` alone: a `"/@…"` or `"/media/…"` written into
/// a `format!` anywhere else is a hand-made address that can drift from the routes.
#[test]
fn public_addresses_are_built_in_one_place() {
    let mut found = Vec::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.to_string_lossy().into_owned();
            if !name.ends_with(".rs") || name.ends_with("domain/paths.rs") || name.contains("tests")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for (n, line) in text.lines().enumerate() {
                let l = line.trim_start();
                if l.starts_with("//") || !l.contains("format!(") {
                    continue;
                }
                if l.contains("\"/@")
                    || l.contains("}/@")
                    || l.contains("\"/media/")
                    || l.contains("}/media/")
                {
                    found.push(format!("{name}:{}: {l}", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "hand-made public addresses:\n{}",
        found.join("\n")
    );
}

/// Every `.rs` file under `tests/api/`.
fn test_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("tests dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api"),
        &mut out,
    );
    out.sort();
    out
}

/// The harness has one copy of each helper: a second `png` or `step` drifts from the first
/// (they did: three PNG makers, two workflow steps, two article counts).
#[test]
fn the_shared_helpers_are_defined_once_in_the_helpers_module() {
    const SHARED: &[&str] = &[
        "png",
        "new_article",
        "step",
        "publish",
        "article",
        "slug",
        "count",
        "corpus_dir",
        "texts",
        "attr",
        "csrf_in",
        "location",
        "client",
    ];
    let files = test_files();
    let helpers = files
        .iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "helpers"))
        .count();
    assert!(helpers >= 3, "the helpers module was not found: {files:?}");
    let mut found = BTreeSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let in_helpers = path.components().any(|c| c.as_os_str() == "helpers");
        for line in text.lines() {
            let line = line.trim_start();
            let Some(rest) = ["pub async fn ", "pub fn ", "async fn ", "fn "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if SHARED.contains(&name.as_str()) {
                assert!(
                    in_helpers,
                    "{}: `fn {name}` belongs in tests/api/helpers/ (use crate::helpers::{name})",
                    path.display()
                );
                assert!(
                    found.insert(name.clone()),
                    "`fn {name}` is defined twice in the helpers"
                );
            }
        }
    }
    for name in SHARED {
        assert!(
            found.contains(*name),
            "the helpers no longer define `{name}`: update SHARED"
        );
    }
}

/// Scenario tests stay short enough to read: a test over 100 lines is several tests (or one
/// test calling named steps).
#[test]
fn no_test_function_is_longer_than_100_lines() {
    let mut checked = 0;
    for path in test_files() {
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let l = lines[i];
            let is_fn = ["async fn ", "fn ", "pub async fn ", "pub fn "]
                .iter()
                .any(|p| l.starts_with(p));
            if is_fn {
                let end = (i..lines.len())
                    .find(|&j| lines[j] == "}")
                    .unwrap_or(lines.len());
                let length = end - i + 1;
                assert!(
                    length <= 100,
                    "{}:{}: `{}` is {length} lines",
                    path.display(),
                    i + 1,
                    l.trim_end_matches(" {")
                );
                checked += 1;
                i = end;
            }
            i += 1;
        }
    }
    assert!(
        checked > 200,
        "only {checked} functions seen: is the scanner still right?"
    );
}
