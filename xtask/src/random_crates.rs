//! `random-crates`: the crates of seeded random specs (`codegen::random_spec`), generated into
//! one Cargo workspace, so that CI can build, lint, document and test them: proof that what
//! the checker accepts makes a crate that works, beyond the specs written by hand.

use std::path::Path;

use crate::codegen::{Job, Timings, format, generate, write};

/// The file that marks a directory as written by this command (and so safe to replace).
const MARKER: &str = "random-crates.txt";

/// Writes `count` random specs (from `seed`) and their generated crates into `out`, with a
/// workspace `Cargo.toml` over the crates and the repository's `Cargo.lock`.
pub fn write_all(root: &Path, count: usize, seed: u64, out: &str) -> Result<String, String> {
    let out_dir = root.join(out);
    if out_dir.exists() {
        if !out_dir.join(MARKER).exists() {
            return Err(format!(
                "error: {} exists and was not written by random-crates; choose a new directory",
                out_dir.display()
            ));
        }
        std::fs::remove_dir_all(&out_dir)
            .map_err(|e| format!("error: removing {}: {e}", out_dir.display()))?;
    }
    let io = |e: std::io::Error| format!("error: writing {}: {e}", out_dir.display());
    std::fs::create_dir_all(&out_dir).map_err(io)?;
    std::fs::write(
        out_dir.join(MARKER),
        format!("cargo xtask random-crates --count {count} --seed {seed}\n"),
    )
    .map_err(io)?;
    let runtime = root.join("runtime");
    let runtime = runtime.to_string_lossy();
    let mut members = Vec::new();
    let mut operations = 0;
    for k in 0..count {
        let spec_dir = format!("{out}/spec{k}");
        std::fs::create_dir_all(root.join(&spec_dir)).map_err(io)?;
        let bytes = choices(seed, k as u64);
        for (name, text) in
            codegen::random_spec::files(&bytes, &format!("random-client-{k}"), &runtime)
        {
            std::fs::write(root.join(&spec_dir).join(name), text).map_err(io)?;
        }
        let crate_dir = format!("{out}/crate{k}");
        let job = Job {
            spec: &spec_dir,
            out: &crate_dir,
        };
        let mut timings = Timings::default();
        let mut output = [generate(root, &job, &mut timings)?];
        operations += output[0].operation_count();
        format(root, &mut output, &mut timings)?;
        let [output] = output;
        write(root, output, false, &mut timings)?;
        members.push(format!("\"crate{k}\""));
    }
    std::fs::write(
        out_dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask random-crates`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .map_err(io)?;
    // The versions the repository builds with, so that the crates reuse its built dependencies.
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(lock, out_dir.join("Cargo.lock")).map_err(io)?;
    }
    Ok(format!(
        "random-crates: {count} crates ({operations} operations) from seed {seed} in {}",
        out_dir.display()
    ))
}

/// The choices of spec `k` from `seed`: xorshift, so the same seed always gives the same specs.
fn choices(seed: u64, k: u64) -> Vec<u8> {
    let mut state =
        (seed ^ 0x9e37_79b9_7f4a_7c15).wrapping_add(k.wrapping_mul(0x2545_f491_4f6c_dd1d)) | 1;
    (0..256)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_writes_the_same_checked_specs() {
        let root = crate::test_support::scratch();
        let first = write_all(root.path(), 2, 5, "out").expect("writes");
        assert!(first.starts_with("random-crates: 2 crates"), "{first}");
        let spec = std::fs::read_to_string(root.path().join("out/spec1/svc0.yaml")).unwrap();
        write_all(root.path(), 2, 5, "out").expect("replaces its own output");
        let again = std::fs::read_to_string(root.path().join("out/spec1/svc0.yaml")).unwrap();
        assert_eq!(spec, again);
        assert!(root.path().join("out/crate1/src/lib.rs").exists());
        std::fs::remove_file(root.path().join("out").join(MARKER)).unwrap();
        let refused = write_all(root.path(), 1, 5, "out").expect_err("not its directory");
        assert!(
            refused.contains("was not written by random-crates"),
            "{refused}"
        );
    }
}
