#!/usr/bin/env bash
# Time from starting `kontor serve` to the first answered request, on a new SQLite file (migrate + seed the demo
# catalog + bind) and again on the now-seeded file. Needs a release build (cargo leptos build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
dir=$(mktemp -d); port=${PORT:-3077}
measure() {
    local start end pid
    start=$(date +%s%N)
    DATABASE_URL="sqlite://$dir/kontor.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" KONTOR_DEMO=1 RUST_LOG=warn "$bin" serve &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.005; done
    end=$(date +%s%N)
    curl -sf -o /dev/null "http://127.0.0.1:$port/" || true
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$1: $(( (end - start) / 1000000 )) ms to the first answered request"
}
measure "new database (migrate + seed)"
measure "existing database"
rm -rf "$dir"
