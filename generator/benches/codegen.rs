//! The phases of codegen on synthetic specs (`codegen::synth`): reading the YAML (load),
//! checking and lowering (check), emitting the files (emit), and all three (generate).
//!
//! `cargo bench -p hwc-codegen` runs them; CI only builds them (`cargo bench --no-run`).
//! Formatting (rustfmt) and writing are the xtask's and are timed on the whole process by
//! `xtask/bench/codegen-vs-progenitor.sh`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Spec sizes in operations: the first is quick, the second is the target size of the
/// project's performance goals.
const SIZES: &[usize] = &[100, 1000];

fn phases(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for &n in SIZES {
        let sources = codegen::synth::sources(n, "synth/");
        let loaded = codegen::load::load(&sources).expect("the synthetic spec loads");
        let api = codegen::check::check(&loaded).expect("the synthetic spec is valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("load", n), &sources, |b, s| {
            b.iter(|| codegen::load::load(black_box(s)).map(|_| ()))
        });
        group.bench_with_input(BenchmarkId::new("check", n), &loaded, |b, l| {
            b.iter(|| codegen::check::check(black_box(l)).map(|_| ()))
        });
        group.bench_with_input(BenchmarkId::new("emit", n), &api, |b, a| {
            b.iter(|| codegen::emit::files(black_box(a)).map(|f| f.len()))
        });
        group.bench_with_input(BenchmarkId::new("generate", n), &sources, |b, s| {
            b.iter(|| codegen::generate(black_box(s)).map(|g| g.files.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
