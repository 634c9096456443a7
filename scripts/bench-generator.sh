#!/usr/bin/env bash
# How long `codegen new-entity` takes as a whole process, release build,
# without cargo: the README's example entity, generated into a fresh copy of
# this workspace each run (so every run does the same work), timed with
# nanosecond wall clocks. Prints each run and the median, min and max.
#
#     bash scripts/bench-generator.sh [runs]     # default 20
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-20}

cargo build --quiet --release -p codegen
binary=$PWD/target/release/codegen

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
git ls-files -z | tar --null -cf "$work/source.tar" -T -

times=()
for ((run = 1; run <= runs; run++)); do
    copy=$work/run$run
    mkdir "$copy"
    tar -xf "$work/source.tar" -C "$copy"
    start=$(date +%s%N)
    (cd "$copy" && "$binary" new-entity Device name:String:unique serial:i64:index \
        notes:String? owner:User last_seen_at:DateTime? >/dev/null)
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
    rm -rf -- "$copy"
done

printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
    { t[NR] = $1 }
    END {
        median = (runs % 2) ? t[(runs + 1) / 2] : (t[runs / 2] + t[runs / 2 + 1]) / 2
        printf "codegen new-entity, %d runs: median %.1f ms (min %.1f ms, max %.1f ms)\n",
            runs, median / 1000, t[1] / 1000, t[runs] / 1000
    }'
