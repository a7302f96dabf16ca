//! Property tests of the whole pipeline (load → check → emit), bounded to stay fast:
//!
//! - random valid specs (`codegen::random_spec`: every shape of the spec format) are accepted,
//!   and every emitted Rust file parses;
//! - valid specs mutated (lines deleted, duplicated, swapped or re-indented, values replaced
//!   by garbage, text truncated) are accepted or rejected with diagnostics that all carry a
//!   location in one of the spec's files, and never panic.
//!
//! Specs are built from a sequence of choices (bytes) that proptest generates and shrinks:
//! a shrunk failure is a simpler spec. (`cargo xtask random-crates`, run by CI, compiles,
//! lints and tests the crates of seeded random specs.)

use codegen::{SourceFile, generate};
use proptest::prelude::*;

fn valid_spec(bytes: &[u8]) -> Vec<SourceFile> {
    codegen::random_spec::sources(bytes)
}

/// Replacement values that break YAML or the spec's types.
const GARBAGE: &[&str] = &[
    "[",
    "{",
    "}",
    "~",
    "-1",
    "yes",
    "list<",
    "\"",
    "&a",
    "*b",
    "!!int x",
    "@x",
    "`x`",
    "99999999999999999999",
    "{ type: }",
    "- a",
    ": :",
    "\t",
    "list<list<list<",
    "Option",
    "type",
    "''",
    "null",
    "1.10",
    "\u{0}",
    "é",
    "#",
];

/// `text` changed by `mutations`, each a (kind, where, what) triple of choices.
fn mutate(text: &str, mutations: &[(u8, u16, u8)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for &(kind, at, what) in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = usize::from(at) % lines.len();
        let garbage = GARBAGE[usize::from(what) % GARBAGE.len()];
        match kind % 7 {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => {
                // A value replaced: after the first `: ` of the line.
                if let Some(colon) = lines[i].find(": ") {
                    lines[i].truncate(colon + 2);
                    lines[i].push_str(garbage);
                }
            }
            3 => lines.insert(i, garbage.to_owned()),
            4 => {
                let j = usize::from(what) % lines.len();
                lines.swap(i, j);
            }
            5 => lines[i] = format!(" {}", lines[i]),
            _ => {
                // The text cut at a character boundary inside the line.
                let keep: String = lines[i].chars().take(usize::from(what) % 20).collect();
                lines[i] = keep;
                lines.truncate(i + 1);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn choices() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..160)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn valid_specs_are_accepted_and_emit_rust_that_parses(bytes in choices()) {
        let files = valid_spec(&bytes);
        let generated = generate(&files).unwrap_or_else(|d| {
            panic!("{}\n{}", d.render(&files), files.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("\n---\n"))
        });
        prop_assert!(generated.files.iter().any(|f| f.path.ends_with(".rs")));
        for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {e}\n{}", file.path, file.contents);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_are_accepted_or_rejected_with_located_problems(
        bytes in choices(),
        file in 0usize..3,
        mutations in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u8>()), 1..4),
    ) {
        let mut files = valid_spec(&bytes);
        let file = file % files.len();
        files[file].text = mutate(&files[file].text, &mutations);
        match generate(&files) {
            Ok(generated) => {
                for d in &generated.warnings.0 {
                    prop_assert!(files.iter().any(|f| f.path == d.file), "{d}");
                }
            }
            Err(found) => {
                prop_assert!(found.error_count() > 0);
                for d in &found.0 {
                    prop_assert!(d.position.line >= 1 && d.position.column >= 1, "{d}");
                    prop_assert!(files.iter().any(|f| f.path == d.file), "{d}\n{}", files[file].text);
                }
                let rendered = found.render(&files);
                prop_assert!(rendered.contains("problem"));
            }
        }
    }
}
