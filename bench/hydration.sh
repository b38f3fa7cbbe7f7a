#!/usr/bin/env bash
# The hydration-budget comparison behind docs/architecture.md: builds the storefront fully hydrated
# (project kontor-full) and with islands (project kontor), and prints what each ships to the browser.
# Takes about 10 minutes on 2 cores; rebuilds the shipped (islands) server last so target/release/kontor is the one
# the other scripts expect.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo leptos build --release --project kontor-full
echo "== full hydration"; bench/sizes.sh target/site-full
cargo leptos build --release --project kontor --split
echo "== islands"; bench/sizes.sh target/site
