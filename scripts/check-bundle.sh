#!/usr/bin/env bash
# The storefront's bundle budget, checked on the release build: wasm + js at most 150 KiB as brotli (quality 11,
# as bench/sizes.sh measures it), and nothing of the back office in it (its pages ship no script, so no
# `/admin/fn/…` server function may be reachable from the storefront's islands).
set -euo pipefail
site="${1:-target/site}"
node - "$site" <<'JS'
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const pkg = path.join(process.argv[2], "pkg");
const budget = 150 * 1024;
let total = 0;
for (const name of fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f))) {
  const bytes = fs.readFileSync(path.join(pkg, name));
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total += brotli;
  console.log(`${name}: ${bytes.length} bytes, ${brotli} brotli`);
  if (name.endsWith(".wasm") && bytes.includes("/admin/fn")) {
    console.error(`bundle: ${name} carries back-office code (/admin/fn); the storefront must not ship it`);
    process.exit(1);
  }
}
console.log(`wasm + js: ${(total / 1024).toFixed(1)} KiB brotli of a ${budget / 1024} KiB budget`);
if (total > budget) {
  console.error("bundle: over budget; see docs/architecture.md, \"Hydration budget\"");
  process.exit(1);
}
JS
