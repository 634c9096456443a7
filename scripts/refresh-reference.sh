#!/usr/bin/env bash
# Refreshes the offline query data (.sqlx) of the tests' pinned reference
# workspace, codegen/tests/fixtures/reference, after a template change that
# changed queries (UPDATE_GOLDEN=1 cargo test -p codegen --test golden
# refreshes its Rust and SQL files):
#
#     bash scripts/refresh-reference.sh
#
# The pinned workspace builds only with the toolkit beside it, so the
# prepare runs in a throwaway copy that has both, as the tests' copies do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly fixture=codegen/tests/fixtures/reference
copy=$(mktemp -d "${TMPDIR:-/tmp}/codegen-reference.XXXXXX")
trap 'rm -rf -- "$copy"' EXIT

cp -R codegen macros templates Cargo.lock "$copy"/
cp -R "$fixture"/. "$copy"/
cargo build -q -p codegen
# The copy builds where the tests' copies build, so only its own crates
# compile again.
CARGO_TARGET_DIR="$PWD/target/e2e" target/debug/codegen --workspace "$copy" db prepare

rm -f "$fixture"/.sqlx/query-*.json
cp "$copy"/.sqlx/query-*.json "$fixture"/.sqlx/
git status --short -- "$fixture/.sqlx"
