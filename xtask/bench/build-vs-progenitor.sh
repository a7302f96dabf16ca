#!/usr/bin/env bash
# Builds the crate this project generates for a synthetic API of N operations and the crate
# progenitor generates for the same API, side by side in one workspace (so that both use the
# same prebuilt dependencies, toolchain and dev profile), and times:
#   - a clean build of each generated crate alone (`cargo clean -p` then `cargo build -p`:
#     its dependencies already built), with its peak memory;
#   - a touch rebuild (`touch src/lib.rs`, then `cargo build -p`), the edit-build loop of a
#     service that depends on the crate;
#   - the non-blank lines of Rust each crate has (tests included for ours; progenitor writes
#     none).
#
#   xtask/bench/build-vs-progenitor.sh [N]        (default: 100)
#
# Needs hyperfine (`apt-get install hyperfine`), GNU time (`apt-get install time`), python3
# and progenitor (`cargo install cargo-progenitor`, tried with 0.15.1), which reads OpenAPI
# 3.0 with one error type per operation: it gets `cargo xtask openapi`'s export relabelled
# 3.0.3 without the error responses that have no body. Without progenitor only this project's
# crate is measured. The workspace is target/bench/build-N; results go to
# target/bench/build-N/report.md and hyperfine's JSON beside it. The first run downloads and
# builds the dependencies of both crates (a few minutes); later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

n="${1:-100}"
command -v hyperfine >/dev/null || { echo "error: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: GNU time is missing: apt-get install time" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is missing" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
work="$target/bench/build-$n"
mkdir -p "$work"
# The build workspace has a target directory of its own, whatever CARGO_TARGET_DIR says.
export CARGO_TARGET_DIR="$work/target"

progenitor=no
if cargo progenitor --help >/dev/null 2>&1; then
    progenitor=yes
fi

# This project's crate. Its spec names the runtime at `../runtime`, which is linked to this
# checkout's runtime.
cargo build --quiet --package xtask --manifest-path "$repo/Cargo.toml" --target-dir "$target"
xtask="$target/debug/xtask"
"$xtask" synth --operations "$n" --out "$work/spec" >/dev/null
"$xtask" codegen --spec "$work/spec" --out "$work/ours" >/dev/null
ln -sfn "$repo/runtime" "$work/runtime"
ours=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$work/ours/Cargo.toml" | head -n 1)
members='"ours"'

if [ "$progenitor" = yes ]; then
    "$xtask" openapi --spec "$work/spec" --out "$work/openapi.3.1.json" >/dev/null
    python3 xtask/bench/progenitor-input.py "$work/openapi.3.1.json" "$work/openapi.json"
    rm -rf "$work/progenitor"
    cargo progenitor -i "$work/openapi.json" -o "$work/progenitor" -n progenitor-synthetic -v 0.1.0 >/dev/null
    members='"ours", "progenitor"'
fi

cat >"$work/Cargo.toml" <<EOF
# Written by xtask/bench/build-vs-progenitor.sh: both generated crates in one workspace, plain
# dev profile, so they share their dependencies' builds.
[workspace]
resolver = "3"
members = [$members]
EOF

# Everything built once: dependencies of both crates, and the crates themselves.
cargo build --quiet --manifest-path "$work/Cargo.toml" --workspace

lines() { # directory
    find "$1" -name '*.rs' -print0 | xargs -0 cat | grep -cv '^\s*$'
}

# Peak resident memory of `cargo build -p` after `cargo clean -p` (rustc's, the largest
# process cargo waits for), in MiB.
peak() { # package
    cargo clean --quiet --manifest-path "$work/Cargo.toml" -p "$1"
    /usr/bin/time -v cargo build --quiet --manifest-path "$work/Cargo.toml" -p "$1" 2>&1 >/dev/null |
        awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}

median() { # hyperfine JSON
    python3 -c 'import json,sys; print("%.1f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

measure() { # id, label, package, crate directory
    local id="$1" label="$2" package="$3" dir="$4"
    hyperfine --style basic --runs 3 --export-json "$work/$id-clean.json" \
        --prepare "cargo clean --quiet --manifest-path $work/Cargo.toml -p $package" \
        "cargo build --quiet --manifest-path $work/Cargo.toml -p $package" >/dev/null
    hyperfine --style basic --runs 5 --warmup 1 --export-json "$work/$id-touch.json" \
        --prepare "touch $dir/src/lib.rs" \
        "cargo build --quiet --manifest-path $work/Cargo.toml -p $package" >/dev/null
    local memory
    memory=$(peak "$package")
    local count
    count=$(lines "$dir")
    echo "| $label | $(median "$work/$id-clean.json") s | $(median "$work/$id-touch.json") s | $memory MiB | $count | $((count / n)) |"
}

report="$work/report.md"
{
    echo "Synthetic API of $n operations; $(rustc --version); dev profile; medians of hyperfine runs."
    echo
    echo "| crate | clean build | touch rebuild | peak memory | non-blank lines | per operation |"
    echo "| --- | --- | --- | --- | --- | --- |"
    measure ours "this project ($ours)" "$ours" "$work/ours"
    if [ "$progenitor" = yes ]; then
        measure progenitor "progenitor" progenitor-synthetic "$work/progenitor"
    fi
} >"$report"
if [ "$progenitor" = yes ]; then
    python3 - "$work" <<'PY' >>"$report"
import json, sys
def median(name):
    return json.load(open(f"{sys.argv[1]}/{name}.json"))["results"][0]["median"]
print()
print("Clean build: this project's crate in %.2fx progenitor's time; touch rebuild %.2fx."
      % (median("ours-clean") / median("progenitor-clean"),
         median("ours-touch") / median("progenitor-touch")))
PY
fi
cat "$report"
