#!/usr/bin/env bash
# Generator latency (BENCHMARKS.md, item 1): `codegen new-entity` as a whole
# process (release build, run without cargo) side by side with
# `cargo sqlx migrate add`, which writes a single file, and with sqlx-cli's
# own binary `sqlx migrate add` (the same without cargo's dispatch).
#
# Each run extracts a fresh copy of this workspace per command, so every run
# does the same work, then times the three commands in that run in a rotating
# order, with nanosecond wall clocks. Prints the median, min and max of each,
# and the median of the per-run ratios new-entity / migrate add.
#
#     bash scripts/bench-generator.sh [runs]     # default 21
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-21}

if ! cargo sqlx --version >/dev/null 2>&1; then
    echo "installing sqlx-cli" >&2
    cargo install sqlx-cli --version '^0.9' --no-default-features --features 'postgres,sqlx-toml' </dev/null
fi
sqlx_binary=$(command -v sqlx || true)

cargo build --quiet --release -p codegen
binary=$PWD/target/release/codegen

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
git ls-files -z | tar --null -cf "$work/source.tar" -T -

# Runs one named command in a fresh copy; prints its time in microseconds.
time_one() {
    local name=$1 copy=$work/copy start end
    rm -rf -- "$copy"
    mkdir "$copy"
    tar -xf "$work/source.tar" -C "$copy"
    cd "$copy"
    case $name in
    new-entity)
        start=$(date +%s%N)
        "$binary" new-entity Device name:String:unique serial:i64:index \
            notes:String? owner:User last_seen_at:DateTime? >/dev/null
        end=$(date +%s%N)
        ;;
    cargo-sqlx)
        start=$(date +%s%N)
        cargo sqlx migrate add --source storage/pg/migrations create_devices >/dev/null
        end=$(date +%s%N)
        ;;
    sqlx)
        start=$(date +%s%N)
        "$sqlx_binary" migrate add --source storage/pg/migrations create_devices >/dev/null
        end=$(date +%s%N)
        ;;
    esac
    cd - >/dev/null
    echo $(((end - start) / 1000))
}

commands=(new-entity cargo-sqlx)
[[ -n $sqlx_binary ]] && commands+=(sqlx)
count=${#commands[@]}

: >"$work/times"
for ((run = 1; run <= runs; run++)); do
    for ((i = 0; i < count; i++)); do
        name=${commands[(run + i) % count]}
        printf '%d %s %d\n' "$run" "$name" "$(time_one "$name")" >>"$work/times"
    done
done

echo "generator latency, $runs runs each, interleaved; $(date -u +%Y-%m-%d), $(nproc) cores"
awk '
    function median(values, n,    sorted, i, j, t) {
        for (i = 1; i <= n; i++) sorted[i] = values[i]
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && sorted[j - 1] > sorted[j]; j--) {
                t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t
            }
        return (n % 2) ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    }
    function stats(name, label,    v, n, i, min, max) {
        n = 0
        for (i = 1; i <= runs; i++) if ((i, name) in t) v[++n] = t[i, name]
        if (n == 0) return
        min = max = v[1]
        for (i = 1; i <= n; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
        printf "  %-30s median %7.2f ms  (min %7.2f, max %7.2f)\n", label, median(v, n) / 1000, min / 1000, max / 1000
    }
    function ratio(over, label,    r, n, i, min, max) {
        n = 0
        for (i = 1; i <= runs; i++)
            if ((i, over) in t) r[++n] = t[i, "new-entity"] / t[i, over]
        if (n == 0) return
        min = max = r[1]
        for (i = 1; i <= n; i++) { if (r[i] < min) min = r[i]; if (r[i] > max) max = r[i] }
        printf "  %-30s median %7.2f     (min %7.2f, max %7.2f)\n", label, median(r, n), min, max
    }
    { t[$1, $2] = $3; if ($1 > runs) runs = $1 }
    END {
        stats("new-entity", "codegen new-entity")
        stats("cargo-sqlx", "cargo sqlx migrate add")
        stats("sqlx", "sqlx migrate add")
        ratio("cargo-sqlx", "ratio to cargo sqlx (per run)")
        ratio("sqlx", "ratio to sqlx (per run)")
    }' "$work/times"
