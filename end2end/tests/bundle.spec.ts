// What each page type makes a phone download to become interactive: the wasm and JS it loads from /pkg (the main
// module and the lazily loaded chunks of the islands it holds), as brotli at quality 11 like bench/sizes.sh, at
// most 150 KiB, for a guest and for a signed-in company buyer.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { expect, test, type Page } from "./fixtures";
import { DEMO_PASSWORD, signIn } from "./people";

const BUDGET = 150 * 1024;
const SITE = process.env.LEPTOS_SITE_ROOT ?? "../target/site";
const brotli = new Map<string, number>();

async function loaded(page: Page, path_: string, ready?: string): Promise<number> {
  const names = new Set<string>();
  const listen = (request: { url: () => string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/pkg/") && /\.(wasm|js)$/.test(url.pathname)) names.add(url.pathname);
  };
  page.on("request", listen);
  await page.goto(path_);
  if (ready) await expect(page.locator(ready)).toHaveAttribute("data-ready", "true");
  await page.waitForLoadState("networkidle");
  page.off("request", listen);
  let total = 0;
  for (const name of names) {
    if (!brotli.has(name)) {
      // The files as built: the same bytes the server sends.
      const body = fs.readFileSync(path.join(SITE, name));
      brotli.set(name, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
    }
    total += brotli.get(name)!;
  }
  expect(names.size, `${path_}: no bundle loaded`).toBeGreaterThan(0);
  console.log(`${path_}: ${(total / 1024).toFixed(1)} KiB brotli (${names.size} files)`);
  return total;
}

async function addToCart(page: Page) {
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator(".form-status .ok")).toBeVisible();
}

test("no page type loads more than 150 KiB of wasm and JS", async ({ page }) => {
  test.setTimeout(120_000);
  // Every page is measured as a first visit would fetch it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.goto("/categories/hex-bolts");
  const product = (await page.locator(".product-card .card-title a").first().getAttribute("href"))!;
  // This page's own chunks must not be counted as the next one's.
  await page.waitForLoadState("networkidle");
  const pages: [string, string?][] = [
    ["/"],
    ["/categories/hex-bolts"],
    ["/search?q=bolt"],
    [product, ".buy-box"],
  ];
  for (const [path_, ready] of pages) {
    expect(await loaded(page, path_, ready), path_).toBeLessThanOrEqual(BUDGET);
  }
  await addToCart(page);
  expect(await loaded(page, "/cart", ".cart"), "/cart").toBeLessThanOrEqual(BUDGET);
  expect(await loaded(page, "/account/sign-in"), "/account/sign-in").toBeLessThanOrEqual(BUDGET);

  await signIn(page, "buyer@acme.example", DEMO_PASSWORD);
  for (const [path_, ready] of [[product, ".buy-box"], ["/categories/hex-bolts"], ["/account"]] as [string, string?][]) {
    expect(await loaded(page, path_, ready), `${path_}, signed in`).toBeLessThanOrEqual(BUDGET);
  }
  await page.goto(product);
  await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  await addToCart(page);
  for (const path_ of ["/cart", "/checkout"]) {
    expect(await loaded(page, path_, path_ === "/cart" ? ".cart" : undefined), `${path_}, signed in`).toBeLessThanOrEqual(
      BUDGET,
    );
  }
});
