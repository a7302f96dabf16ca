#!/usr/bin/env bash
# Where the time of `cargo xtask codegen` on the real spec goes: the alias (cargo runs
# xtask/launcher, which finds the xtask binary up to date by its stamp and runs it), the xtask
# binary alone, the alias as it was (`cargo run --package xtask`, cargo's own check of the
# xtask's build in this workspace first), and cargo's start with nothing to check (an empty
# crate in a workspace of its own, the floor for any `cargo run`).
#
#   xtask/bench/cargo-overhead.sh
#
# Needs hyperfine (`cargo install hyperfine`). The empty crate is made in
# target/bench/empty-crate; hyperfine's JSON goes to target/bench/cargo-overhead.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo xtask codegen --check >/dev/null # builds the launcher and the xtask, writes the stamp
empty=target/bench/empty-crate
mkdir -p "$empty/src"
printf '[package]\nname = "empty"\nversion = "0.0.0"\nedition = "2024"\n\n[workspace]\n' \
    > "$empty/Cargo.toml"
echo 'fn main() {}' > "$empty/src/main.rs"
cargo build --quiet --manifest-path "$empty/Cargo.toml"

hyperfine --shell=none --warmup 3 --runs 20 \
    --export-json target/bench/cargo-overhead.json \
    --command-name 'cargo xtask codegen' 'cargo xtask codegen' \
    --command-name 'the xtask binary alone' 'target/debug/xtask codegen' \
    --command-name 'cargo run --package xtask -- codegen (the alias before the launcher)' \
    'cargo run --quiet --package xtask -- codegen' \
    --command-name 'cargo run of an empty crate' "cargo run --quiet --manifest-path $empty/Cargo.toml"
