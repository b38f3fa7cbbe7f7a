#!/usr/bin/env bash
# The storefront's bundle budget, checked on the release build: wasm + js a page loads to become interactive at
# most 150 KiB as brotli (quality 11, as bench/sizes.sh measures it), each stylesheet a page loads (the storefront's hashed one in pkg/, the back
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
// With `--split` the bundle is the main module every page loads plus chunks that load lazily
// (`__wasm_split_manifest.*.json` names each lazy function's files): one per island that only some pages hold
// (`<island>_loader_…`), fetched when such a page hydrates, and code a page fetches only when the buyer asks for it
// (the buy box's pricing, on the first change of quantity). A page holds at most one lazy island, which
// end2end/tests/bundle.spec.ts checks on the pages as served, so the largest page to become interactive is the
// main module plus the largest island; on-demand code is reported on top.
const files = fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f));
const manifestName = fs.readdirSync(pkg).find((f) => /^__wasm_split_manifest.*\.json$/.test(f));
const manifest = manifestName ? JSON.parse(fs.readFileSync(path.join(pkg, manifestName), "utf8")) : {};
const filesOf = (stems) => files.filter((f) => stems.some((s) => f === s || f.startsWith(`${s}.`)));
const lazy = new Set(Object.values(manifest).flatMap((stems) => filesOf(stems)));
const sizes = {};
for (const name of files) {
  const bytes = fs.readFileSync(path.join(pkg, name));
  sizes[name] = brotliSize(bytes);
  console.log(`${name}: ${bytes.length} bytes, ${sizes[name]} brotli${lazy.has(name) ? " (lazy)" : ""}`);
  if (name.endsWith(".wasm") && bytes.includes("/admin/fn")) {
    console.error(`bundle: ${name} carries back-office code (/admin/fn); the storefront must not ship it`);
    process.exit(1);
  }
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sum = (names) => [...new Set(names)].reduce((t, n) => t + sizes[n], 0);
const main = files.filter((f) => !lazy.has(f));
// An empty or half-built folder would pass on nothing.
if (!main.some((f) => f.endsWith(".wasm")) || !main.some((f) => f.endsWith(".js"))) {
  console.error(`bundle: no main wasm and js module in ${pkg}`);
  process.exit(1);
}
console.log(`every page: ${kib(sum(main))} brotli`);
const islands = Object.entries(manifest).filter(([key]) => /_loader_\d+$/.test(key));
const onDemand = Object.entries(manifest).filter(([key]) => !/_loader_\d+$/.test(key));
// Which island asks for each piece of on-demand code.
const askedBy = { price_line: "add_to_cart" };
let total = sum(main);
for (const [island, stems] of islands) {
  const page = [...main, ...filesOf(stems)];
  console.log(`a page with ${island}: ${kib(sum(page))} brotli`);
  total = Math.max(total, sum(page));
  for (const [code, more] of onDemand) {
    if (!island.startsWith(`${askedBy[code.replace(/_\d+$/, "")]}_loader`)) continue;
    const after = sum([...page, ...filesOf(more)]);
    console.log(`  and after it fetches ${code}: ${kib(after)} (${kib(after - sum(page))} on demand)`);
  }
}
console.log(`wasm + js, largest page to become interactive: ${kib(total)} brotli of a ${budget / 1024} KiB budget`);
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
