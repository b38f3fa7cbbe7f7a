#!/usr/bin/env bash
# Installs what building Kontor needs, skipping whatever is already there:
#   the wasm32 target, cargo-leptos, wasm-bindgen-cli (matching the wasm-bindgen crate exactly) and, through
#   end2end/package.json, wasm-opt from npm's binaryen, Playwright, axe-core and Lighthouse. With --browser it also
#   installs Chromium.
# Versions are pinned: cargo-leptos 0.3.11+ and newer wasm-bindgen need a newer rustc than 1.95, and Debian's own
# binaryen (108) corrupts wasm-bindgen 0.2.130 output.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130
root="$(cd "$(dirname "$0")/.." && pwd)"
browser=false
[ "${1:-}" = "--browser" ] && browser=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || { echo "setup: cargo is required (https://rustup.rs)"; exit 1; }
command -v npm >/dev/null || { echo "setup: node and npm are required"; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 25 minutes on 2 cores, once)"
    # no_downloads: cargo-leptos must not fetch wasm-bindgen or wasm-opt itself; they come from PATH.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
    # Its published lockfile names a webpki-roots release the registry no longer has; pin the one before it.
    cargo info "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" >/dev/null
    crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION".crate | head -n 1)
    work=$(mktemp -d)
    tar -xzf "$crate" -C "$work"
    (cd "$work/wasm-bindgen-cli-$WASM_BINDGEN_VERSION" \
        && cargo update -p webpki-roots --precise 1.0.10 \
        && cargo install --path . --locked)
    rm -rf "$work"
fi

if [ ! -x "$root/end2end/node_modules/.bin/wasm-opt" ] || [ "$root/end2end/package-lock.json" -nt "$root/end2end/node_modules/.package-lock.json" ]; then
    say "installing wasm-opt (binaryen), Playwright, axe-core and Lighthouse from npm"
    (cd "$root/end2end" && npm ci --no-audit --no-fund)
fi

if $browser && ! command -v chromium >/dev/null; then
    say "installing Chromium (Debian package) for the browser tests"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
