//! `codegen`: spec directory → generator → rustfmt → files on disk (or a staleness report).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use codegen::emit::GENERATED_MARKER;
use codegen::load::read_dir;

/// A spec directory and the crate generated from it, both relative to the workspace root
/// (or absolute).
pub struct Job<'a> {
    /// Where the YAML spec lives.
    pub spec: &'a str,
    /// The generated crate's directory.
    pub out: &'a str,
}

/// The project's spec, then the generator's small made-up test spec (whose output is
/// compiled and tested by `cargo test --workspace`, proving the generator is generic).
pub const JOBS: &[Job<'static>] = &[
    Job {
        spec: "spec",
        out: "generated",
    },
    Job {
        spec: "generator/tests/fixture/spec",
        out: "generator/tests/fixture/generated",
    },
];

/// Runs one job. `Ok` is the one-line summary; `Err` the report to print (spec problems or
/// stale files).
pub fn run(root: &Path, job: &Job, check: bool) -> Result<String, String> {
    run_timed(root, job, check, &mut Timings::default())
}

/// Time spent in each phase of a run, for `--timings`.
#[derive(Debug, Default)]
pub struct Timings {
    phases: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn add(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        match self.phases.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, d)) => *d += now - since,
            None => self.phases.push((phase, now - since)),
        }
        now
    }

    /// One line: each phase and its time in milliseconds.
    pub fn line(&self) -> String {
        self.phases
            .iter()
            .map(|(p, d)| format!("{p} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// [`run`], adding the time of each phase to `timings`.
pub fn run_timed(root: &Path, job: &Job, check: bool, timings: &mut Timings) -> Result<String, String> {
    let started = Instant::now();
    let spec_dir = root.join(job.spec);
    let out_dir = root.join(job.out);
    let sources = read_dir(&spec_dir, &format!("{}/", job.spec))
        .map_err(|e| format!("error: cannot read {}: {e}", spec_dir.display()))?;
    let t = timings.add("read", started);
    let render = |d: codegen::Diagnostics| {
        format!(
            "{}fix the spec and run `cargo xtask codegen` again",
            d.render(&sources)
        )
    };
    let loaded = codegen::load::load(&sources).map_err(render)?;
    let t = timings.add("load", t);
    let api = codegen::check::check(&loaded).map_err(render)?;
    let t = timings.add("check", t);
    let files = codegen::emit::files(&api).map_err(|bug| format!("error: {bug}"))?;
    let mut t = timings.add("emit", t);
    let generated = codegen::Generated { api, files };
    let mut produced = BTreeSet::new();
    let mut stale = Vec::new();
    let mut written = 0;
    for file in &generated.files {
        let contents = if file.path.ends_with(".rs") {
            t = timings.add("write", t);
            let c = rustfmt(&file.contents)
                .map_err(|e| format!("error: formatting {}: {e}", file.path))?;
            t = timings.add("rustfmt", t);
            c
        } else {
            file.contents.clone()
        };
        let path = out_dir.join(&file.path);
        produced.insert(path.clone());
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(contents.as_str()) {
            continue;
        }
        stale.push(format!("{}/{}", job.out, file.path));
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("error: creating {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, contents)
                .map_err(|e| format!("error: writing {}: {e}", path.display()))?;
            written += 1;
        }
    }
    let mut removed = 0;
    for orphan in files_under(&out_dir) {
        if produced.contains(&orphan) {
            continue;
        }
        let shown = orphan
            .strip_prefix(root)
            .unwrap_or(&orphan)
            .display()
            .to_string();
        let why = if first_line(&orphan).is_some_and(|l| l.contains(GENERATED_MARKER)) {
            "no longer generated"
        } else {
            "not generated: codegen owns this folder; move hand-written files elsewhere"
        };
        stale.push(format!("{shown} ({why})"));
        if !check {
            std::fs::remove_file(&orphan).map_err(|e| format!("error: removing {shown}: {e}"))?;
            removed += 1;
        }
    }
    if !check {
        remove_empty_dirs(&out_dir);
    }
    if check && !stale.is_empty() {
        return Err(format!(
            "error: {} is stale: these files are not what {}/ produces:\n{}\nrun `cargo xtask codegen` and commit the result",
            job.out,
            job.spec,
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    timings.add("write", t);
    let action = if check { "checked" } else { "generated" };
    Ok(format!(
        "codegen: {}/ → {}/: {action} {} operations, {} types, {} files ({} written, {} removed) in {:.2} s",
        job.spec,
        job.out,
        generated.operation_count(),
        generated.type_count(),
        generated.files.len(),
        written,
        removed,
        started.elapsed().as_secs_f64()
    ))
}

/// Writes `spec/schema.json` (the JSON Schema of the spec format, for editors) when it is not
/// what the generator makes; with `check`, changes nothing and fails naming it when stale.
pub fn schema(root: &Path, spec_dir: &str, check: bool) -> Result<String, String> {
    let shown = format!("{spec_dir}/{}", codegen::schema::SCHEMA_FILE);
    let path = root.join(&shown);
    let text = codegen::schema::spec_schema_text();
    if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
        return Ok(format!("codegen: {shown} is up to date"));
    }
    if check {
        return Err(format!(
            "error: {shown} is stale: it is not the schema of the generator's spec model\nrun `cargo xtask codegen` and commit the result"
        ));
    }
    std::fs::write(&path, text).map_err(|e| format!("error: writing {shown}: {e}"))?;
    Ok(format!("codegen: wrote {shown}"))
}

/// Every file under `dir`: codegen owns the output folder, so whatever it did not produce
/// there is stale, hand-written or not.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Removes the directories under `dir` (not `dir` itself) that are left empty.
fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            // Fails, as it should, when the directory is not empty.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

fn first_line(path: &Path) -> Option<String> {
    let text = std::fs::read(path).ok()?;
    let end = text
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(text.len())
        .min(400);
    String::from_utf8(text[..end].to_vec()).ok()
}

/// Formats Rust source with the toolchain's rustfmt (edition 2024, default style), so that
/// `cargo fmt --check` holds for generated code too.
fn rustfmt(source: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run rustfmt ({e}); install it with `rustup component add rustfmt`")
        })?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    writer
        .join()
        .map_err(|_| "rustfmt input thread panicked".to_owned())?
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt output: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: Job = Job {
        spec: "spec",
        out: "out",
    };

    use crate::test_support::scratch;

    /// rust-analyzer's rule: the checked-in output is fresh, or `cargo test` fails and says
    /// how to fix it, so nobody needs CI to find out.
    #[test]
    fn checked_in_output_is_what_the_spec_produces() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask sits in the workspace");
        let mut reports = Vec::new();
        for job in JOBS {
            if let Err(report) = run(root, job, true) {
                reports.push(report);
            }
        }
        if let Err(report) = schema(root, "spec", true) {
            reports.push(report);
        }
        assert!(reports.is_empty(), "{}", reports.join("\n"));
    }

    #[test]
    fn generates_then_checks_clean_then_writes_nothing() {
        let root = scratch();
        let first = run(root.path(), &JOB, false).expect("generates");
        assert!(first.contains("8 written, 0 removed"), "{first}");
        run(root.path(), &JOB, true).expect("fresh output passes --check");
        let second = run(root.path(), &JOB, false).expect("regenerates");
        assert!(second.contains("0 written, 0 removed"), "{second}");
    }

    #[test]
    fn check_names_the_stale_files_after_a_description_edit_and_changes_nothing() {
        let root = scratch();
        run(root.path(), &JOB, false).unwrap();
        let spec = root.path().join("spec/garden.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(
            &spec,
            text.replace("doc: Height in centimetres.", "doc: Height in cm."),
        )
        .unwrap();
        let before = std::fs::read_to_string(root.path().join("out/src/garden/models.rs")).unwrap();
        let report = run(root.path(), &JOB, true).unwrap_err();
        assert!(report.contains("out/src/garden/models.rs"), "{report}");
        assert!(report.contains("run `cargo xtask codegen`"), "{report}");
        let after = std::fs::read_to_string(root.path().join("out/src/garden/models.rs")).unwrap();
        assert_eq!(before, after, "--check changes nothing");
    }

    #[test]
    fn owns_the_output_folder_removing_whatever_it_did_not_produce() {
        let root = scratch();
        run(root.path(), &JOB, false).unwrap();
        let orphan = root.path().join("out/src/old.rs");
        std::fs::write(
            &orphan,
            "// @generated by hwc-codegen from spec/old.yaml.\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.path().join("out/examples")).unwrap();
        let hand_written = root.path().join("out/examples/mine.rs");
        std::fs::write(&hand_written, "// mine\n").unwrap();
        let report = run(root.path(), &JOB, true).unwrap_err();
        assert!(
            report.contains("out/src/old.rs (no longer generated)"),
            "{report}"
        );
        assert!(
            report.contains("out/examples/mine.rs (not generated: codegen owns this folder"),
            "{report}"
        );
        assert!(
            orphan.exists() && hand_written.exists(),
            "--check changes nothing"
        );
        let summary = run(root.path(), &JOB, false).unwrap();
        assert!(summary.contains("2 removed"), "{summary}");
        assert!(!orphan.exists() && !hand_written.exists());
        assert!(
            !root.path().join("out/examples").exists(),
            "empty folders go too"
        );
        run(root.path(), &JOB, true).expect("clean after regenerating");
    }

    #[test]
    fn schema_is_written_then_checked_and_named_when_stale() {
        let root = scratch();
        let stale = schema(root.path(), "spec", true).unwrap_err();
        assert!(stale.contains("spec/schema.json is stale"), "{stale}");
        schema(root.path(), "spec", false).expect("writes");
        schema(root.path(), "spec", true).expect("fresh");
        std::fs::write(root.path().join("spec/schema.json"), "{}").unwrap();
        assert!(schema(root.path(), "spec", true).is_err());
    }

    #[test]
    fn spec_errors_are_reported_with_their_location() {
        let root = scratch();
        let spec = root.path().join("spec/garden.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(&spec, text.replace("type: Species,", "type: Specie,")).unwrap();
        let report = run(root.path(), &JOB, false).unwrap_err();
        assert!(report.contains("spec/garden.yaml:"), "{report}");
        assert!(report.contains("unknown type `Specie`"), "{report}");
        assert!(
            report.contains("^^^^^^"),
            "a caret under the item: {report}"
        );
        assert!(
            !root.path().join("out").exists(),
            "nothing is written from a broken spec"
        );
    }
}
