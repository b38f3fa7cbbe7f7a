#!/usr/bin/env bash
# The back office at scale: a synthetic catalog (PRODUCTS, default 100,000) and order history (ORDERS, default
# 100,000) on a new SQLite file, or with KONTOR_BENCH_POSTGRES_URL on a fresh PostgreSQL database, the release
# server on loopback, and wrk (Debian package `wrk`) at CONNECTIONS (default 8: a back office has few users) against
# the merchant's order list — the same engine call the `/admin/orders` page makes — first page, filtered by status,
# by company and dates, a text search, the 100th page and one order's timeline; then the product list (the engine
# call of `/admin/products`) by name, by status, category, low stock, text, SKU, last changed and its 100th page.
# Prints requests/s, p50 and p99.
# Needs a release build (cargo leptos build --release --project kontor --split), or KONTOR_BIN. Everything stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
products="${PRODUCTS:-100000}"; orders="${ORDERS:-100000}"
duration="${DURATION:-10s}"; connections="${CONNECTIONS:-8}"; port="${PORT:-3090}"
threads=$(( connections < 2 ? connections : 2 ))
dir=$(mktemp -d)
if [[ -n "${KONTOR_BENCH_POSTGRES_URL:-}" ]]; then
    db="kontor_bench_$$"
    psql "$KONTOR_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
    export DATABASE_URL="${KONTOR_BENCH_POSTGRES_URL%/*}/$db"
else
    export DATABASE_URL="sqlite://$dir/kontor.db"
fi
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn KONTOR_SEARCH_DIR=memory KONTOR_DATA_DIR="$dir"
cleanup() {
    kill "${pid:-}" 2>/dev/null || true
    rm -rf "$dir"
    if [[ -n "${db:-}" ]]; then
        sleep 1
        psql "$KONTOR_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $db" >/dev/null || true
    fi
}
trap cleanup EXIT

echo "== seeding $products products and $orders orders"
"$bin" seed --products "$products" --orders "$orders"
key=$("$bin" api-key create --name bench --scope orders:read,catalog:read --rate 100000000 2>/dev/null)
"$bin" serve & pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
base="http://127.0.0.1:$port"
auth="Authorization: Bearer $key"

report() {
    printf '%-48s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$2")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$2")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$2")"
}
run() {
    local name="$1" path="$2"
    curl -sf -o /dev/null -H "$auth" "$base$path" || { echo "$path failed" >&2; exit 1; }
    report "$name" "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$auth" "$base$path")"
}

from=$(date -u -d '30 days ago' +%F); to=$(date -u +%F)
number=$(curl -sf -H "$auth" "$base/api/v1/admin/orders?status=delivered" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["number"])')
run "orders, first page (50)" "/api/v1/admin/orders"
run "orders, status shipped" "/api/v1/admin/orders?status=shipped"
run "orders, one company, last 30 days" "/api/v1/admin/orders?company=acme&from=$from&to=$to"
run "orders, unpaid in one channel" "/api/v1/admin/orders?payment_status=unpaid&channel=trade"
run "orders, text search (email)" "/api/v1/admin/orders?q=buyer%40globex"
run "orders, text search finding nothing" "/api/v1/admin/orders?q=nobody-here"
run "orders, by number" "/api/v1/admin/orders?q=$number"
run "orders, page 100" "/api/v1/admin/orders?cursor=p100"
run "one order's timeline" "/api/v1/admin/orders/$number/timeline"
sku=$(curl -sf -H "$auth" "$base/api/v1/admin/products?sort=updated" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["handle"])')
sku=$(curl -sf -H "$auth" "$base/api/v1/admin/products/$sku" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["variants"][0]["sku"])')
category=$(curl -sf -H "$auth" "$base/api/v1/admin/products/$(curl -sf -H "$auth" "$base/api/v1/admin/products" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["handle"])')" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["category"])')
run "products, first page by name (50)" "/api/v1/admin/products"
run "products, active, by name" "/api/v1/admin/products?status=active"
run "products, one category" "/api/v1/admin/products?category=$category"
run "products, stock below 5" "/api/v1/admin/products?stock_below=5"
run "products, text search (name)" "/api/v1/admin/products?q=series+42"
run "products, text search finding nothing" "/api/v1/admin/products?q=nothing-like-this"
run "products, by SKU" "/api/v1/admin/products?q=$sku"
run "products, last changed first" "/api/v1/admin/products?sort=updated"
run "products, page 100" "/api/v1/admin/products?cursor=p100"
echo "== total orders: $(curl -sf -H "$auth" "$base/api/v1/admin/orders" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
