#!/usr/bin/env bash
# The storefront under load: a synthetic catalog (default 100,000 products) on a new SQLite file, the release server
# on loopback, and wrk (Debian package `wrk`) at 32 connections against a category page (24 products, complete HTML),
# a product page and, once it exists, search. Prints requests/s with p50 and p99 latency, and the server's idle RSS.
# Needs a release build (cargo leptos build --release --project kontor). Everything stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
products="${PRODUCTS:-100000}"; duration="${DURATION:-10s}"; connections="${CONNECTIONS:-32}"; port="${PORT:-3088}"
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/kontor.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn KONTOR_AUTO_SEED=false
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

echo "== seeding $products products"
"$bin" seed --products "$products"

"$bin" serve & pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
base="http://127.0.0.1:$port"
product=$(curl -sf "$base/sitemaps/products-1.xml" | grep -o '<loc>[^<]*</loc>' | sed -n 2p | sed 's/<[^>]*>//g; s|^http://[^/]*||')
sleep 1
echo "== idle RSS: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"

run() {
    local name="$1" path="$2"
    curl -sf -o /dev/null "$base$path"
    local out; out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$base$path")
    printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$name" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
echo "== wrk, $connections connections, $duration each"
run "category (24 products)" "/categories/hex-bolts"
run "category, page 40" "/categories/fasteners?page=40"
run "product" "$product"
