// Lighthouse budgets of the storefront's page types, on a running shop with the demo data (scripts/lighthouse.sh
// starts one): mobile (Lighthouse's default form factor and simulated throttling), three runs per page in a fresh
// Chromium each, and the median score of each category held to its budget. Exits non-zero naming the page, the
// category, its score and the audits that cost it points.
//   node lighthouse.mjs BASE_URL [OUT_DIR]
//   CHROME_PATH   the browser (default /usr/bin/chromium, Debian's)
//   KONTOR_LIGHTHOUSE_RUNS   runs per page (default 3; the median of an even count is the lower middle)
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const base = (process.argv[2] ?? "http://127.0.0.1:3400").replace(/\/$/, "");
const out = process.argv[3] ?? "../target/lighthouse";
const runs = Number(process.env.KONTOR_LIGHTHOUSE_RUNS ?? 3);
process.env.CHROME_PATH ??= "/usr/bin/chromium";

const BUDGET = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 };
const CATEGORIES = Object.keys(BUDGET);
const DEMO_PASSWORD = "kontor-demo";

/** A form post as the storefront's own forms make it; the shop refuses state changes from other origins. */
async function post(endpoint, fields, cookie, from) {
  const response = await fetch(`${base}${endpoint}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      origin: base,
      referer: `${base}${from}`,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
  if (!response.ok) {
    throw new Error(`POST ${endpoint} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return response;
}

/** `name=value` of a cookie the response sets. */
function setCookie(response, name) {
  const found = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`the shop set no ${name} cookie`);
  return found.split(";")[0];
}

async function json(pathAndQuery) {
  const response = await fetch(`${base}${pathAndQuery}`);
  if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}`);
  return response.json();
}

/** A hex bolt in stock, as a buyer finds it in the category the other pages come from. */
async function productInStock() {
  const list = await json("/api/v1/products?q=hex%20bolt&in_stock=true&limit=20");
  for (const card of list.data) {
    const product = await json(`/api/v1/products/${encodeURIComponent(card.slug)}`);
    const variant = product.variants.find((v) => v.stock === "in_stock");
    if (variant) {
      const step = Math.max(variant.quantity_step, 1);
      const quantity = Math.ceil(Math.max(variant.min_quantity, 1) / step) * step;
      return { path: `/products/${product.slug}`, sku: variant.sku, quantity: String(quantity) };
    }
  }
  throw new Error("no hex bolt in stock in the demo shop");
}

const product = await productInStock();
const addToCart = (cookie) =>
  post("/api/cart/add", { sku: product.sku, quantity: product.quantity }, cookie, product.path);

// A guest's cart holds a line, so the cart page shows (and hydrates) its editor rather than the empty state.
const guestCart = setCookie(await addToCart(undefined), "kontor_cart");
// The company buyer signs in as the sign-in form does and fills the account's cart for checkout.
const session = setCookie(
  await post(
    "/api/account/sign-in",
    { email: "buyer@acme.example", password: DEMO_PASSWORD, next: "/account" },
    undefined,
    "/account/sign-in",
  ),
  "kontor_session",
);
await addToCart(session);

// SEO is budgeted only where crawlers are welcome: search, cart, sign-in and checkout are noindex by design.
// `shows` is markup the page must carry, so a cart that came out empty or a checkout that asks to sign in first is
// not what gets measured.
const PAGES = [
  { name: "home", path: "/", seo: true },
  { name: "category", path: "/categories/hex-bolts", seo: true },
  { name: "product", path: product.path, seo: true },
  { name: "search", path: "/search?q=bolt", seo: false },
  { name: "cart", path: "/cart", seo: false, cookie: guestCart, shows: 'class="cart-lines"' },
  { name: "sign-in", path: "/account/sign-in", seo: false },
  { name: "checkout", path: "/checkout", seo: false, cookie: session, shows: 'class="checkout"' },
];
for (const page of PAGES.filter((p) => p.shows)) {
  const html = await (await fetch(`${base}${page.path}`, { headers: { cookie: page.cookie } })).text();
  if (!html.includes(page.shows)) throw new Error(`${page.name}: ${page.path} does not show ${page.shows}`);
}

/** One Lighthouse run in a browser of its own, so no run inherits another's cache, connections or compiled wasm. */
async function audit(page) {
  const chrome = await chromeLauncher.launch({
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const result = await lighthouse(
      `${base}${page.path}`,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: CATEGORIES,
        // Screenshots score nothing and take a good part of each run.
        skipAudits: ["screenshot-thumbnails", "final-screenshot", "full-page-screenshot"],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      },
      undefined,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${page.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    // A page that answered with an error (or sent a signed-in page to sign-in) would be measured as something else.
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(`${base}${page.path}`).pathname) {
      throw new Error(`${page.name}: ${page.path} ended at ${lhr.finalDisplayedUrl}`);
    }
    return lhr;
  } finally {
    await chrome.kill();
  }
}

const score = (lhr, category) => Math.round((lhr.categories[category].score ?? 0) * 100);

/** What cost a category points in one run: each scored audit below full marks. */
const shortfalls = (lhr, category) =>
  lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1);

/** An audit's result with the elements or files it names. */
function describe(a) {
  const items = (a.details?.items ?? [])
    .map((item) => item.node?.selector ?? item.url ?? item.source?.url ?? item.description)
    .filter(Boolean)
    .slice(0, 5);
  const value = a.displayValue ? ` (${a.displayValue})` : "";
  return `      ${a.id} ${Math.round(a.score * 100)}${value}: ${a.title}${items.length ? `\n        ${items.join("\n        ")}` : ""}`;
}

fs.mkdirSync(out, { recursive: true });
const started = Date.now();
const failures = [];
const rows = [];
for (const page of PAGES) {
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const lhr = await audit(page);
    results.push(lhr);
    console.log(`${page.name} run ${run}: ${CATEGORIES.map((c) => `${c} ${score(lhr, c)}`).join(", ")}`);
  }
  const row = { page: page.name };
  for (const category of CATEGORIES) {
    const sorted = results.map((lhr) => score(lhr, category)).sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    row[category] = median;
    const run = results.find((lhr) => score(lhr, category) === median);
    if (category !== "seo" || page.seo) {
      if (median < BUDGET[category]) {
        failures.push(
          `  ${page.name} (${page.path}): ${category} ${median}, budget ${BUDGET[category]}\n${shortfalls(run, category).map(describe).join("\n")}`,
        );
      }
    } else {
      // A noindex page may lose SEO points for being noindex, and for nothing else.
      const other = shortfalls(run, category).filter((a) => a.id !== "is-crawlable");
      if (other.length) {
        failures.push(`  ${page.name} (${page.path}): seo ${median}, not only for noindex\n${other.map(describe).join("\n")}`);
      }
      row[category] = `(${median})`;
    }
  }
  // The run with the median performance score, for reading the details in Lighthouse's viewer.
  const sorted = [...results].sort((a, b) => score(a, "performance") - score(b, "performance"));
  fs.writeFileSync(path.join(out, `${page.name}.json`), JSON.stringify(sorted[Math.floor((sorted.length - 1) / 2)]));
  rows.push(row);
}

console.log(`\nLighthouse, mobile, median of ${runs} runs (in brackets: SEO of a noindex page, which may lose points for that alone)`);
console.table(rows);
console.log(
  `budgets: ${CATEGORIES.map((c) => `${c} ≥ ${BUDGET[c]}`).join(", ")}; ${PAGES.length} pages × ${runs} runs in ${Math.round((Date.now() - started) / 1000)} s; reports in ${out}`,
);
if (failures.length) {
  console.error(`\nlighthouse: below budget:\n${failures.join("\n")}`);
  process.exit(1);
}
