// axe-core on every page type, with JavaScript on (so islands have hydrated and changed the DOM they own): the
// storefront as a guest, as a company buyer, as a new buyer through cart, checkout and the order it places, and as a
// company's admin, and the back office as its owner. Every page must have no violation of WCAG 2.0, 2.1 and 2.2 A
// and AA or of axe's best practices. Each page is checked softly, so one run lists every page that fails, each
// violation with its rule, impact, elements and help.
import { AxeBuilder } from "@axe-core/playwright";

import { expect, test, type Page } from "./fixtures";
import { DEMO_PASSWORD, PASSWORD, accountPages, newBuyer, signIn, staffSignIn } from "./people";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Checks the page, or only the part `within` selects, with every stylesheet it links applied. */
async function audit(page: Page, name: string, within?: string) {
  // After a form post the next page may still be loading its stylesheet.
  await page.waitForLoadState("load");
  // Unstyled, a page has other contrast and target sizes than the one buyers see: the audit would judge the wrong page.
  // A sheet that failed to load is still there but empty, and its rules cannot be read.
  const unstyled = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')]
      .filter((l) => {
        try {
          return !l.sheet?.cssRules.length;
        } catch {
          return true;
        }
      })
      .map((l) => l.href),
  );
  expect.soft(unstyled, `${name} (${page.url()}): stylesheets that did not load`).toEqual([]);
  const axe = new AxeBuilder({ page }).withTags(TAGS);
  if (within) axe.include(within);
  const { violations } = await axe.analyze();
  const found = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(" ")}: ${v.help}\n    ${n.failureSummary ?? ""}`),
  );
  expect.soft(found, `${name} (${page.url()}) has accessibility violations:\n  ${found.join("\n  ")}`).toEqual([]);
}

async function visit(page: Page, path: string, name: string) {
  const response = await page.goto(path);
  expect(response?.ok(), `${name}: ${path} answered ${response?.status()}`).toBe(true);
  await audit(page, name);
}

/** The first link in the page's main content whose address starts with `prefix` and goes deeper than it. */
async function firstLink(page: Page, prefix: string): Promise<string> {
  const href = await page.locator(`main a[href^="${prefix}"]`).evaluateAll(
    (links, prefix) =>
      links
        .map((a) => a.getAttribute("href") ?? "")
        .find((h) => h.length > prefix.length && !h.includes("?") && !h.endsWith("/new")),
    prefix,
  );
  expect(href, `a link to ${prefix}… on ${page.url()}`).toBeTruthy();
  return href!;
}

async function addToCart(page: Page): Promise<string> {
  await page.goto("/categories/hex-bolts");
  const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
  await card.locator(".card-title a").click();
  await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator(".form-status .ok")).toBeVisible();
  return new URL(page.url()).pathname;
}

test("a guest's pages have no accessibility violations", async ({ page }) => {
  // Thirteen pages with an audit each, some hydrating an island's chunk first.
  test.slow();
  await visit(page, "/", "home");
  // The search box's suggestions only show (and only then count) once the buyer types. Only the search box is
  // checked then: the open list covers part of the page, which axe would take for targets too close together.
  await page.waitForLoadState("networkidle");
  await page.getByRole("searchbox").pressSequentially("hex bol", { delay: 30 });
  await expect(page.getByTestId("suggestions").getByRole("link").first()).toBeVisible();
  await audit(page, "search suggestions", "form.search-box");
  await visit(page, "/categories/hex-bolts", "category");
  await visit(page, "/search?q=bolt", "search");
  await visit(page, "/search?q=zzzzqqq", "search without results");
  await visit(page, "/cart", "empty cart");
  const product = await addToCart(page);
  await audit(page, "product, added to the cart");
  await visit(page, product, "product");
  await visit(page, "/cart", "cart");
  await visit(page, "/account/sign-in", "sign-in");
  await visit(page, "/account/sign-up", "sign-up");
  await visit(page, "/account/register-business", "business registration");
  await visit(page, "/account/forgot", "forgotten password");
  const missing = await page.goto("/products/no-such-product");
  expect(missing?.status()).toBe(404);
  await audit(page, "not found");
});

test("a company buyer's pages have no accessibility violations", async ({ page }) => {
  test.slow();
  await signIn(page, "buyer@acme.example", DEMO_PASSWORD);
  await visit(page, "/", "home, signed in");
  await visit(page, "/categories/hex-bolts", "category, signed in");
  await visit(page, "/search?q=bolt", "search, signed in");
  await visit(page, await firstLink(page, "/products/"), "product, signed in");
  await accountPages(page, (path, name) => visit(page, path, name));
});

test("a new buyer's cart, checkout and order have no accessibility violations", async ({ page, browser }) => {
  const email = `axe-${Date.now()}@example.com`;
  await newBuyer(browser, page, "acme", email, true);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await audit(page, "account of a new buyer");
  await visit(page, "/account/orders", "orders, none yet");
  await addToCart(page);
  await visit(page, "/cart", "cart, signed in");
  await visit(page, "/checkout", "checkout");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/checkout\/confirmation\//);
  await audit(page, "confirmation");
  const order = await page.getByRole("link", { name: "View the order" }).getAttribute("href");
  await visit(page, order!, "order");
  await visit(page, `${order}/invoice`, "invoice");
  await visit(page, "/account/orders", "orders");

  // The demo shop has no orders of its own, so the back office's order desk is checked on this one.
  const staff = await (await browser.newContext()).newPage();
  await staffSignIn(staff, "owner@kontor.example");
  await visit(staff, `/admin/orders/${order!.split("/").pop()}`, "order desk");
  await staff.context().close();
});

test("a company admin's pages have no accessibility violations", async ({ page }) => {
  await signIn(page, "admin@globex.example", DEMO_PASSWORD);
  await audit(page, "account of a company admin");
  await visit(page, "/account/approvals", "approvals of a company admin");
});

test("the back office's pages have no accessibility violations", async ({ page }) => {
  // Every back-office page is audited in this one test: on a slow machine that takes longer than one page's share.
  test.slow();
  await visit(page, "/admin/sign-in", "back-office sign-in");
  await staffSignIn(page, "owner@kontor.example");
  await audit(page, "dashboard");
  await visit(page, "/admin/products", "products");
  await visit(page, await firstLink(page, "/admin/products/"), "product editor");
  await visit(page, "/admin/products/new", "new product");
  await visit(page, "/admin/orders", "orders desk");
  await visit(page, "/admin/quotes", "quotes desk");
  await visit(page, await firstLink(page, "/admin/quotes/"), "quote desk");
  await visit(page, "/admin/customers", "customers");
  await visit(page, "/admin/companies", "companies");
  await visit(page, await firstLink(page, "/admin/companies/"), "company");
  await visit(page, "/admin/settings", "settings");
});
