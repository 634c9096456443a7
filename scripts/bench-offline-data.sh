#!/usr/bin/env bash
# The offline-data check (BENCHMARKS.md, item 6): `codegen check`'s `.sqlx`
# part, computed from the model (`--sqlx=model`), side by side with
# `cargo sqlx prepare --workspace --check`, on the same workspace at 2, 10
# and 50 entities.
#
# Each size is a copy of this workspace (its two entities, User and
# UserEmail, and then the README's Device under other names until there are
# N), whose `.sqlx` new-entity wrote. Its migrations are applied to a
# database of its own on the server, which `cargo sqlx prepare --check`
# describes the queries against; the copies build in one target directory,
# warmed by a first prepare check of each size (reported apart: at the
# first size it compiles the dependencies too). Then each run times,
# for every size in a rotating order:
#
#   - `codegen check --sqlx=model`: the time its offline-data phase reports
#     (the Cargo.lock read, every generated query's file computed, read and
#     compared), and the whole process;
#   - `codegen check --sqlx=none`: the whole process, the same checks
#     without `.sqlx` (the scratch database, migrations, rustfmt);
#   - `cargo sqlx prepare --workspace --check`: the whole process.
#
#     bash scripts/bench-offline-data.sh [runs]     # default 5
#
# Needs a PostgreSQL: the one of DATABASE_URL, else
# postgres://postgres@127.0.0.1:5432; its databases codegen_bench_offline_*
# are made and dropped.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
sizes=(2 10 50)

url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if [[ ! $url =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]]; then
    echo "scripts/bench-offline-data.sh: cannot read DATABASE_URL=$url" >&2
    exit 2
fi
server=${BASH_REMATCH[1]} query=${BASH_REMATCH[4]}
admin=$server/postgres$query

cargo build --quiet --release -p codegen
binary=$PWD/target/release/codegen
target_dir=$PWD/target/bench/offline-data-target

work=$(mktemp -d)
cleanup() {
    for n in "${sizes[@]}"; do
        PGOPTIONS="-c client_min_messages=warning" psql -w "$admin" -qc \
            "DROP DATABASE IF EXISTS codegen_bench_offline_$n WITH (FORCE)" >/dev/null || true
    done
    rm -rf -- "$work"
}
trap cleanup EXIT
git ls-files -z | tar --null -cf "$work/source.tar" -T -

# PascalCase names of letters only: ThingAa, ThingAb, …
entity_name() {
    local i=$1 upper=ABCDEFGHIJKLMNOPQRSTUVWXYZ lower=abcdefghijklmnopqrstuvwxyz
    echo "Thing${upper:$((i / 26)):1}${lower:$((i % 26)):1}"
}

for n in "${sizes[@]}"; do
    copy=$work/ws$n
    mkdir "$copy"
    tar -xf "$work/source.tar" -C "$copy"
    for ((i = 0; i < n - 2; i++)); do
        "$binary" --workspace "$copy" new-entity "$(entity_name "$i")" name:String:unique \
            serial:i64:index notes:String? owner:User last_seen_at:DateTime? >/dev/null
    done
    database=codegen_bench_offline_$n
    psql -w "$admin" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
    psql -w "$admin" -qc "CREATE DATABASE $database" >/dev/null
    (cd "$copy" && DATABASE_URL=$server/$database$query sqlx migrate run \
        --source storage/pg/migrations >/dev/null)
    echo "size $n: $(ls "$copy"/.sqlx/query-*.json | wc -l) files in .sqlx; warming the build" >&2
    start=$(date +%s%N)
    (cd "$copy" && CARGO_TARGET_DIR=$target_dir DATABASE_URL=$server/$database$query \
        SQLX_OFFLINE=false cargo sqlx prepare --workspace --check >"$work/prepare.log" 2>&1) ||
        { cat "$work/prepare.log" >&2; echo "cargo sqlx prepare --check failed at size $n" >&2; exit 1; }
    end=$(date +%s%N)
    printf '%d cold-prepare %d\n' "$n" $(((end - start) / 1000)) >>"$work/cold"
done

# Runs one named measurement at one size; prints `<name> <microseconds>`
# lines.
time_one() {
    local n=$1 name=$2 copy=$work/ws$n database=codegen_bench_offline_$1 start end said
    cd "$copy"
    case $name in
    model)
        start=$(date +%s%N)
        said=$(DATABASE_URL=$server/postgres$query "$binary" check --sqlx=model 2>&1 >/dev/null) ||
            { echo "check --sqlx=model failed at size $n:"$'\n'"$said" >&2; exit 1; }
        end=$(date +%s%N)
        grep -q 'checked the offline data of' <<<"$said" ||
            { echo "check --sqlx=model did not check .sqlx:"$'\n'"$said" >&2; exit 1; }
        echo "model-process $(((end - start) / 1000))"
        # "… in 1.2 ms; …" → microseconds.
        sed -n 's/.*checked the offline data of .* in \([0-9.]*\) ms.*/\1/p' <<<"$said" |
            awk '{ printf "model-phase %d\n", $1 * 1000 }'
        ;;
    none)
        start=$(date +%s%N)
        DATABASE_URL=$server/postgres$query "$binary" check --sqlx=none >/dev/null 2>&1 ||
            { echo "check --sqlx=none failed at size $n" >&2; exit 1; }
        end=$(date +%s%N)
        echo "none-process $(((end - start) / 1000))"
        ;;
    prepare)
        start=$(date +%s%N)
        CARGO_TARGET_DIR=$target_dir DATABASE_URL=$server/$database$query SQLX_OFFLINE=false \
            cargo sqlx prepare --workspace --check >"$work/prepare.log" 2>&1 ||
            { cat "$work/prepare.log" >&2; echo "cargo sqlx prepare --check failed" >&2; exit 1; }
        end=$(date +%s%N)
        echo "prepare-check $(((end - start) / 1000))"
        ;;
    esac
    cd - >/dev/null
}

names=(model none prepare)
: >"$work/times"
for ((run = 1; run <= runs; run++)); do
    for ((i = 0; i < ${#sizes[@]}; i++)); do
        n=${sizes[(run + i) % ${#sizes[@]}]}
        for ((j = 0; j < ${#names[@]}; j++)); do
            name=${names[(run + i + j) % ${#names[@]}]}
            time_one "$n" "$name" >"$work/one"
            while read -r what micros; do
                printf '%d %d %s %d\n' "$run" "$n" "$what" "$micros" >>"$work/times"
            done <"$work/one"
        done
    done
done

echo "offline-data check, $runs runs each, interleaved; $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
awk '
    function median(values, n,    sorted, i, j, t) {
        for (i = 1; i <= n; i++) sorted[i] = values[i]
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && sorted[j - 1] > sorted[j]; j--) {
                t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t
            }
        return (n % 2) ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    }
    # "median (min–max)" of one measurement at one size, in `unit`.
    function stats(size, name, scale, unit,    v, n, i, min, max) {
        n = 0
        for (i = 1; i <= runs; i++) if ((i, size, name) in t) v[++n] = t[i, size, name]
        if (n == 0) return "-"
        min = max = v[1]
        for (i = 1; i <= n; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
        return sprintf("%.3g %s (%.3g-%.3g)", median(v, n) / scale, unit, min / scale, max / scale)
    }
    function ratio(size,    r, n, i) {
        n = 0
        for (i = 1; i <= runs; i++)
            if ((i, size, "prepare-check") in t && (i, size, "model-phase") in t)
                r[++n] = t[i, size, "prepare-check"] / t[i, size, "model-phase"]
        return n ? sprintf("%.0f", median(r, n)) : "-"
    }
    FILENAME ~ /cold$/ { cold[$1] = $3; next }
    { t[$1, $2, $3] = $4; if ($1 > runs) runs = $1; sizes[$2] = 1 }
    END {
        print "| entities | queries | check: offline-data phase | check --sqlx=model, process | check --sqlx=none, process | cargo sqlx prepare --check | ratio prepare / phase, per run | prepare --check, warm-up run |"
        print "|---|---|---|---|---|---|---|---|"
        split("2 10 50", order, " ")
        for (k = 1; k <= 3; k++) {
            s = order[k]
            if (!(s in sizes)) continue
            printf "| %d | %d | %s | %s | %s | %s | %s | %.1f s |\n", s, 8 * s, \
                stats(s, "model-phase", 1000, "ms"), stats(s, "model-process", 1e6, "s"), \
                stats(s, "none-process", 1e6, "s"), stats(s, "prepare-check", 1e6, "s"), \
                ratio(s), cold[s] / 1e6
        }
    }' "$work/cold" "$work/times"
