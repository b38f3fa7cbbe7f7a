#!/usr/bin/env bash
# The storefront's bundle budget, checked on the release build: wasm + js at most 150 KiB as brotli (quality 11,
# as bench/sizes.sh measures it), each stylesheet a page loads (the storefront's hashed one in pkg/, the back
# office's admin.css) at most 20 KiB as brotli, and nothing of the back office in the bundle (its pages ship no
# script, so no `/admin/fn/…` server function may be reachable from the storefront's islands).
set -euo pipefail
site="${1:-target/site}"
node - "$site" <<'JS'
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const pkg = path.join(process.argv[2], "pkg");
const budget = 150 * 1024;
const cssBudget = 20 * 1024;
const brotliSize = (bytes) =>
  zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let total = 0;
for (const name of fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f))) {
  const bytes = fs.readFileSync(path.join(pkg, name));
  const brotli = brotliSize(bytes);
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
const stylesheets = fs.readdirSync(pkg).filter((f) => f.endsWith(".css")).map((f) => path.join(pkg, f));
const admin = path.join(process.argv[2], "admin.css");
// A missing stylesheet would make the check pass on nothing.
if (stylesheets.length === 0 || !fs.existsSync(admin)) {
  console.error(`bundle: expected the storefront's stylesheet in ${pkg} and admin.css beside it`);
  process.exit(1);
}
let cssOver = false;
for (const file of [...stylesheets, admin]) {
  const brotli = brotliSize(fs.readFileSync(file));
  console.log(`${path.basename(file)}: ${(brotli / 1024).toFixed(1)} KiB brotli of a ${cssBudget / 1024} KiB budget`);
  if (brotli > cssBudget) {
    console.error(`bundle: ${path.basename(file)} is over the CSS budget`);
    cssOver = true;
  }
}
if (cssOver) process.exit(1);
JS
