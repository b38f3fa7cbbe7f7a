#!/usr/bin/env bash
# Holds the storefront to its Lighthouse budgets (end2end/lighthouse.mjs): starts a release build of `kontor` with
# the demo shop on a fresh SQLite file and audits home, category, product, search, cart, sign-in and a signed-in
# buyer's checkout on a phone, three runs each, in Debian's Chromium. Fails when a median score is below its budget
# (performance 95, accessibility, best practices and, on indexable pages, SEO 100).
#   KONTOR_BIN               the server binary (default target/release/kontor; scripts/test.sh builds it)
#   KONTOR_LIGHTHOUSE_PORT   port to serve on (default 3400, beside the browser tests' 3100 and schemathesis' 3200)
#   KONTOR_LIGHTHOUSE_RUNS   runs per page (default 3)
# The median run of each page (Lighthouse's JSON, for its viewer) and the server's log land in target/lighthouse/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${KONTOR_BIN:-$root/target/release/kontor}"
port="${KONTOR_LIGHTHOUSE_PORT:-3400}"
base="http://127.0.0.1:$port"
out="$root/target/lighthouse"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

[ -x "$bin" ] || { echo "lighthouse: no server at $bin (cargo leptos build --release --project kontor)"; exit 1; }
[ -d "$root/end2end/node_modules/lighthouse" ] || { echo "lighthouse: not installed (scripts/setup.sh)"; exit 1; }

# Something already answering on the port would be audited in place of this build.
if curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null; then
    echo "lighthouse: something already answers at $base; set KONTOR_LIGHTHOUSE_PORT"
    exit 1
fi

mkdir -p "$out"
rm -rf "$out"/kontor.db* "$out"/*.json "$out"/mail
say "starting $bin on $base"
KONTOR_DEMO=1 DATABASE_URL="sqlite://$out/kontor.db" \
    KONTOR_DATA_DIR="$out" \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$root/target/site}" \
    RUST_LOG=warn \
    "$bin" serve >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# The first start also migrates and seeds the demo shop, whose buyer and catalog the audits use.
for _ in $(seq 120); do
    curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "lighthouse: the server exited:"; cat "$out/server.log"; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null --max-time 2 "$base/healthz" \
    || { echo "lighthouse: the server did not answer at $base"; cat "$out/server.log"; exit 1; }

say "auditing $base"
cd "$root/end2end"
CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" node lighthouse.mjs "$base" "$out"
