#!/usr/bin/env bash
# Builds and serves the demo shop on SQLite at http://127.0.0.1:3000, installing the build tools first if they are
# missing. The database is created under ./data and seeded with the demo shop on first run (KONTOR_DEMO=1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
scripts/setup.sh
# The demo is opt-in: a plain `kontor serve` seeds nothing and has no account anyone can sign in to.
export KONTOR_DEMO=1
exec cargo leptos serve --release --project kontor --split
