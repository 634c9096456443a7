#!/usr/bin/env bash
# The project's test command: formatting, lints and every test, the tests
# running against a real PostgreSQL, then `codegen check`.
#
#     bash scripts/test.sh
#
# It must work on a fresh Debian machine that has only the Rust toolchain,
# run as root with no terminal, so it installs what it is missing (sqlx-cli,
# PostgreSQL) instead of asking. Queries still compile from `.sqlx`:
# SQLX_OFFLINE=true comes from .cargo/config.toml and is left alone here;
# DATABASE_URL is only for the tests that need a live database.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly SQLX_CLI_INSTALL=(cargo install sqlx-cli --version '^0.9'
    --no-default-features --features 'postgres,sqlx-toml')
readonly MACHINE_URL=postgres://postgres@127.0.0.1:5432/postgres
# The MAS-shaped fixture is on sqlx 0.8, whose offline data only sqlx-cli 0.8
# writes; its end-to-end test (codegen/tests/mas_like.rs) looks for it here.
readonly SQLX_CLI_0_8_ROOT=target/tools/sqlx-cli-0.8
readonly SQLX_CLI_0_8_INSTALL=(cargo install sqlx-cli --version '~0.8.6'
    --no-default-features --features postgres --locked --root "$SQLX_CLI_0_8_ROOT")

header() { printf '\n==> %s\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf 'scripts/test.sh: error: %s\n' "$*" >&2; exit 1; }
is_root() { [[ $(id -u) == 0 ]]; }

# --- Tools -------------------------------------------------------------------

ensure_sqlx_cli() {
    if cargo sqlx --version >/dev/null 2>&1; then
        return
    fi
    header "installing sqlx-cli: ${SQLX_CLI_INSTALL[*]}"
    "${SQLX_CLI_INSTALL[@]}" </dev/null
}

ensure_sqlx_cli_0_8() {
    if [[ -x $SQLX_CLI_0_8_ROOT/bin/sqlx && -x $SQLX_CLI_0_8_ROOT/bin/cargo-sqlx ]]; then
        return
    fi
    header "installing sqlx-cli 0.8 for the MAS-shaped fixture: ${SQLX_CLI_0_8_INSTALL[*]}"
    "${SQLX_CLI_0_8_INSTALL[@]}" </dev/null
}

# A distribution's Rust may come without rustfmt or clippy; rustup can add them.
ensure_cargo_component() {
    local subcommand=$1 component=$2
    if cargo "$subcommand" --version >/dev/null 2>&1; then
        return
    fi
    command -v rustup >/dev/null || die "\`cargo $subcommand\` is missing; install $component"
    header "installing $component: rustup component add $component"
    rustup component add "$component" </dev/null
}

# Prints the directory holding initdb and pg_ctl, the way `codegen db` looks
# for it: pg_config's answer, then /usr/lib/postgresql/<newest>/bin, then PATH.
server_bindir() {
    local dir candidates=()
    if dir=$(pg_config --bindir 2>/dev/null); then
        candidates+=("$dir")
    fi
    while read -r dir; do
        candidates+=("$dir")
    done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -rV)
    if dir=$(command -v initdb 2>/dev/null); then
        candidates+=("$(dirname "$dir")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            printf '%s\n' "$dir"
            return
        fi
    done
    return 1
}

# The server programs are needed even when a server already answers:
# codegen's own tests start a throwaway cluster of their own.
ensure_server_programs() {
    if server_bindir >/dev/null; then
        return
    fi
    if ! is_root || ! command -v apt-get >/dev/null; then
        die "PostgreSQL's server programs (initdb, pg_ctl) are missing; install PostgreSQL's server package"
    fi
    header "installing PostgreSQL: apt-get install -y postgresql"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has no package lists yet.
    apt-get update -q </dev/null
    apt-get install -y -q --no-install-recommends postgresql </dev/null
    server_bindir >/dev/null || die "installed postgresql, but still cannot find initdb and pg_ctl"
}

# --- A PostgreSQL for the tests ----------------------------------------------

# pg_isready only says a server listens; the tests also need it to let
# `postgres` in without a password, which a stock Debian cluster does not
# over TCP.
accepts() {
    if command -v psql >/dev/null; then
        psql -w "$1" -Atqc 'select 1' >/dev/null 2>&1 </dev/null
    else
        pg_isready -q -d "$1" 2>/dev/null
    fi
}

# Starts the machine's own newest `main` cluster (as packaged on Debian) and
# prints its URL; fails if there is none or it does not let us in.
start_machine_cluster() {
    command -v pg_ctlcluster >/dev/null || return 1
    local version port status
    read -r version port status < <(pg_lsclusters --no-header 2>/dev/null |
        awk '$2 == "main" { print $1, $3, $4 }' | sort -V | tail -n 1) || return 1
    [[ -n $version ]] || return 1
    if [[ $status != online* ]]; then
        header "starting the machine's PostgreSQL: pg_ctlcluster $version main start"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start </dev/null || return 1
    fi
    local url=postgres://postgres@127.0.0.1:$port/postgres
    if accepts "$url"; then
        printf '%s\n' "$url"
    else
        note "PostgreSQL $version on port $port does not let postgres in without a password"
        return 1
    fi
}

# Set by start_throwaway_cluster, read by its EXIT trap.
THROWAWAY_URL=
THROWAWAY_DIR=
THROWAWAY_BINDIR=
THROWAWAY_ACCOUNT=

# Runs a command as the throwaway cluster's account: initdb and postgres
# refuse to run as root.
as_account() {
    if [[ -z $THROWAWAY_ACCOUNT ]]; then
        "$@"
    elif command -v runuser >/dev/null; then
        runuser -u "$THROWAWAY_ACCOUNT" -- "$@"
    else
        su -s /bin/sh "$THROWAWAY_ACCOUNT" -c "$(printf '%q ' "$@")"
    fi
}

# A TCP port on 127.0.0.1 that nothing answers on. Bash cannot bind port 0,
# so it probes random ports in the dynamic range.
free_port() {
    local port
    for _ in {1..100}; do
        port=$((49152 + RANDOM % 16000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return
        fi
    done
    die "cannot find a free TCP port on 127.0.0.1"
}

stop_throwaway_cluster() {
    [[ -n $THROWAWAY_DIR ]] || return 0
    if [[ -f $THROWAWAY_DIR/data/postmaster.pid ]]; then
        as_account "$THROWAWAY_BINDIR/pg_ctl" stop -D "$THROWAWAY_DIR/data" -m fast -w >/dev/null ||
            note "warning: could not stop the throwaway PostgreSQL in $THROWAWAY_DIR"
    fi
    rm -rf -- "$THROWAWAY_DIR"
}

# Starts a private cluster under the temp dir (trust auth, loopback only),
# stopped and deleted when this script exits; sets THROWAWAY_URL. Called in
# this shell, not in $(...): a subshell's trap would stop it at once.
start_throwaway_cluster() {
    THROWAWAY_BINDIR=$(server_bindir)
    if is_root; then
        if id -u postgres >/dev/null 2>&1; then
            THROWAWAY_ACCOUNT=postgres
        elif id -u nobody >/dev/null 2>&1; then
            THROWAWAY_ACCOUNT=nobody
        else
            die "PostgreSQL refuses to run as root and there is no postgres or nobody account to run it as"
        fi
    fi
    THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/codegen-test-pg.XXXXXX")
    trap stop_throwaway_cluster EXIT
    mkdir "$THROWAWAY_DIR/socket"
    if [[ -n $THROWAWAY_ACCOUNT ]]; then
        chown -R "$THROWAWAY_ACCOUNT:" "$THROWAWAY_DIR"
    fi

    local port
    port=$(free_port)
    header "starting a throwaway PostgreSQL on 127.0.0.1:$port (as ${THROWAWAY_ACCOUNT:-$(id -un)})"
    as_account "$THROWAWAY_BINDIR/initdb" -D "$THROWAWAY_DIR/data" -U postgres -A trust \
        -E UTF8 --locale=C --no-sync >"$THROWAWAY_DIR/initdb.log" 2>&1 ||
        { cat "$THROWAWAY_DIR/initdb.log" >&2; die "initdb failed"; }
    # The socket goes in our own directory, not the system's; fsync is
    # pointless for data thrown away at exit.
    as_account "$THROWAWAY_BINDIR/pg_ctl" start -D "$THROWAWAY_DIR/data" \
        -l "$THROWAWAY_DIR/server.log" -w -t 60 \
        -o "-p $port -k '$THROWAWAY_DIR/socket' -c listen_addresses=127.0.0.1 -c fsync=off" \
        >/dev/null ||
        { cat "$THROWAWAY_DIR/server.log" >&2; die "the throwaway PostgreSQL did not start"; }
    THROWAWAY_URL=postgres://postgres@127.0.0.1:$port/postgres
}

# Exports DATABASE_URL for a PostgreSQL that lets `postgres` in: the one on
# 5432 if any, else the machine's cluster, else a throwaway one.
choose_database() {
    local url
    if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && accepts "$MACHINE_URL"; then
        url=$MACHINE_URL
    elif url=$(start_machine_cluster); then
        :
    else
        start_throwaway_cluster
        url=$THROWAWAY_URL
    fi
    note "DATABASE_URL=$url"
    export DATABASE_URL=$url
}

# --- Main ----------------------------------------------------------------------

# Turn Ctrl-C and termination into an ordinary exit, so the EXIT trap that
# stops a throwaway cluster runs.
trap 'exit 130' INT
trap 'exit 143' TERM

# A run builds this workspace and, for the end-to-end tests, many copies of
# it: incremental caches and full debug info would only fill the disk (tens
# of gigabytes), and a one-off build gains nothing from them. Line tables
# keep file and line in backtraces.
export CARGO_INCREMENTAL=0
export CARGO_PROFILE_DEV_DEBUG=line-tables-only
export CARGO_PROFILE_TEST_DEBUG=line-tables-only

header "checking tools"
note "free disk space: $(df -h --output=avail . | tail -n 1 | tr -d ' ')"
ensure_sqlx_cli
ensure_sqlx_cli_0_8
# For the test, and for the copies the command-sequence test runs it in.
export CODEGEN_SQLX_CLI_0_8_BIN=$PWD/$SQLX_CLI_0_8_ROOT/bin
ensure_cargo_component fmt rustfmt
ensure_cargo_component clippy clippy
ensure_server_programs
choose_database

header "cargo fmt --all -- --check"
cargo fmt --all -- --check

header "cargo clippy --workspace --all-targets --locked -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

header "cargo test --workspace --locked"
cargo test --workspace --locked

# Every public item, the generated ones included, documents itself with
# links that resolve.
header "RUSTDOCFLAGS='-D warnings' cargo doc --workspace --no-deps --locked"
RUSTDOCFLAGS='-D warnings' cargo doc --workspace --no-deps --locked

# The workspace must be in sync: wiring, migrations, formatting and .sqlx
# (checked on a scratch database on the server in DATABASE_URL): the
# generated queries' offline data as the structs give it, then every
# query's, hand-written ones too, by sqlx-cli.
header "cargo run -p codegen -- check"
cargo run -p codegen --locked -- check
header "cargo run -p codegen -- check --sqlx=full"
cargo run -p codegen --locked -- check --sqlx=full

note "free disk space: $(df -h --output=avail . | tail -n 1 | tr -d ' '); target/ holds $(du -sh target | cut -f1)"
