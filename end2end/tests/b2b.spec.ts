// The B2B path: a company buyer signs in, sees the company's contract price, checks out on account with a PO
// number, finds the order in the history and reorders it; a viewer of the same company sees the order but cannot
// order; a buyer of another company cannot open it. Runs with JavaScript and without (plain HTML forms). The two
// runs use different people of ACME, as a company account's cart is per person and the runs are concurrent.
import { expect, test, type Page } from "./fixtures";

const PASSWORD = "kontor-demo";

/** The first amount in a text such as "€1,234.50 excl. VAT". */
function euros(text: string | null) {
  const match = (text ?? "").match(/\d[\d,]*(\.\d+)?/);
  return match ? Number(match[0].replace(/,/g, "")) : NaN;
}

async function signIn(page: Page, email: string, next: string) {
  await page.goto(`/account/sign-in?next=${next}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`));
  await expect(page.locator(".account-link")).toHaveText("Account");
}

async function signOut(page: Page) {
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".account-link")).toHaveText("Sign in");
}

async function orderOnAccount(page: Page, email: string, po: string, javaScript: boolean) {
  // Hex bolts carry ACME's contract prices: 15 % below list.
  await page.goto("/categories/hex-bolts");
  const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
  await card.locator(".card-title a").click();
  const productPath = new URL(page.url()).pathname;
  const listPrice = euros(await page.getByTestId("price").textContent());

  await signIn(page, email, productPath);
  const contractPrice = euros(await page.getByTestId("price").textContent());
  expect(contractPrice).toBeCloseTo(listPrice * 0.85, 1);
  expect(contractPrice).toBeLessThan(listPrice);

  if (javaScript) {
    await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  }
  await page.locator('.buy-box input[name="quantity"]').fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (javaScript) {
    await expect(page.locator(".form-status .ok")).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/cart$/);
  }

  await page.goto("/checkout");
  await expect(page.locator("h1")).toHaveText("Checkout");
  await expect(page.getByLabel(/Invoice, net 30/)).toBeChecked();
  await page.getByLabel("Your purchase-order number (optional)").fill(po);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.locator("h1")).toHaveText("Thank you for your order");
  await expect(page.locator(".confirmation")).toContainText(po);
  const href = await page.getByRole("link", { name: "View the order" }).getAttribute("href");
  const number = href!.split("/").pop()!;
  return { number, productPath };
}

async function findAndReorder(page: Page, number: string, po: string) {
  await page.goto("/account/orders");
  await page.locator('.order-filters select[name="status"]').selectOption("placed");
  await page.locator('.order-filters input[name="q"]').fill(po);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=placed/);
  await expect(page.locator(".orders tbody tr")).toHaveCount(1);
  await page.getByRole("link", { name: number }).click();
  await expect(page.locator("h1")).toHaveText(`Order ${number}`);
  await expect(page.locator(".order-meta")).toContainText(`PO ${po}`);
  await page.getByRole("button", { name: "Order again" }).click();
  await expect(page).toHaveURL(/\/cart\?notice=reordered$/);
  await expect(page.locator(".cart-lines tbody tr")).toHaveCount(1);
}

async function othersCheck(page: Page, number: string) {
  await signOut(page);
  await signIn(page, "viewer@acme.example", "/account");
  await page.goto(`/account/orders/${number}`);
  await expect(page.locator("h1")).toHaveText(`Order ${number}`);
  await expect(page.getByRole("button", { name: "Order again" })).toHaveCount(0);
  await page.goto("/checkout");
  await expect(page.getByRole("button", { name: "Place order" })).toHaveCount(0);

  await signOut(page);
  await signIn(page, "buyer@globex.example", "/account");
  for (const path of [`/account/orders/${number}`, `/account/orders/${number}/invoice`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
  }
  await page.goto("/account/orders");
  await expect(page.getByRole("link", { name: number })).toHaveCount(0);
}

test.describe("with JavaScript", () => {
  test("a company buyer orders on account with a PO number and reorders; others see only what they may", async ({ page }) => {
    const po = `PO-JS-${Date.now()}`;
    const { number } = await orderOnAccount(page, "buyer@acme.example", po, true);
    await findAndReorder(page, number, po);
    await othersCheck(page, number);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same path works with plain HTML forms", async ({ page }) => {
    const po = `PO-HTML-${Date.now()}`;
    const { number } = await orderOnAccount(page, "admin@acme.example", po, false);
    await findAndReorder(page, number, po);
    await othersCheck(page, number);
  });
});
