#!/usr/bin/env bash
# Times the whole `cargo xtask codegen` process on synthetic specs of N operations against
# progenitor generating a client for the same API, and measures peak memory.
#
#   xtask/bench/codegen-vs-progenitor.sh [N ...]        (default: 100 1000)
#
# Needs hyperfine (`apt-get install hyperfine`) and GNU time (`apt-get install time`).
# progenitor is timed when `cargo progenitor` works (`cargo install cargo-progenitor`); it
# reads OpenAPI 3.0 and needs all error responses of an operation to share one type, so its
# input is `cargo xtask openapi`'s export relabelled 3.0.3 without the error responses that
# have no body (python3). Results go to target/bench/ (report.md and hyperfine's JSON).
#
# Each size is timed cold (no output directory and no format cache: everything generated and
# formatted) and warm (nothing changed since the last run: the common edit-run loop).
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
command -v hyperfine >/dev/null || { echo "error: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: GNU time is missing: apt-get install time" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
bench="$target/bench"
cache="$target/xtask-codegen/format-cache.txt"
mkdir -p "$bench"
cargo build --quiet --package xtask
progenitor=no
if cargo progenitor --help >/dev/null 2>&1 && command -v python3 >/dev/null; then
    progenitor=yes
fi

# Peak resident memory of one run of "$@", in MiB.
peak() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}

# Median of hyperfine's JSON export, in seconds.
median() {
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

report="$bench/report.md"
{
    echo "| spec | \`cargo xtask codegen\` cold | warm | peak memory | progenitor | peak memory |"
    echo "| --- | --- | --- | --- | --- | --- |"
} >"$report"

row() { # name, codegen args..., (progenitor input file or "")
    local name="$1" openapi="$2"; shift 2
    local runs=10
    [ "$name" = "10000" ] && runs=3
    hyperfine --style basic --runs "$runs" --export-json "$bench/$name-cold.json" \
        --prepare "rm -rf $bench/out-$name $cache" "cargo xtask codegen $*" >/dev/null
    hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$bench/$name-warm.json" \
        "cargo xtask codegen $*" >/dev/null
    rm -rf "$bench/out-$name" "$cache"
    local memory
    memory=$(peak cargo xtask codegen "$@")
    local prog="-" prog_memory="-"
    if [ "$progenitor" = yes ] && [ -n "$openapi" ]; then
        hyperfine --style basic --runs "$runs" --export-json "$bench/$name-progenitor.json" \
            --prepare "rm -rf $bench/progenitor-$name" \
            "cargo progenitor -i $openapi -o $bench/progenitor-$name -n synthetic -v 0.1.0" >/dev/null
        prog="$(median "$bench/$name-progenitor.json") s"
        rm -rf "$bench/progenitor-$name"
        prog_memory="$(peak cargo progenitor -i "$openapi" -o "$bench/progenitor-$name" -n synthetic -v 0.1.0) MiB"
    fi
    echo "| $name | $(median "$bench/$name-cold.json") s | $(median "$bench/$name-warm.json") s | ${memory} MiB | $prog | $prog_memory |" >>"$report"
}

# Exports a spec directory as OpenAPI and makes it something progenitor reads.
progenitor_input() { # spec dir, output file
    cargo xtask openapi --spec "$1" --out "$2.3.1.json" >/dev/null
    python3 xtask/bench/progenitor-input.py "$2.3.1.json" "$2"
}

# The project's own spec: the default run (both jobs and spec/schema.json), cold and warm.
openapi=""
if [ "$progenitor" = yes ]; then
    progenitor_input spec "$bench/openapi-real.json"
    openapi="$bench/openapi-real.json"
fi
hyperfine --style basic --runs 10 --export-json "$bench/real-cold.json" \
    --prepare "rm -f $cache" "cargo xtask codegen" >/dev/null
hyperfine --style basic --runs 10 --warmup 1 --export-json "$bench/real-warm.json" \
    "cargo xtask codegen" >/dev/null
rm -f "$cache"
real_memory=$(peak cargo xtask codegen)
prog="-" prog_memory="-"
if [ -n "$openapi" ]; then
    hyperfine --style basic --runs 10 --export-json "$bench/real-progenitor.json" \
        --prepare "rm -rf $bench/progenitor-real" \
        "cargo progenitor -i $openapi -o $bench/progenitor-real -n real -v 0.1.0" >/dev/null
    prog="$(median "$bench/real-progenitor.json") s"
    rm -rf "$bench/progenitor-real"
    prog_memory="$(peak cargo progenitor -i "$openapi" -o "$bench/progenitor-real" -n real -v 0.1.0) MiB"
fi
echo "| real (spec/, both jobs) | $(median "$bench/real-cold.json") s | $(median "$bench/real-warm.json") s | ${real_memory} MiB | $prog | $prog_memory |" >>"$report"

for n in "${sizes[@]}"; do
    spec="$bench/spec-$n"
    cargo xtask synth --operations "$n" --out "$spec" >/dev/null
    openapi=""
    if [ "$progenitor" = yes ]; then
        progenitor_input "$spec" "$bench/openapi-$n.json"
        openapi="$bench/openapi-$n.json"
    fi
    row "$n" "$openapi" --spec "$spec" --out "$bench/out-$n"
done

cat "$report"
