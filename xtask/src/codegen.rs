//! `codegen`: spec directory → generator → rustfmt → files on disk (or a staleness report).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// Runs one job: generate, format, write. `Ok` is the one-line summary; `Err` the report to
/// print (spec problems or stale files).
#[cfg(test)]
pub fn run(root: &Path, job: &Job, check: bool) -> Result<String, String> {
    let mut timings = Timings::default();
    let mut output = [generate(root, job, &mut timings)?];
    format(root, &mut output, &mut timings)?;
    let [output] = output;
    write(root, output, check, &mut timings)
}

/// Time spent in each phase of a run, for `--timings`.
#[derive(Debug, Default)]
pub struct Timings {
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Adds the time since `since` to `phase`; returns now, where the next phase starts.
    pub fn add(&mut self, phase: &'static str, since: Instant) -> Instant {
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

/// A job's generated crate, in memory.
pub struct Output {
    spec: String,
    out: String,
    generated: codegen::Generated,
    /// The spec's warnings, rendered, when it has any.
    warnings: Option<String>,
    started: Instant,
}

impl Output {
    /// How many operations the generated crate has.
    pub fn operation_count(&self) -> usize {
        self.generated.operation_count()
    }
}

/// Reads, loads, checks and emits `job`'s spec. `Err` is the rendered spec problems.
pub fn generate(root: &Path, job: &Job, timings: &mut Timings) -> Result<Output, String> {
    let started = Instant::now();
    let spec_dir = root.join(job.spec);
    let out_dir = root.join(job.out);
    owned_output_dir(root, &spec_dir, &out_dir, job.out)?;
    let sources = read_dir(&spec_dir, &format!("{}/", job.spec)).map_err(|e| {
        format!(
            "error: cannot read the spec directory {}: {e}\ngive --spec a directory of YAML spec files (package.yaml and one file per service)",
            spec_dir.display()
        )
    })?;
    let t = timings.add("read", started);
    let render = |d: codegen::Diagnostics| {
        format!(
            "{}fix the spec and run `cargo xtask codegen` again",
            d.render(&sources)
        )
    };
    let partial = codegen::load::load_partial(&sources);
    let t = timings.add("load", t);
    let codegen::check::Checked { api, warnings } =
        codegen::check::check_partial(partial).map_err(render)?;
    let t = timings.add("check", t);
    let rendered_warnings = (!warnings.is_empty()).then(|| warnings.render(&sources));
    let files = codegen::emit::files(&api).map_err(|bug| format!("error: {bug}"))?;
    timings.add("emit", t);
    Ok(Output {
        spec: job.spec.to_owned(),
        out: job.out.to_owned(),
        generated: codegen::Generated {
            api,
            files,
            warnings,
        },
        warnings: rendered_warnings,
        started,
    })
}

/// Refuses an output directory that codegen must not own: the workspace, a directory holding
/// it or the spec, or a directory with files but none that codegen wrote.
fn owned_output_dir(
    root: &Path,
    spec_dir: &Path,
    out_dir: &Path,
    shown: &str,
) -> Result<(), String> {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, spec, out) = (canonical(root), canonical(spec_dir), canonical(out_dir));
    if root.starts_with(&out) || spec.starts_with(&out) {
        return Err(format!(
            "error: --out {shown} holds the workspace or the spec; codegen owns its output folder and removes what it did not write there\nchoose a directory of its own, e.g. target/generated"
        ));
    }
    let files = files_under(&out);
    if !files.is_empty()
        && !files
            .iter()
            .any(|f| first_line(f).is_some_and(|l| l.contains(GENERATED_MARKER)))
    {
        return Err(format!(
            "error: {shown} has files but none that codegen wrote; codegen owns its output folder and would remove them\nchoose an empty or new directory, or empty this one"
        ));
    }
    Ok(())
}

/// Formats the Rust files of `outputs` with the toolchain's rustfmt, so that `cargo fmt
/// --check` holds for generated code too: one rustfmt run for all of them (two side by side
/// when there is enough to share between cores), and none at all for a file whose unformatted
/// text is what it was when the file on disk was formatted from it (see [`FormatCache`]).
pub fn format(root: &Path, outputs: &mut [Output], timings: &mut Timings) -> Result<(), String> {
    let t = Instant::now();
    let work = target_dir(root).join("xtask-codegen");
    let mut cache = FormatCache::load(&work);
    // (output, file) of each Rust file still to format.
    let mut pending = Vec::new();
    for (o, output) in outputs.iter_mut().enumerate() {
        for (f, file) in output.generated.files.iter_mut().enumerate() {
            if !file.path.ends_with(".rs") || file.formatted {
                continue;
            }
            let on_disk = root.join(&output.out).join(&file.path);
            match cache.formatted(&file.contents, &on_disk) {
                Some(formatted) => file.contents = formatted,
                None => pending.push((o, f)),
            }
        }
    }
    let t = timings.add("format cache", t);
    if pending.is_empty() {
        return Ok(());
    }
    // rustfmt follows `mod` declarations into the files they name, which must exist. Each file
    // is formatted on its own, in a scratch folder of its own where the modules it declares
    // are empty stand-ins: no file is formatted twice, and rustfmt never holds a whole crate.
    // One scratch directory per run: runs side by side (tests) must not share one.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = work.join(format!("fmt-{}-{run}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut roots = Vec::new();
    let mut hashes = Vec::new();
    for (i, &(o, f)) in pending.iter().enumerate() {
        let file = &mut outputs[o].generated.files[f];
        let dir = scratch.join(i.to_string());
        for module in modules(&file.path, &file.contents).iter().step_by(2) {
            write_file(&dir.join(module), "")?;
        }
        let path = dir.join(&file.path);
        write_file(&path, &file.contents)?;
        roots.push((file.contents.len(), path));
        hashes.push(hash(file.contents.as_bytes()));
        // Not needed until rustfmt is done: the memory is better free meanwhile.
        file.contents = String::new();
    }
    let formatted = rustfmt(&roots);
    if formatted.is_ok() {
        for ((&(o, f), (_, path)), unformatted) in pending.iter().zip(&roots).zip(hashes) {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: reading formatted {}: {e}", path.display()))?;
            cache.remember(unformatted, &text);
            outputs[o].generated.files[f].contents = text;
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    formatted?;
    cache.save(&work);
    timings.add("rustfmt", t);
    Ok(())
}

/// Compares `output` with its directory; writes what changed and removes what it did not
/// produce, or with `check` changes nothing and fails naming the stale files.
pub fn write(
    root: &Path,
    output: Output,
    check: bool,
    timings: &mut Timings,
) -> Result<String, String> {
    let t = Instant::now();
    let out_dir = root.join(&output.out);
    let generated = &output.generated;
    let mut produced = BTreeSet::new();
    let mut stale = Vec::new();
    let mut written = 0;
    for file in &generated.files {
        let path = out_dir.join(&file.path);
        produced.insert(path.clone());
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        stale.push(format!("{}/{}", output.out, file.path));
        if !check {
            write_file(&path, &file.contents)?;
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
    timings.add("write", t);
    if check && !stale.is_empty() {
        return Err(format!(
            "error: {} is stale: these files are not what {}/ produces:\n{}\nrun `cargo xtask codegen` and commit the result",
            output.out,
            output.spec,
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let action = if check { "checked" } else { "generated" };
    Ok(format!(
        "{}codegen: {}/ → {}/: {action} {} operations, {} types, {} files ({} written, {} removed) in {:.2} s",
        output.warnings.as_deref().unwrap_or_default(),
        output.spec,
        output.out,
        generated.operation_count(),
        generated.type_count(),
        generated.files.len(),
        written,
        removed,
        output.started.elapsed().as_secs_f64()
    ))
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("error: creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("error: writing {}: {e}", path.display()))
}

/// The target directory cargo builds into: `CARGO_TARGET_DIR` or the workspace's `target/`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// The paths (relative to the crate) of the module files that the file at `path` declares
/// with `mod name;`, as rustc finds them: `name.rs` or `name/mod.rs` beside a `lib.rs`,
/// `main.rs` or `mod.rs`, under a directory named after any other file.
fn modules(path: &str, contents: &str) -> Vec<String> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let base = match name {
        "lib.rs" | "main.rs" | "mod.rs" => dir.to_owned(),
        other => {
            let stem = other.trim_end_matches(".rs");
            if dir.is_empty() {
                stem.to_owned()
            } else {
                format!("{dir}/{stem}")
            }
        }
    };
    let mut out = Vec::new();
    for line in contents.lines() {
        let line = line.trim();
        let rest = line
            .strip_prefix("pub ")
            .or_else(|| line.strip_prefix("pub(crate) "))
            .unwrap_or(line);
        if let Some(module) = rest.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            let module = module.trim();
            let prefix = if base.is_empty() {
                String::new()
            } else {
                format!("{base}/")
            };
            out.push(format!("{prefix}{module}.rs"));
            out.push(format!("{prefix}{module}/mod.rs"));
        }
    }
    out
}

/// Which generated texts have been formatted into which, so that an unchanged file is not
/// formatted again. It maps a hash of the unformatted text to a hash of rustfmt's result; a
/// file on disk whose hash is that result *is* that result. It is only a shortcut: a miss, or
/// a file edited by hand, means formatting again. It is kept in the target directory, for the
/// xtask binary that wrote it (a new toolchain rebuilds xtask, and so starts afresh).
struct FormatCache {
    tool: String,
    entries: std::collections::HashMap<u128, u128>,
    changed: bool,
}

impl FormatCache {
    const FILE: &'static str = "format-cache.txt";

    fn tool() -> String {
        std::env::current_exe()
            .and_then(|exe| exe.metadata())
            .and_then(|m| m.modified())
            .map(|t| format!("{t:?}"))
            .unwrap_or_default()
    }

    fn load(dir: &Path) -> FormatCache {
        let tool = FormatCache::tool();
        let mut entries = std::collections::HashMap::new();
        if let Ok(text) = std::fs::read_to_string(dir.join(FormatCache::FILE)) {
            let mut lines = text.lines();
            if lines.next() == Some(tool.as_str()) {
                for line in lines {
                    if let Some((a, b)) = line.split_once(' ')
                        && let (Ok(a), Ok(b)) =
                            (u128::from_str_radix(a, 16), u128::from_str_radix(b, 16))
                    {
                        entries.insert(a, b);
                    }
                }
            }
        }
        FormatCache {
            tool,
            entries,
            changed: false,
        }
    }

    /// The formatted text of `unformatted`, when the file at `on_disk` is known to be it.
    fn formatted(&self, unformatted: &str, on_disk: &Path) -> Option<String> {
        let want = self.entries.get(&hash(unformatted.as_bytes()))?;
        let disk = std::fs::read_to_string(on_disk).ok()?;
        (hash(disk.as_bytes()) == *want).then_some(disk)
    }

    fn remember(&mut self, unformatted: u128, formatted: &str) {
        self.entries.insert(unformatted, hash(formatted.as_bytes()));
        self.changed = true;
    }

    fn save(&self, dir: &Path) {
        if !self.changed {
            return;
        }
        let mut text = format!("{}\n", self.tool);
        for (a, b) in &self.entries {
            text.push_str(&format!("{a:032x} {b:032x}\n"));
        }
        // A cache that cannot be written only costs time. Written aside, then renamed, so that
        // a run side by side never reads half of it.
        let _ = std::fs::create_dir_all(dir);
        let aside = dir.join(format!("{}.{}", FormatCache::FILE, std::process::id()));
        if std::fs::write(&aside, text).is_ok() {
            let _ = std::fs::rename(&aside, dir.join(FormatCache::FILE));
        }
    }
}

/// 128-bit FNV-1a: enough to tell texts apart, with no dependency.
fn hash(bytes: &[u8]) -> u128 {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for &b in bytes {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
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

/// Formats `roots` (each with the bytes it makes rustfmt read) in place with the toolchain's
/// rustfmt (edition 2024, default style): one process, or two side by side when there is
/// enough work to share between cores.
fn rustfmt(roots: &[(usize, PathBuf)]) -> Result<(), String> {
    const SHARE_FROM_BYTES: usize = 512 * 1024;
    let total: usize = roots.iter().map(|(w, _)| w).sum();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut groups: Vec<(usize, Vec<&Path>)> = Vec::new();
    if cores >= 2 && roots.len() >= 2 && total >= SHARE_FROM_BYTES {
        // Heaviest first, each to the lighter of two groups.
        let mut sorted: Vec<&(usize, PathBuf)> = roots.iter().collect();
        sorted.sort_by_key(|b| std::cmp::Reverse(b.0));
        groups = vec![(0, Vec::new()), (0, Vec::new())];
        for (weight, path) in sorted {
            let lighter = usize::from(groups[1].0 < groups[0].0);
            groups[lighter].0 += weight;
            groups[lighter].1.push(path);
        }
    } else {
        groups.push((total, roots.iter().map(|(_, p)| p.as_path()).collect()));
    }
    let children: Vec<_> = groups
        .iter()
        .filter(|(_, paths)| !paths.is_empty())
        .map(|(_, paths)| {
            Command::new("rustfmt")
                .args(["--edition", "2024", "--quiet"])
                .args(paths)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| {
                    format!(
                        "error: cannot run rustfmt ({e}); install it with `rustup component add rustfmt`"
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    for child in children {
        let output = child
            .wait_with_output()
            .map_err(|e| format!("error: rustfmt: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "error: rustfmt failed on generated code (a generator bug): {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    Ok(())
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
        // Every file is written the first time: `N files (N written, 0 removed)`.
        let files = first
            .split(" files (")
            .next()
            .and_then(|head| head.rsplit(' ').next())
            .expect("a file count");
        assert!(
            first.contains(&format!("{files} files ({files} written, 0 removed)")),
            "{first}"
        );
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
    fn removing_a_service_file_leaves_no_empty_folder_behind() {
        let root = scratch();
        let garden = std::fs::read_to_string(root.path().join("spec/garden.yaml")).unwrap();
        let shed = root.path().join("spec/shed.yaml");
        std::fs::write(
            &shed,
            garden.replace("service: Garden\n", "service: Shed\n"),
        )
        .unwrap();
        run(root.path(), &JOB, false).unwrap();
        let module = root.path().join("out/src/shed");
        assert!(module.is_dir(), "the second service has its module folder");
        std::fs::remove_file(&shed).unwrap();
        let summary = run(root.path(), &JOB, false).unwrap();
        assert!(!summary.contains(" 0 removed"), "{summary}");
        assert!(!module.exists(), "its folder goes with its files");
        assert!(!root.path().join("out/tests/shed.rs").exists());
        assert!(root.path().join("out/src/garden").is_dir());
        let mut dirs = vec![root.path().join("out")];
        while let Some(dir) = dirs.pop() {
            let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
            assert!(!entries.is_empty(), "{} is empty", dir.display());
            dirs.extend(entries.iter().map(|e| e.path()).filter(|p| p.is_dir()));
        }
        run(root.path(), &JOB, true).expect("clean after regenerating");
    }

    #[test]
    fn warnings_are_printed_and_do_not_stop_codegen() {
        let root = scratch();
        let spec = root.path().join("spec/garden.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(
            &spec,
            format!("{text}  Unused:\n    doc: Nothing uses it.\n    fields:\n      x: {{ type: string, doc: X. }}\n"),
        )
        .unwrap();
        let summary = run(root.path(), &JOB, false).expect("generated despite the warning");
        assert!(
            summary.contains("warning: type `Unused` is not used by any operation"),
            "{summary}"
        );
        assert!(summary.contains("spec/garden.yaml:"), "{summary}");
        assert!(root.path().join("out/src/garden").is_dir());
    }

    #[test]
    fn a_hand_edited_file_is_stale_though_its_formatting_is_remembered() {
        let root = scratch();
        run(root.path(), &JOB, false).unwrap();
        run(root.path(), &JOB, true).expect("fresh");
        let models = root.path().join("out/src/garden/models.rs");
        let text = std::fs::read_to_string(&models).unwrap();
        std::fs::write(&models, format!("{text}// mine\n")).unwrap();
        let report = run(root.path(), &JOB, true).unwrap_err();
        assert!(report.contains("out/src/garden/models.rs"), "{report}");
        run(root.path(), &JOB, false).unwrap();
        assert_eq!(std::fs::read_to_string(&models).unwrap(), text);
    }

    #[test]
    fn refuses_an_output_folder_it_does_not_own() {
        let root = scratch();
        std::fs::create_dir_all(root.path().join("mine")).unwrap();
        std::fs::write(root.path().join("mine/notes.txt"), "mine").unwrap();
        let job = Job {
            spec: "spec",
            out: "mine",
        };
        let report = run(root.path(), &job, false).err().unwrap();
        assert!(
            report.contains("has files but none that codegen wrote"),
            "{report}"
        );
        assert!(root.path().join("mine/notes.txt").exists());
        for out in [".", "spec"] {
            let job = Job { spec: "spec", out };
            let report = run(root.path(), &job, false).err().unwrap();
            assert!(
                report.contains("holds the workspace or the spec"),
                "{report}"
            );
        }
        let job = Job {
            spec: "nowhere",
            out: "out",
        };
        let report = run(root.path(), &job, false).err().unwrap();
        assert!(
            report.contains("cannot read the spec directory"),
            "{report}"
        );
    }

    #[test]
    fn module_files_are_found_as_rustc_finds_them() {
        assert_eq!(
            modules("src/lib.rs", "pub mod aom;\nmod x;\nuse y;\n"),
            ["src/aom.rs", "src/aom/mod.rs", "src/x.rs", "src/x/mod.rs"]
        );
        assert_eq!(
            modules("src/aom.rs", "mod client;\n"),
            ["src/aom/client.rs", "src/aom/client/mod.rs"]
        );
        assert!(modules("tests/aom.rs", "use a::b;\n").is_empty());
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
