// Quick order as a buyer uses it, with JavaScript and without: twenty lines pasted from a spreadsheet, two of them
// with SKUs the shop does not know; eighteen go into the cart at once and the two stay on the page with the closest
// SKUs, ready to fix; and a CSV uploaded with the page's file field. A new buyer each run, so the runs' carts stay
// apart.
import { expect, test, type APIRequestContext } from "./fixtures";

/** `n` SKUs of the demo catalog that one unit of can be ordered now. */
async function orderableSkus(request: APIRequestContext, n: number) {
  const list = await (await request.get("/api/v1/products?limit=100")).json();
  const skus: string[] = [];
  for (const product of list.data) {
    const detail = await (await request.get(`/api/v1/products/${product.slug}`)).json();
    const variant = detail.variants[0];
    if (variant.stock === "in_stock" && variant.min_quantity === 1 && variant.quantity_step === 1) skus.push(variant.sku);
    if (skus.length === n) break;
  }
  expect(skus).toHaveLength(n);
  return skus;
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer pastes 20 lines and gets 18 in the cart with suggestions for the other two", async ({
      page,
      request,
    }) => {
      const skus = await orderableSkus(request, 18);
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      await page.goto("/account/sign-up");
      await page.getByLabel("Your name").fill("Quick Buyer");
      await page.getByLabel("Email").fill(`quick-${tag}@example.com`);
      await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
      await page.getByRole("button", { name: "Create account" }).click();

      await page.getByRole("link", { name: "Quick order" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quick order");
      const lines = skus.map((sku) => `${sku}\t1`);
      lines.splice(5, 0, `${skus[2]}X\t3`);
      lines.push("QQ-0000000\t1");
      await page.getByLabel(/Or paste lines/).fill(`SKU\tQuantity\n${lines.join("\n")}`);
      await page.getByRole("button", { name: "Add to cart" }).click();

      await expect(page.getByRole("status")).toContainText("Added 18 lines to your cart.");
      const problems = page.locator(".quick-problems");
      await expect(problems.getByRole("heading")).toHaveText("2 lines were not added");
      await expect(problems.getByRole("row", { name: new RegExp(`${skus[2]}X`) })).toContainText(
        `Did you mean ${skus[2]}`,
      );
      await expect(problems.getByRole("row", { name: /QQ-0000000/ })).toContainText("no product has this SKU");
      await expect(page.getByLabel(/Or paste lines/)).toHaveValue(`${skus[2]}X 3\nQQ-0000000 1\n`);

      await page.getByRole("link", { name: "Go to the cart" }).click();
      for (const sku of skus) await expect(page.locator("main")).toContainText(sku);
    });

    test("a buyer uploads a CSV and the lines it can take go into the cart", async ({ page, request }) => {
      const skus = await orderableSkus(request, 2);
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      await page.goto("/account/sign-up");
      await page.getByLabel("Your name").fill("File Buyer");
      await page.getByLabel("Email").fill(`file-${tag}@example.com`);
      await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
      await page.getByRole("button", { name: "Create account" }).click();

      await page.goto("/quick-order");
      const csv = `SKU;Quantity\r\n${skus[0]};2\r\n${skus[1]};1\r\nQQ-0000000;1\r\n`;
      await page.getByLabel(/Or upload a file/).setInputFiles({
        name: "order.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await page.getByRole("button", { name: "Add the file to cart" }).click();
      await expect(page.getByRole("status")).toContainText("Added 2 lines to your cart.");
      await expect(page.locator(".quick-problems").getByRole("row", { name: /QQ-0000000/ })).toContainText("4");
    });
  });
}

test("the rows offer the buyer's usual SKUs, and a typed row goes into the cart", async ({ page, request }) => {
  const [sku] = await orderableSkus(request, 1);
  const email = `rows-${Date.now()}@example.com`;
  await page.goto("/account/sign-up");
  await page.getByLabel("Your name").fill("Row Buyer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  // A list the buyer keeps, made through the API as their ERP would.
  const session = await request.post("/api/v1/sessions", { data: { email, password: "a long enough password" } });
  const token = (await session.json()).token as string;
  const list = await request.post("/api/v1/shopping-lists", {
    headers: { authorization: `Bearer ${token}` },
    data: { name: "Usual", lines: [{ sku, quantity: 1 }] },
  });
  expect(list.status(), await list.text()).toBe(201);

  await page.goto("/quick-order");
  await expect(page.getByTestId("sku-suggestions").locator(`option[value="${sku}"]`)).toBeAttached();
  await expect(page.getByLabel("SKU, row 1", { exact: true })).toHaveAttribute("list", "sku-suggestions");
  await page.getByLabel("SKU, row 1", { exact: true }).fill(sku);
  await page.getByLabel("Quantity, row 1", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added 1 line to your cart.");
});
