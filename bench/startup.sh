#!/usr/bin/env bash
# Time from starting `kontor serve` to the first answered request, on a new SQLite file (migrate + seed the demo
# catalog + bind) and again on the now-seeded file; then the time to the first answered search (which waits for the
# search index) on the demo catalog and on a synthetic one of PRODUCTS products (default 100,000; 0 skips it), on
# a database the search folder has not served (the index is built) and on one it has (the kept index is reopened
# and caught up). Needs a release build (cargo leptos build --release --project kontor --split).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
products="${PRODUCTS:-100000}"
dir=$(mktemp -d); port=${PORT:-3077}
trap 'rm -rf "$dir"' EXIT
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn KONTOR_DATA_DIR="$dir/data"
# Runs the server until `path` answers, prints the time it took, and stops it.
measure() {
    local label=$1 path=$2 start end pid
    start=$(date +%s%N)
    "$bin" serve &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port$path"; do sleep 0.005; done
    end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$label: $(( (end - start) / 1000000 )) ms"
}
export DATABASE_URL="sqlite://$dir/demo.db"
KONTOR_DEMO=1 measure "new database (migrate + seed the demo), first answered request" /healthz
measure "existing database, first answered request" /healthz
rm -rf "$dir/data/search"
measure "demo catalog, search folder new: first answered search" "/search?q=bolt"
measure "demo catalog, search folder kept: first answered search" "/search?q=bolt"
if [ "$products" -gt 0 ]; then
    export DATABASE_URL="sqlite://$dir/large.db"
    "$bin" seed --products "$products" >/dev/null
    measure "$products products, search folder new: first answered search" "/search?q=bolt"
    measure "$products products, search folder kept: first answered search" "/search?q=bolt"
    # A change made while no server ran is caught up from the log at the next start.
    sqlite3 "$dir/large.db" "UPDATE products SET name = name || ' renamed' WHERE id <= 100;
        UPDATE catalog_clock SET version = version + 1;
        INSERT INTO catalog_changes (version, product_id) SELECT c.version, p.id FROM catalog_clock c, products p
        WHERE p.id <= 100;" 2>/dev/null || echo "(sqlite3 not installed: the catch-up run is skipped)"
    measure "$products products, search folder kept, 100 products changed meanwhile: first answered search" \
        "/search?q=renamed"
fi
