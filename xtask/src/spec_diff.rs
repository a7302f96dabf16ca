//! `spec-diff`: the spec at a git revision against the spec in the working tree, both read by
//! the generator's own loader and checker and compared by `codegen::diff`. Git is used through
//! its plumbing only (`git ls-tree`, `git show <rev>:<path>`). `openapi`: the working tree's
//! spec as an OpenAPI 3.1 document.

use std::path::Path;
use std::process::Command;

use codegen::SourceFile;
use codegen::load::read_dir;

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown to paste into a pull request.
    Markdown,
    /// JSON for other tools.
    Json,
}

/// What `spec-diff` found: the rendered report and whether anything is breaking.
pub struct Outcome {
    /// The report in the requested format.
    pub report: String,
    /// Whether any change is breaking.
    pub breaking: bool,
    /// Whether a change is breaking and the version is not bumped enough for it.
    pub breaking_unreleased: bool,
}

/// Runs `git` in `root`; its trimmed standard output, or what went wrong.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout).map_err(|e| format!("error: git output: {e}"))
    } else {
        Err(format!(
            "error: `git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The default base: the merge base with `main`, or `HEAD` when there is none.
pub fn default_base(root: &Path) -> String {
    git(root, &["merge-base", "HEAD", "main"])
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "HEAD".to_owned())
}

/// The spec files (`spec/*.yaml`) at revision `rev`, named `<rev>:spec/<file>`.
pub fn spec_at(root: &Path, rev: &str, spec_dir: &str) -> Result<Vec<SourceFile>, String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("error: `{rev}` is not a commit of this repository"))?;
    let listing = git(
        root,
        &["ls-tree", "--name-only", rev, &format!("{spec_dir}/")],
    )?;
    let mut files = Vec::new();
    for path in listing.lines() {
        let Some(name) = path.strip_prefix(&format!("{spec_dir}/")) else {
            continue;
        };
        if !name.ends_with(".yaml") || name.contains('/') {
            continue;
        }
        let text = git(root, &["show", &format!("{rev}:{path}")])?;
        files.push(SourceFile {
            path: format!("{rev}:{path}"),
            text,
        });
    }
    if files.is_empty() {
        return Err(format!(
            "error: there is no spec ({spec_dir}/*.yaml) at {rev}"
        ));
    }
    Ok(files)
}

fn checked(files: &[SourceFile], side: &str) -> Result<codegen::ir::Api, String> {
    codegen::check_spec(files)
        .map_err(|d| format!("error: the spec {side} is invalid\n\n{}", d.render(files)))
}

/// Like [`checked`], for the base revision, which may name an earlier runtime.
fn checked_earlier(files: &[SourceFile], side: &str) -> Result<codegen::ir::Api, String> {
    codegen::check_earlier_spec(files)
        .map_err(|d| format!("error: the spec {side} is invalid\n\n{}", d.render(files)))
}

/// Compares the spec at `base` with the working tree's.
pub fn spec_diff(root: &Path, base: &str, format: Format) -> Result<Outcome, String> {
    let old_files = spec_at(root, base, "spec")?;
    let new_files = read_dir(&root.join("spec"), "spec/")
        .map_err(|e| format!("error: cannot read spec/: {e}"))?;
    let old = checked_earlier(&old_files, &format!("at {base}"))?;
    let new = checked(&new_files, "in the working tree")?;
    let report = codegen::diff::diff(&old, &new);
    let text = match format {
        Format::Text => report.to_text(),
        Format::Markdown => report.to_markdown(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report.to_json())
                .map_err(|e| format!("error: {e}"))?;
            s.push('\n');
            s
        }
    };
    Ok(Outcome {
        report: text,
        breaking: report.is_breaking(),
        breaking_unreleased: report.is_breaking() && !report.version.enough,
    })
}

/// Writes the working tree's spec as OpenAPI 3.1 JSON to `out` (relative to `root` unless
/// absolute); the one-line summary.
pub fn openapi(root: &Path, spec: &Path, out: &Path) -> Result<String, String> {
    let shown = spec.display().to_string();
    let shown = shown.trim_end_matches('/');
    let files = read_dir(&root.join(spec), &format!("{shown}/"))
        .map_err(|e| format!("error: cannot read {shown}/: {e}"))?;
    let api = checked(&files, "in the working tree")?;
    let document = codegen::openapi::openapi(&api);
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| format!("error: {e}"))?;
    text.push('\n');
    let path = root.join(out);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("error: creating {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("error: writing {}: {e}", path.display()))?;
    let operations: usize = api.services.iter().map(|s| s.operations.len()).sum();
    Ok(format!(
        "openapi: wrote {} (OpenAPI {}, {operations} operations)",
        out.display(),
        codegen::openapi::OPENAPI_VERSION
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// A git repository whose first commit holds the generator's fixture spec in `spec/`.
    fn repo() -> tempfile::TempDir {
        let dir = crate::test_support::scratch();
        run_git(dir.path(), &["init", "--quiet", "--initial-branch=main"]);
        run_git(dir.path(), &["add", "spec"]);
        run_git(dir.path(), &["commit", "--quiet", "-m", "spec"]);
        dir
    }

    fn edit(dir: &Path, from: &str, to: &str) {
        let path = dir.join("spec/garden.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    #[test]
    fn unchanged_spec_reports_nothing() {
        let dir = repo();
        let outcome = spec_diff(dir.path(), "HEAD", Format::Text).expect("diff");
        assert!(!outcome.breaking);
        assert!(outcome.report.contains("No change"), "{}", outcome.report);
    }

    #[test]
    fn a_removed_enum_value_is_breaking_in_every_format() {
        let dir = repo();
        edit(dir.path(), "      - { value: BIRCH, doc: A birch. }\n", "");
        let text = spec_diff(dir.path(), "HEAD", Format::Text).expect("diff");
        assert!(text.breaking);
        assert!(
            text.report.contains("enum value `BIRCH`"),
            "{}",
            text.report
        );
        let markdown = spec_diff(dir.path(), "HEAD", Format::Markdown).unwrap();
        assert!(
            markdown.report.contains("| ❌ breaking |"),
            "{}",
            markdown.report
        );
        let json = spec_diff(dir.path(), "HEAD", Format::Json).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json.report).unwrap();
        assert_eq!(value["breaking"], true);
    }

    #[test]
    fn a_base_made_for_an_earlier_runtime_still_compares() {
        let dir = repo();
        let package = dir.path().join("spec/package.yaml");
        let text = std::fs::read_to_string(&package).unwrap();
        // The `version:` line of the `runtime:` section (the version the spec asks for) made
        // older than any runtime.
        let runtime = text.find("\nruntime:").expect("a runtime section");
        let (before, section) = text.split_at(runtime);
        let line = section
            .lines()
            .find(|line| line.trim_start().starts_with("version: "))
            .expect("the runtime's version");
        let older = section.replacen(line, "  version: 0.0.1", 1);
        assert_ne!(older, section);
        std::fs::write(&package, format!("{before}{older}")).unwrap();
        run_git(
            dir.path(),
            &["commit", "--quiet", "-am", "an earlier runtime"],
        );
        std::fs::write(&package, text).unwrap();
        let outcome = spec_diff(dir.path(), "HEAD", Format::Text).expect("the base is checked");
        assert!(!outcome.breaking, "{}", outcome.report);
        assert!(outcome.report.contains("No change"), "{}", outcome.report);
    }

    #[test]
    fn an_invalid_spec_on_either_side_is_reported_with_its_location() {
        let dir = repo();
        edit(dir.path(), "type: Species,", "type: Specie,");
        let error = spec_diff(dir.path(), "HEAD", Format::Text)
            .err()
            .expect("fails");
        assert!(error.contains("working tree is invalid"), "{error}");
        assert!(error.contains("--> spec/garden.yaml:"), "{error}");
        assert!(error.contains("^^^^^^"), "{error}");
        run_git(dir.path(), &["commit", "--quiet", "-am", "broken"]);
        edit(dir.path(), "type: Specie,", "type: Species,");
        let error = spec_diff(dir.path(), "HEAD", Format::Text)
            .err()
            .expect("fails");
        assert!(error.contains("at HEAD is invalid"), "{error}");
        assert!(error.contains("--> HEAD:spec/garden.yaml:"), "{error}");
    }

    #[test]
    fn a_bad_revision_is_an_error_not_a_crash() {
        let dir = repo();
        let error = spec_diff(dir.path(), "no-such-rev", Format::Text)
            .err()
            .expect("fails");
        assert!(error.contains("not a commit"), "{error}");
        assert_eq!(
            default_base(dir.path()).len(),
            40,
            "HEAD's merge base with main"
        );
    }

    #[test]
    fn openapi_is_written_where_asked() {
        let dir = repo();
        let summary =
            openapi(dir.path(), Path::new("spec"), Path::new("out/api.json")).expect("writes");
        assert!(
            summary.starts_with("openapi: wrote out/api.json"),
            "{summary}"
        );
        let text = std::fs::read_to_string(dir.path().join("out/api.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["openapi"], "3.1.0");
    }
}
