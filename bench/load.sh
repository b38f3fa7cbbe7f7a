#!/usr/bin/env bash
# The storefront under load: a synthetic catalog (default 100,000 products) on a new SQLite file, the release server
# on loopback, and wrk (Debian package `wrk`) at 32 connections against category pages (24 products, complete HTML,
# plain and filtered), product pages and search. Each page is measured on one URL again and again (a hot page) and
# spread over many distinct URLs (420 category pages and 320 searches, which repeat within a run; 20,000 product
# pages, which mostly do not). Prints requests/s with p50 and p99 latency, and the server's idle RSS after start-up.
# Then a signed-in company buyer on the same pages, and all of it again with the finished-page cache off
# (KONTOR_PAGE_CACHE_MB=0), so every request is rendered.
# Needs a release build (cargo leptos build --release --project kontor --split). Everything stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${KONTOR_BIN:-target/release/kontor}"
products="${PRODUCTS:-100000}"; duration="${DURATION:-10s}"; connections="${CONNECTIONS:-32}"; port="${PORT:-3088}"
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/kontor.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

echo "== seeding $products products"
"$bin" seed --products "$products"

start() {
    "$bin" serve & pid=$!
    # A search waits for the search index, which a new folder builds while pages are already served.
    until curl -sf -o /dev/null "http://127.0.0.1:$port/search?q=bolt"; do sleep 0.05; done
}
start
sleep 2
echo "== idle RSS after start-up: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
base="http://127.0.0.1:$port"
curl -sf "$base/sitemaps/products-1.xml" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g; s|^http://[^/]*||' \
    | sed -n '1,20000p' > "$dir/products.txt"
product=$(sed -n 2p "$dir/products.txt")
categories=$(curl -sf "$base/sitemaps/categories.xml" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g; s|^http://[^/]*||')
for c in $categories; do for p in 1 2 3 4 5 6 7 8 9 10; do echo "$c?page=$p"; done; done > "$dir/categories.txt"
words="bolt nut washer screw spanner glove helmet carton tape sealant anchor rivet pliers hammer level goggles"
for w in $words; do for s in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo "/search?q=$w+series+$s"; done; done \
    > "$dir/searches.txt"

report() {
    printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$2")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$2")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$2")"
}
run() {
    local name="$1" path="$2"
    curl -sf -o /dev/null "$base$path"
    report "$name" "$(wrk -t2 -c"$connections" -d"$duration" --latency "$base$path")"
}
spread() {
    local name="$1" list="$2"
    report "$name" "$(PATHS="$list" wrk -t2 -c"$connections" -d"$duration" --latency -s bench/paths.lua "$base")"
}
# A signed-in buyer of ACME (the demo's company with contract and dealer prices) on the same pages: each company's
# pages are stored apart and filled with the person's header per request.
cookie="kontor_session=$(curl -sf -H 'content-type: application/json' \
    -d '{"email":"buyer@acme.example","password":"kontor-demo"}' "$base/api/v1/sessions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
as_buyer() {
    local name="$1" path="$2"
    curl -sf -o /dev/null -H "Cookie: $cookie" "$base$path"
    report "$name" "$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" "$base$path")"
}
buyer_pages() {
    as_buyer "signed-in buyer: category, hot" "/categories/hex-bolts"
    as_buyer "signed-in buyer: product, hot" "$product"
    as_buyer "signed-in buyer: search, hot" "/search?q=combinaton+spaner"
    report "signed-in buyer: category pages, $(wc -l < "$dir/categories.txt") distinct" \
        "$(PATHS="$dir/categories.txt" wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" \
            -s bench/paths.lua "$base")"
}
pages() {
    run "category (24 products), hot" "/categories/hex-bolts"
    run "category, filtered and sorted, hot" "/categories/fasteners?attr.material=stainless-a2&sort=price-asc"
    run "product, hot" "$product"
    run "search with a typo, hot" "/search?q=combinaton+spaner"
    spread "category pages, $(wc -l < "$dir/categories.txt") distinct" "$dir/categories.txt"
    spread "product pages, $(wc -l < "$dir/products.txt") distinct" "$dir/products.txt"
    spread "searches, $(wc -l < "$dir/searches.txt") distinct" "$dir/searches.txt"
}
echo "== wrk, $connections connections, $duration each; finished guest pages cached (the default)"
pages
echo "== a signed-in buyer (ACME), company pages stored (the default)"
buyer_pages
echo "== RSS after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "== the same with KONTOR_PAGE_CACHE_MB=0: every request rendered (page data from the engine's guest cache)"
KONTOR_PAGE_CACHE_MB=0 start
pages
echo "== a signed-in buyer (ACME), every page rendered"
buyer_pages
