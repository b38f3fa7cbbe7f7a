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

[ -x "$bin" ] || { echo "lighthouse: no server at $bin (cargo leptos build --release --project kontor --split)"; exit 1; }
[ -d "$root/end2end/node_modules/lighthouse" ] || { echo "lighthouse: not installed (scripts/setup.sh)"; exit 1; }

rm -f "$out"/*.json
# shellcheck source=demo-server.sh
. "$root/scripts/demo-server.sh"
start_demo_server lighthouse KONTOR_LIGHTHOUSE_PORT

say "auditing $base"
cd "$root/end2end"
CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" node lighthouse.mjs "$base" "$out"
