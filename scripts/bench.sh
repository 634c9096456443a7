#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in one command:
#
#     bash scripts/bench.sh                    # all of them, about 45 minutes
#     bash scripts/bench.sh runtime list       # some of them
#
# Parts, in order: `generator` (item 1, scripts/bench-generator.sh),
# `scaling` (item 2, criterion: cargo bench -p codegen --bench scaling),
# `compile` (item 3, scripts/bench-macros.sh and scripts/bench-wiring.sh),
# `runtime` (item 4) and `list` (item 5) (cargo bench -p storage-pg --bench
# runtime / list_at_scale), `offline` (item 6, scripts/bench-offline-data.sh).
#
# The database parts need a PostgreSQL server: the one of DATABASE_URL if it
# is set, else postgres://postgres@127.0.0.1:5432. They create their own
# database `codegen_bench` on it and drop it when done. pgbench (item 4)
# comes with PostgreSQL's server package.
#
# Everything printed is also kept in target/bench/report.txt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly BENCH_DATABASE=codegen_bench
all_parts=(generator scaling compile runtime list offline)
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=("${all_parts[@]}")
for part in "${parts[@]}"; do
    [[ " ${all_parts[*]} " == *" $part "* ]] ||
        { echo "scripts/bench.sh: unknown part \`$part\`; the parts are: ${all_parts[*]}" >&2; exit 2; }
done
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

mkdir -p target/bench
exec > >(tee target/bench/report.txt) 2>&1

header() { printf '\n==> %s\n\n' "$*"; }

header "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -srm), commit $(git rev-parse --short HEAD)"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/^.*: /cpu: /' || true
rustc --version

# --- Item 1 ---------------------------------------------------------------------

if wants generator; then
    header "item 1, generator latency: bash scripts/bench-generator.sh 21"
    bash scripts/bench-generator.sh 21
fi

# --- Item 2 ---------------------------------------------------------------------

# Median, min and max per iteration of each criterion benchmark of a group,
# from criterion's raw samples of one saved baseline.
criterion_summary() {
    local group=$1 baseline=$2 dir
    if ! command -v jq >/dev/null; then
        echo "(jq is missing: the raw samples are in target/criterion/$group)"
        return
    fi
    for dir in target/criterion/"$group"/*/"$baseline"; do
        [[ -f $dir/sample.json ]] || continue
        jq -r --arg name "$group/$(basename "$(dirname "$dir")") ($baseline)" '
            [.iters, .times] | transpose | map(.[1] / .[0] / 1e6) | sort as $t
            | ($t | length) as $n
            | (if $n % 2 == 1 then $t[($n - 1) / 2] else ($t[$n / 2 - 1] + $t[$n / 2]) / 2 end) as $median
            | "\($name)\t\($n) samples\tmedian \($median * 1000 | round / 1000) ms"
              + "\tmin \($t[0] * 1000 | round / 1000) ms\tmax \($t[-1] * 1000 | round / 1000) ms"
        ' "$dir/sample.json"
    done | sort -t/ -k2 -n | if command -v column >/dev/null; then column -t -s $'\t'; else cat; fi
}

if wants scaling; then
    header "item 2, scaling: cargo bench -p codegen --bench scaling -- --save-baseline with-rustfmt"
    rm -rf target/criterion/pipeline target/criterion/check_and_plan target/criterion/add_one
    cargo bench --quiet -p codegen --bench scaling -- --save-baseline with-rustfmt
    # The same with `true` standing in for rustfmt: the templates, the
    # temporary files and the process, but no formatting.
    header "item 2, without formatting: RUSTFMT=true cargo bench -p codegen --bench scaling -- --save-baseline no-rustfmt"
    RUSTFMT=true cargo bench --quiet -p codegen --bench scaling -- --save-baseline no-rustfmt
    header "item 2, per iteration (criterion's samples)"
    for group in pipeline check_and_plan add_one; do
        criterion_summary "$group" with-rustfmt
        criterion_summary "$group" no-rustfmt
    done
fi

if wants compile; then
    header "item 3, compile cost of the macros: bash scripts/bench-macros.sh 5"
    bash scripts/bench-macros.sh 5
    header "item 3, no-op rebuild with the wiring build scripts: bash scripts/bench-wiring.sh 21"
    bash scripts/bench-wiring.sh 21
fi

# --- Items 4 and 5 --------------------------------------------------------------

if wants runtime || wants list; then
    url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
    if [[ ! $url =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]]; then
        echo "scripts/bench.sh: cannot read DATABASE_URL=$url as postgres://user@host:port/db" >&2
        exit 2
    fi
    server=${BASH_REMATCH[1]} query=${BASH_REMATCH[4]}
    command -v psql >/dev/null ||
        { echo "scripts/bench.sh: psql is missing; install PostgreSQL's client" >&2; exit 1; }
    psql -w "$server/postgres$query" -Atqc 'SELECT 1' >/dev/null ||
        { echo "scripts/bench.sh: no PostgreSQL lets us in at $server; start one or set DATABASE_URL" >&2; exit 1; }
    if ! command -v pgbench >/dev/null && ! compgen -G '/usr/lib/postgresql/*/bin/pgbench' >/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            header "installing pgbench: apt-get install -y postgresql"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql </dev/null
        else
            echo "scripts/bench.sh: pgbench is missing; install PostgreSQL's server package" >&2
            exit 1
        fi
    fi

    admin_url=$server/postgres$query
    drop_bench_database() {
        PGOPTIONS="-c client_min_messages=warning" \
            psql -w "$admin_url" -qc "DROP DATABASE IF EXISTS $BENCH_DATABASE WITH (FORCE)" >/dev/null
    }
    drop_bench_database
    trap drop_bench_database EXIT
    psql -w "$admin_url" -qc "CREATE DATABASE $BENCH_DATABASE"
    bench_url=$server/$BENCH_DATABASE$query

    if wants runtime; then
        header "item 4, runtime: DATABASE_URL=$bench_url cargo bench -p storage-pg --bench runtime"
        DATABASE_URL=$bench_url cargo bench --quiet -p storage-pg --bench runtime
    fi
    if wants list; then
        header "item 5, list at scale: DATABASE_URL=$bench_url cargo bench -p storage-pg --bench list_at_scale"
        DATABASE_URL=$bench_url cargo bench --quiet -p storage-pg --bench list_at_scale
    fi
fi

# --- Item 6 ---------------------------------------------------------------------

if wants offline; then
    header "item 6, the offline-data check: bash scripts/bench-offline-data.sh 5"
    bash scripts/bench-offline-data.sh 5
fi
