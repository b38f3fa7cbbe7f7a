#!/usr/bin/env bash
# What a browser downloads to make a page interactive: the wasm and JS bundle, raw and as brotli (quality 11, as a
# CDN or the precompressed files would serve it) and gzip -9. Reads a built site folder (default target/site).
set -euo pipefail
site="${1:-target/site}"
printf '%-12s %10s %10s %10s\n' file raw brotli gzip
total_raw=0; total_br=0; total_gz=0
for f in "$site"/pkg/*.wasm "$site"/pkg/*.js "$site"/pkg/*.css; do
    raw=$(stat -c %s "$f"); br=$(brotli -c -q 11 "$f" | wc -c); gz=$(gzip -9 -c "$f" | wc -c)
    printf '%-12s %10d %10d %10d\n' "${f##*.}" "$raw" "$br" "$gz"
    case "$f" in *.css) ;; *) total_raw=$((total_raw + raw)); total_br=$((total_br + br)); total_gz=$((total_gz + gz)) ;; esac
done
printf '%-12s %10d %10d %10d\n' "wasm+js" "$total_raw" "$total_br" "$total_gz"
