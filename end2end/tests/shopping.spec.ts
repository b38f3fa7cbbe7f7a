// What a buyer does: open the shop, go to a category, open a product, add it to the cart, see the cart total.
// Every flow runs twice: with JavaScript (hydrated islands, no page reloads) and without (plain HTML forms).
import { expect, test, type Page } from "./fixtures";

async function openFirstProduct(page: Page) {
  await page.goto("/");
  await expect(page).toHaveTitle(/Kontor Supply/);
  const category = page.locator(".category-tile h3 a").first();
  const categoryName = (await category.textContent())?.trim() ?? "";
  await category.click();
  await expect(page.locator("h1")).toHaveText(categoryName);
  await expect(page.locator(".product-card").first()).toBeVisible();
  // The first in-stock product in the listing.
  const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
  const productName = (await card.locator(".card-title a").textContent())?.trim() ?? "";
  await card.locator(".card-title a").click();
  await expect(page.locator("h1")).toHaveText(productName);
  await expect(page).toHaveTitle(new RegExp(escape(productName)));
  return productName;
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The first amount in a text such as "€1,234.50 excl. VAT". */
function euros(text: string | null) {
  const match = (text ?? "").match(/\d[\d,]*(\.\d+)?/);
  return match ? Number(match[0].replace(/,/g, "")) : NaN;
}

test.describe("with JavaScript", () => {
  test("a buyer finds a product and adds it to the cart without a page reload", async ({ page }) => {
    const productName = await openFirstProduct(page);
    const price = euros(await page.getByTestId("price").textContent());
    await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
    const marker = await page.evaluate(() => ((window as any).__sameDocument = Math.random()));
    await page.locator('.buy-box input[name="quantity"]').fill("3");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.locator(".form-status .ok")).toContainText("Your cart holds 3 items");
    await expect(page.getByTestId("cart-count")).toHaveText("3");
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(marker);

    await page.getByRole("link", { name: "View cart" }).click();
    await expect(page.locator("h1")).toHaveText("Your cart");
    await expect(page.locator(".cart-lines tbody tr")).toHaveCount(1);
    await expect(page.locator(".cart-lines tbody tr").first()).toContainText(productName);
    const total = euros(await page.getByTestId("cart-subtotal").textContent());
    expect(total).toBeCloseTo(Math.round(price * 3 * 100) / 100, 2);
  });

  test("a buyer changes a quantity and removes a line in place", async ({ page }) => {
    await openFirstProduct(page);
    await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
    const price = euros(await page.getByTestId("price").textContent());
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await page.goto("/cart");
    await expect(page.locator(".cart")).toHaveAttribute("data-ready", "true");
    const marker = await page.evaluate(() => ((window as any).__sameDocument = Math.random()));
    await page.locator('.quantity-form input[name="quantity"]').fill("2");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("2");
    expect(euros(await page.getByTestId("cart-subtotal").textContent())).toBeCloseTo(Math.round(price * 2 * 100) / 100, 2);
    await page.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("0");
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(marker);
  });
});

test.describe("with JavaScript, errors", () => {
  test("asking for more than is in stock explains why without leaving the page", async ({ page }) => {
    await openFirstProduct(page);
    await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
    const url = page.url();
    await page.locator('.buy-box input[name="quantity"]').fill("99999");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.locator(".form-status .alert-error")).toContainText(/available|out of stock/);
    expect(page.url()).toBe(url);
    await expect(page.getByTestId("cart-count")).toHaveText("0");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a buyer finds a product and adds it to the cart with plain forms", async ({ page }) => {
    const productName = await openFirstProduct(page);
    const price = euros(await page.getByTestId("price").textContent());
    await page.locator('.buy-box input[name="quantity"]').fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.locator(".cart-lines tbody tr").first()).toContainText(productName);
    await expect(page.getByTestId("cart-count")).toHaveText("2");
    const total = euros(await page.getByTestId("cart-subtotal").textContent());
    expect(total).toBeCloseTo(Math.round(price * 2 * 100) / 100, 2);

    await page.locator('.quantity-form input[name="quantity"]').fill("5");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId("cart-count")).toHaveText("5");
    await page.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
  });

  test("asking for more than is in stock explains why on the product page", async ({ page }) => {
    await openFirstProduct(page);
    await page.locator('.buy-box input[name="quantity"]').fill("99999");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.locator(".alert-error")).toContainText(/available|out of stock/);
  });
});

test("a missing product answers a real 404 page", async ({ page }) => {
  const response = await page.goto("/products/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.locator("h1")).toHaveText("We could not find that page");
});

test("the browser console stays clean while a page hydrates", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await openFirstProduct(page);
  await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});

test("a buyer pages through a large category with plain links", async ({ page }) => {
  await page.goto("/categories/fasteners");
  const firstPage = await page.locator(".product-card .card-title a").allTextContents();
  expect(firstPage).toHaveLength(24);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/categories\/fasteners\?page=2$/);
  await expect(page).toHaveTitle(/page 2/);
  const secondPage = await page.locator(".product-card .card-title a").allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.some((name) => firstPage.includes(name))).toBe(false);
  await expect(page.locator('.pagination [aria-current="page"]')).toHaveText("2");
});
