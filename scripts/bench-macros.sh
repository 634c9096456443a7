#!/usr/bin/env bash
# What the procedural macros cost at compile time: `cargo check` of the
# storage crates (data-model, storage, storage-pg) written with
# #[derive(Entity)] and #[repository], against the same code written out by
# hand: the macros expanded (codegen/examples/expand_macros.rs) and the
# RepositoryAccess wiring the build scripts write pasted into the source, as
# a workspace without the toolkit would keep it. With 1, 10 and 50 generated
# entities on top of the reference stack.
#
#     bash scripts/bench-macros.sh [runs]      # default 5
#
# Two measures, each the median of `runs`, the variants alternating:
#   incremental  every source file of the three crates touched, then check;
#   crates       the three crates (and, with macros, codegen and
#                storage-macros) cleaned, dependencies kept, then check.
# Needs sqlx-cli and PostgreSQL's server programs (for `codegen db prepare`,
# which fills .sqlx for the generated queries).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
runs=${1:-5}

source scripts/bench/paste-wiring.sh

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

cargo build --quiet --release -p codegen --bin codegen --example expand_macros
codegen=$root/target/release/codegen
expand=$root/target/release/examples/expand_macros

crates=(-p data-model -p storage -p storage-pg)

# Milliseconds taken by the command.
elapsed_ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

median() {
    sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}

spread() {
    sort -n | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "%s-%s", min, max }'
}

# A copy of the workspace with `count` more entities, and its .sqlx.
make_with_macros() {
    local dir=$1 count=$2
    mkdir -p "$dir"
    git -C "$root" ls-files -z | (cd "$root" && tar --null -cf - -T -) | tar -xf - -C "$dir"
    for ((i = 1; i <= count; i++)); do
        (cd "$dir" && "$codegen" new-entity "Bench$i" label:String:unique count:i64:index \
            note:String? active:bool owner:User >/dev/null)
    done
    (cd "$dir" && CARGO_TARGET_DIR=$dir/target "$codegen" db prepare >/dev/null 2>&1)
}

# The same workspace with the macros expanded, and no dependency on them;
# `from` must have been checked, so that its build scripts' output exists.
make_expanded() {
    local from=$1 dir=$2
    cp -r "$from" "$dir"
    rm -rf "$dir/target"
    # Without #[repository] the build scripts would find no repository: the
    # wiring they wrote goes into the source instead.
    paste_wiring "$from/target" "$dir"
    find "$dir/storage/data-model/src" "$dir/storage/core/src" -name '*.rs' -print0 |
        xargs -0 "$expand"
    sed -i '/storage-macros/d' "$dir/storage/data-model/Cargo.toml" "$dir/storage/core/Cargo.toml"
    # The re-exports of the macros, in whatever layout the expansion left.
    sed -i 's/pub use storage_macros::Entity;//; s/pub use storage_macros :: Entity ;//' \
        "$dir/storage/data-model/src/entity.rs"
    sed -i 's/pub use storage_macros::repository;//; s/pub use storage_macros :: repository ;//' \
        "$dir/storage/core/src/repository.rs"
}

check() {
    (cd "$1" && CARGO_TARGET_DIR=$1/target cargo check --quiet "${crates[@]}")
}

touch_sources() {
    find "$1/storage/data-model/src" "$1/storage/core/src" "$1/storage/pg/src" -name '*.rs' \
        -exec touch {} +
}

clean_crates() {
    local extra=()
    [[ $2 == macros ]] && extra=(-p storage-macros -p codegen)
    (cd "$1" && CARGO_TARGET_DIR=$1/target cargo clean --quiet "${crates[@]}" "${extra[@]}")
}

printf '| entities added | measure | with macros (ms) | expanded (ms) | macros / expanded |\n'
printf '|---|---|---|---|---|\n'
for count in 1 10 50; do
    macros=$work/macros-$count
    expanded=$work/expanded-$count
    make_with_macros "$macros" "$count"
    check "$macros"
    make_expanded "$macros" "$expanded"
    check "$expanded"

    for measure in incremental crates; do
        with=() without=()
        for ((run = 1; run <= runs; run++)); do
            for variant in macros expanded; do
                dir=$work/$variant-$count
                if [[ $measure == incremental ]]; then
                    touch_sources "$dir"
                else
                    clean_crates "$dir" "$variant"
                fi
                ms=$(elapsed_ms check "$dir")
                if [[ $variant == macros ]]; then with+=("$ms"); else without+=("$ms"); fi
            done
        done
        a=$(printf '%s\n' "${with[@]}" | median)
        b=$(printf '%s\n' "${without[@]}" | median)
        printf '| %d | %s | %s (%s) | %s (%s) | %s |\n' "$count" "$measure" \
            "$a" "$(printf '%s\n' "${with[@]}" | spread)" \
            "$b" "$(printf '%s\n' "${without[@]}" | spread)" \
            "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
    done
    rm -rf -- "$macros" "$expanded"
done
printf '\n%d runs each, medians with (min-max); %s\n' "$runs" "$(date -u +%Y-%m-%d)"
