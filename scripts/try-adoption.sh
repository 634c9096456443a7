#!/usr/bin/env bash
# Try codegen on a workspace it did not write, without touching it: copy the
# workspace into a throwaway folder, run `codegen init` and `codegen
# new-entity` there, then the workspace's own checks on the result.
#
#     bash scripts/try-adoption.sh <workspace> [new-entity arguments...]
#
# The arguments default to `Widget name:String:unique notes:String?
# weight:i32:index owner:User`. It prints each step and stops at the first that fails,
# leaving the copy in place for a look (its path is printed). The checks run
# offline (SQLX_OFFLINE=true, from the `.sqlx` new-entity wrote), except the
# PostgreSQL crate's tests and `codegen db prepare` (which must leave the
# offline data new-entity wrote as it is), which run when DATABASE_URL is
# set. Builds go to
# CARGO_TARGET_DIR if set, else to `target/try-adoption` of this repository,
# so a second try reuses the first one's dependencies.
set -euo pipefail

readonly TOOLKIT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { printf 'try-adoption.sh: error: %s\n' "$*" >&2; exit 2; }
step() { printf '\n==> %s\n' "$*" >&2; }

[[ $# -ge 1 ]] || die "name the workspace to try: bash scripts/try-adoption.sh <workspace> [new-entity arguments...]"
readonly SOURCE=$1
shift
[[ -f $SOURCE/Cargo.toml ]] || die "$SOURCE holds no Cargo.toml; name a Cargo workspace's root"
if [[ $# -eq 0 ]]; then
    set -- Widget name:String:unique notes:String? weight:i32:index owner:User
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$TOOLKIT/target/try-adoption}

step "building codegen"
cargo build --quiet --manifest-path "$TOOLKIT/Cargo.toml" --target-dir "$TOOLKIT/target" \
    -p codegen --locked
readonly CODEGEN=$TOOLKIT/target/debug/codegen

COPY=$(mktemp -d -t try-adoption.XXXXXX)
readonly COPY
step "copying $SOURCE to $COPY (without target/ and .git/)"
tar -C "$SOURCE" --exclude=./target --exclude=./.git -cf - . | tar -C "$COPY" -xf -
cd "$COPY"
# A record of the copy as it was, to show what codegen changed.
git init --quiet && git add --all && git -c user.name=try -c user.email=try@localhost \
    commit --quiet --message "as copied"

if [[ -f codegen.toml ]]; then
    step "keeping the workspace's own codegen.toml"
else
    step "codegen init"
    "$CODEGEN" init
fi

step "codegen new-entity $*"
"$CODEGEN" new-entity "$@"

step "what changed"
git add --all
git status --short
if ! git diff --cached --quiet -- '*Cargo.toml' '*Cargo.lock'; then
    die "new-entity changed a Cargo manifest (see $COPY)"
fi
if git diff --cached --numstat | awk '$2 != 0 { found = 1 } END { exit !found }'; then
    git diff --cached --numstat | awk '$2 != 0' >&2
    die "new-entity removed or rewrote lines of the files above (see $COPY)"
fi

step "cargo fmt --all --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings (offline)"
SQLX_OFFLINE=true cargo clippy --workspace --all-targets -- -D warnings

pg_package=$(sed -n 's/^storage-pg = "\(.*\)"$/\1/p' codegen.toml)
pg_package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$pg_package/Cargo.toml" | head -n 1)
if [[ -n ${DATABASE_URL:-} ]]; then
    step "cargo test -p $pg_package (against DATABASE_URL)"
    SQLX_OFFLINE=true cargo test -p "$pg_package"
    step "codegen db prepare"
    "$CODEGEN" db prepare
    if ! git diff --quiet; then
        git diff --stat >&2
        die "db prepare changed what new-entity wrote (see $COPY)"
    fi
else
    step "skipping cargo test -p $pg_package and codegen db prepare: set DATABASE_URL to run them"
fi

step "codegen check"
"$CODEGEN" check

step "done: the copy is $COPY"
