#!/usr/bin/env bash
# The headless API under load: the release server on a new SQLite file with the demo catalog, and wrk (Debian
# package `wrk`) at 32 connections against a product list of 20 items, a search, a product, add-to-cart (each POST
# puts one unit into a new guest cart, since stock caps one cart's quantity) and a cart update (PUT a line's
# quantity), both answered with the priced cart. Prints requests/s with p50 and p99.
# Needs a release build (cargo leptos build --release --project kontor --split), or KONTOR_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
duration="${DURATION:-10s}"; connections="${CONNECTIONS:-32}"; port="${PORT:-3089}"
dir=$(mktemp -d)
# The load comes from one address without a key, as no real client would: the per-address budget of anonymous
# calls (KONTOR_API_ANONYMOUS_PER_MINUTE, default 600) is raised so the server, not the limit, is measured.
export KONTOR_API_ANONYMOUS_PER_MINUTE=100000000
export KONTOR_DEMO=1 DATABASE_URL="sqlite://$dir/kontor.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn KONTOR_SEARCH_DIR=memory
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$bin" serve & pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
base="http://127.0.0.1:$port"

report() {
    printf '%-40s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$2")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$2")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$2")"
}
run() { wrk -t2 -c"$connections" -d"$duration" --latency "$@"; }

slug=$(curl -sf "$base/api/v1/products?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["slug"])')
sku=$(curl -sf "$base/api/v1/products/$slug" | python3 -c 'import json,sys; print(json.load(sys.stdin)["variants"][0]["sku"])')
cart=$(curl -sf -X POST -H 'content-type: application/json' -d "{\"sku\":\"$sku\",\"quantity\":1}" "$base/api/v1/carts" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
cat > "$dir/add.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sku":"$sku","quantity":1}'
LUA
cat > "$dir/set.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"quantity":2}'
LUA

report "GET /api/v1/products (20 items)" "$(run "$base/api/v1/products?limit=20")"
report "GET /api/v1/products?q=hex+bolt" "$(run "$base/api/v1/products?q=hex+bolt&limit=20")"
report "GET /api/v1/products/{slug}" "$(run "$base/api/v1/products/$slug")"
report "POST /api/v1/carts (add to cart)" "$(run -s "$dir/add.lua" "$base/api/v1/carts")"
report "PUT /api/v1/carts/{id}/lines/{sku}" "$(run -s "$dir/set.lua" "$base/api/v1/carts/$cart/lines/$sku")"
