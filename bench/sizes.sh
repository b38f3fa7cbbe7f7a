#!/usr/bin/env bash
# What a browser may download to make a page interactive: each wasm and JS file of the bundle, raw and as brotli
# (quality 11, as a CDN or the precompressed files would serve it) and gzip -9, and their sum. Built with
# `--split`, a page loads the main module and the lazily loaded chunk of the island it holds, not every file:
# scripts/check-bundle.sh prints (and enforces) the figure per page. Reads a built site folder (default target/site).
set -euo pipefail
site="${1:-target/site}"
printf '%-44s %10s %10s %10s\n' file raw brotli gzip
total_raw=0; total_br=0; total_gz=0
for f in "$site"/pkg/*.wasm "$site"/pkg/*.js "$site"/pkg/*.css; do
    raw=$(stat -c %s "$f"); br=$(brotli -c -q 11 "$f" | wc -c); gz=$(gzip -9 -c "$f" | wc -c)
    printf '%-44s %10d %10d %10d\n' "${f##*/}" "$raw" "$br" "$gz"
    case "$f" in *.css) ;; *) total_raw=$((total_raw + raw)); total_br=$((total_br + br)); total_gz=$((total_gz + gz)) ;; esac
done
printf '%-44s %10d %10d %10d\n' "wasm+js, every file" "$total_raw" "$total_br" "$total_gz"
