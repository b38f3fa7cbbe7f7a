// Every page type on a 360 px phone, as a guest and as a signed-in company buyer: nothing is wider than the screen
// (on a phone the layout viewport grows with the content, so the document's width is compared with the device's,
// not with innerWidth), every control of the header sits inside it, and the categories open from a menu. A
// screenshot of each page at 390 px goes to the test output.
import { expect, test, type Page } from "./fixtures";
import { DEMO_PASSWORD, accountPages, signIn } from "./people";

const PHONE = 360;

async function fitsThePhone(page: Page, name: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name}: the page is ${width}px wide`).toBeLessThanOrEqual(PHONE);
  const outside = await page.evaluate((phone) => {
    const controls = document.querySelectorAll<HTMLElement>(
      ".site-header a, .site-header button, .site-header input, .site-header select, .site-header summary",
    );
    return [...controls]
      .filter((c) => c.offsetParent !== null)
      .filter((c) => {
        const box = c.getBoundingClientRect();
        return box.left < 0 || box.right > phone;
      })
      .map((c) => c.textContent?.trim() || c.getAttribute("aria-label") || c.tagName);
  }, PHONE);
  expect(outside, `${name}: header controls off the screen`).toEqual([]);
}

async function check(page: Page, path: string, name: string) {
  await page.setViewportSize({ width: PHONE, height: 740 });
  await page.goto(path);
  await fitsThePhone(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true });
}

test.use({ isMobile: true, hasTouch: true, viewport: { width: PHONE, height: 740 } });

test("a guest's pages fit a 360 px phone", async ({ page }) => {
  await check(page, "/", "home");
  await check(page, "/categories/hex-bolts", "category");
  await check(page, "/search?q=bolt", "search");
  await page.goto("/categories/hex-bolts");
  const product = await page.locator(".product-card .card-title a").first().getAttribute("href");
  await check(page, product!, "product");
  await check(page, "/cart", "cart");
  await check(page, "/account/sign-in", "sign-in");
});

test("the categories open from a menu that works without JavaScript", async ({ browser }) => {
  const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: PHONE, height: 740 } });
  await page.goto("/");
  const menu = page.locator("details.category-menu");
  await expect(menu.getByRole("link", { name: "Fasteners" })).toBeHidden();
  await menu.locator("summary").click();
  await menu.getByRole("link", { name: "Fasteners" }).click();
  await expect(page).toHaveURL(/\/categories\/fasteners$/);
  await page.close();
});

test("a signed-in buyer's pages fit a 360 px phone", async ({ page }) => {
  await signIn(page, "buyer@acme.example", DEMO_PASSWORD);
  await accountPages(page, (path, name) => check(page, path, name));

  // Checkout with something in the cart.
  await page.goto("/categories/hex-bolts");
  const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
  await card.locator(".card-title a").click();
  await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator(".form-status .ok")).toBeVisible();
  await check(page, "/cart", "cart-signed-in");
  await check(page, "/checkout", "checkout");

  // The order it places.
  await page.setViewportSize({ width: PHONE, height: 740 });
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/checkout\/confirmation\//);
  await fitsThePhone(page, "confirmation");
  const order = await page.getByRole("link", { name: "View the order" }).getAttribute("href");
  await check(page, order!, "order");
  await check(page, `${order}/invoice`, "invoice");
});
