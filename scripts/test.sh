#!/usr/bin/env bash
# Runs every test Kontor has, installing what it needs first (scripts/setup.sh --browser):
#   formatting and lints, the wasm dependency check, domain/engine/server tests (engine tests also on PostgreSQL
#   when KONTOR_TEST_POSTGRES_URL is set, the media store also in a local S3-compatible server), the release build,
#   schemathesis against the API's OpenAPI document, the browser tests in Chromium (axe-core's accessibility checks
#   among them) and the Lighthouse budgets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$(date +%s)
results=$(mktemp)
trap 'rm -f "$results"' EXIT

step "tools"
scripts/setup.sh --browser

step "formatting"
cargo fmt --all -- --check

step "lints (server build, with islands as shipped)"
cargo clippy --locked -p domain -p engine -p app -p server -p quick-order --all-targets --features server/islands -- -D warnings

step "lints (browser build)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown --features islands -- -D warnings

step "the browser bundle holds no server crates"
scripts/check-wasm-tree.sh

step "a local S3-compatible server (moto) for the media store's tests"
s3_port="${KONTOR_TEST_S3_PORT:-5055}"
s3_server=$(scripts/s3-server.sh "$s3_port" kontor-test)
trap 'kill "$s3_server" 2>/dev/null || true; rm -f "$results"' EXIT
# moto takes any credentials; these only exist for this run.
export KONTOR_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port" KONTOR_TEST_S3_BUCKET=kontor-test \
    AWS_ACCESS_KEY_ID=kontor-test AWS_SECRET_ACCESS_KEY=kontor-test AWS_REGION=us-east-1

step "domain, engine and server tests${KONTOR_TEST_POSTGRES_URL:+ (engine also on PostgreSQL)}"
cargo test --locked -p domain -p engine -p app -p server -p quick-order --features server/islands --all-targets 2>&1 | tee -a "$results"

step "release build"
cargo leptos build --release --project kontor --split

step "the storefront's bundle: wasm + js within 150 KiB and each stylesheet within 20 KiB brotli, nothing of the back office"
scripts/check-bundle.sh target/site

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

step "the API against its OpenAPI document (schemathesis)"
KONTOR_BIN="$target_dir/release/kontor" LEPTOS_SITE_ROOT="$root/target/site" scripts/schemathesis.sh

step "browser tests (Chromium, JavaScript on and off)"
mkdir -p target/e2e
(cd end2end && KONTOR_BIN="$target_dir/release/kontor" LEPTOS_SITE_ROOT="$root/target/site" npx playwright test) 2>&1 \
    | tee -a "$results"

step "Lighthouse budgets (mobile, median of 3 runs): performance 95, accessibility, best practices and SEO 100"
lighthouse_started=$(date +%s)
KONTOR_BIN="$target_dir/release/kontor" LEPTOS_SITE_ROOT="$root/target/site" scripts/lighthouse.sh
echo "Lighthouse: $(( $(date +%s) - lighthouse_started )) s"

step "all tests passed in $(( $(date +%s) - started )) s"
# One closing line over every runner: cargo's "test result: ok. N passed" and Playwright's "N passed (…)".
passed=$(grep -oE '(ok\. |^ +)[0-9]+ passed' "$results" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
echo "tests: ${passed} passed, 0 failed"
