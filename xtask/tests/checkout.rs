//! `cargo xtask` works on the checkout it was started from, even when cargo runs a binary that
//! was built in another checkout (a target directory shared between checkouts, e.g. through a
//! global `CARGO_TARGET_DIR`). The binary under test was built in this checkout; it is run
//! the way cargo runs it for a second checkout, which must be the only one it touches.

use std::path::Path;
use std::process::Command;

/// Copies the files of `from` (not its subdirectories) into `to`.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn codegen_reads_and_writes_the_checkout_it_is_run_in() {
    let this = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("Cargo.toml"),
        "[workspace]\nmembers = []\n",
    )
    .unwrap();
    std::fs::create_dir_all(other.path().join("xtask")).unwrap();
    copy_files(&this.join("spec"), &other.path().join("spec"));
    let fixture = "generator/tests/fixture/spec";
    copy_files(&this.join(fixture), &other.path().join(fixture));
    // The other checkout's spec says something this one's does not.
    let package = other.path().join("spec/package.yaml");
    let text = std::fs::read_to_string(&package).unwrap();
    let edited = text.replacen("  description: ", "  description: Other checkout. ", 1);
    assert_ne!(text, edited);
    std::fs::write(&package, edited).unwrap();
    let ours = std::fs::read_to_string(this.join("generated/Cargo.toml")).unwrap();

    // As `cargo xtask codegen` run in the other checkout starts it: there, with that
    // checkout's CARGO_MANIFEST_DIR in the environment.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .current_dir(other.path())
        .env("CARGO_MANIFEST_DIR", other.path().join("xtask"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs = std::fs::read_to_string(other.path().join("generated/Cargo.toml")).unwrap();
    assert!(theirs.contains("Other checkout."), "{theirs}");
    assert!(other.path().join("spec/schema.json").exists());
    assert_eq!(
        std::fs::read_to_string(this.join("generated/Cargo.toml")).unwrap(),
        ours,
        "this checkout is untouched"
    );

    // Started directly from a subdirectory, without cargo: the nearest workspace above.
    std::fs::remove_dir_all(other.path().join("generated")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(other.path().join("spec"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(report.contains("generated is stale"), "{report}");
}
