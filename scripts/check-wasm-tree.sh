#!/usr/bin/env bash
# The browser bundle must not pull in server crates: sqlx, tokio or mio in its dependency tree would mean a
# server-only dependency leaked into `domain` or the `hydrate` build of `app`.
set -euo pipefail
cd "$(dirname "$0")/.."
leaks=$(cargo tree --locked -p frontend --target wasm32-unknown-unknown -e normal --features islands --prefix none \
    | grep -E '^(sqlx|tokio|mio)[ -]' | sort -u || true)
if [ -n "$leaks" ]; then
    echo "server crates in the wasm dependency tree:"; echo "$leaks"; exit 1
fi
echo "no sqlx, tokio or mio in the wasm dependency tree"
