#!/usr/bin/env bash
# Checkout and add-to-cart throughput over HTTP (server/examples/checkout_load.rs): on a new SQLite file, and on
# PostgreSQL when KONTOR_BENCH_POSTGRES_URL names a role that may create databases (a fresh database is created
# and dropped). BUYERS (default 32) concurrent buyers, SECONDS (default 10) per phase. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p server --features islands --example checkout_load
bin=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/examples/checkout_load

# SQLite at both durability levels in one run: `full` (the default: an acknowledged order survives a power cut)
# and `normal` (the level before it, which may lose the last commits on a power cut).
echo "== SQLite, KONTOR_SQLITE_SYNC=full (default)"
env -u DATABASE_URL KONTOR_SQLITE_SYNC=full "$bin"
echo "== SQLite, KONTOR_SQLITE_SYNC=normal"
env -u DATABASE_URL KONTOR_SQLITE_SYNC=normal "$bin"

if [ -n "${KONTOR_BENCH_POSTGRES_URL:-}" ]; then
    name="kontor_bench_$$"
    psql "$KONTOR_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $name"
    trap 'psql "$KONTOR_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
    echo "== PostgreSQL"
    DATABASE_URL="${KONTOR_BENCH_POSTGRES_URL%/*}/$name" "$bin"
fi
