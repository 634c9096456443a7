#!/usr/bin/env bash
# What the wiring build scripts cost on a no-op rebuild: `cargo build` of the
# storage crates with nothing changed, in a copy of this workspace (wiring
# written by build.rs) and in the same copy with the build scripts removed
# and their output pasted into the source (the wiring kept inline).
#
#     bash scripts/bench-wiring.sh [runs]      # default 15
#
# Prints the median and spread of each, the variants alternating.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
runs=${1:-15}

source scripts/bench/paste-wiring.sh

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

crates=(-p data-model -p storage -p storage-pg)
scripts=$work/build-scripts
inline=$work/inline

mkdir -p "$scripts"
git ls-files -z | tar --null -cf - -T - | tar -xf - -C "$scripts"
(cd "$scripts" && CARGO_TARGET_DIR=$scripts/target cargo build --quiet "${crates[@]}")

# The inline variant: the same sources, with each include! replaced by what
# the build script wrote, and no build scripts.
cp -r "$scripts" "$inline"
rm -rf "$inline/target"
paste_wiring "$scripts/target" "$inline"
(cd "$inline" && CARGO_TARGET_DIR=$inline/target cargo build --quiet "${crates[@]}")

elapsed_ms() {
    local start end
    start=$(date +%s%N)
    (cd "$1" && CARGO_TARGET_DIR=$1/target cargo build --quiet "${crates[@]}")
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

summary() {
    sort -n | awk '{ t[NR] = $1 } END {
        m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "%s ms (min %s, max %s)", m, t[1], t[NR] }'
}

with=() without=()
for ((run = 1; run <= runs; run++)); do
    with+=("$(elapsed_ms "$scripts")")
    without+=("$(elapsed_ms "$inline")")
done
echo "no-op cargo build of data-model, storage and storage-pg, $runs runs each, $(date -u +%Y-%m-%d):"
echo "  wiring by build scripts: $(printf '%s\n' "${with[@]}" | summary)"
echo "  wiring inline:           $(printf '%s\n' "${without[@]}" | summary)"
