// The order desk as an order manager works it: a company's order found in the back office's list, a unit added to
// it, confirmed and part of it shipped with a tracking number through the order page's forms; then the buyer sees the parcel's
// tracking on their order page and in the API's order JSON. Runs with JavaScript and without; the back office's
// pages are plain forms either way. The two runs use different people of Globex, so their carts stay apart.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";

const PASSWORD = "kontor-demo";

/** The buyer places an order of two hex bolts on account through the headless API; its number and the SKU. */
async function placeOrder(request: APIRequestContext, email: string) {
  const session = await request.post("/api/v1/sessions", { data: { email, password: PASSWORD } });
  expect(session.status()).toBe(201);
  const token = (await session.json()).token as string;
  const headers = { authorization: `Bearer ${token}` };
  const list = await (await request.get("/api/v1/products?q=hex+bolt&limit=1")).json();
  const product = await (await request.get(`/api/v1/products/${list.data[0].slug}`)).json();
  const sku = product.variants[0].sku as string;
  const cart = await request.post("/api/v1/carts", { headers, data: { sku, quantity: 2 } });
  expect(cart.status()).toBe(201);
  const order = await request.post("/api/v1/orders", {
    headers: { ...headers, "idempotency-key": `e2e-desk-${Date.now()}-${email.length}` },
    data: {
      ship_to: { name: "Goods in", line1: "Dock 4", postal_code: "20457", city: "Hamburg", country: "DE" },
      shipping_method: "parcel-eur",
      payment: "invoice",
      po_number: "DESK-E2E",
    },
  });
  expect(order.status(), await order.text()).toBe(201);
  return { number: (await order.json()).number as string, sku, token };
}

async function staffSignIn(page: Page) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill("orders@kontor.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });
    const buyer = javaScript ? "buyer@globex.example" : "admin@globex.example";

    test("an order manager ships part of an order and the buyer sees its tracking", async ({ page, request }) => {
      const { number, sku, token } = await placeOrder(request, buyer);
      const tracking = `JJD${Date.now()}`;

      await staffSignIn(page);
      await page.getByRole("link", { name: "Orders", exact: true }).click();
      await page.getByLabel("Search").fill(number);
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page.getByText("1 orders.")).toBeVisible();
      await page.getByRole("link", { name: number }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);

      // The buyer phoned: one more unit before anything ships.
      await page.getByLabel(`Units of ${sku}`, { exact: true }).fill("3");
      await page.getByRole("button", { name: "Save the lines" }).click();
      await expect(page.getByRole("status")).toContainText("Changed the lines");
      await expect(page.locator(".timeline")).toContainText(`${sku}: 2 → 3 units`);

      await page.getByRole("button", { name: "Confirm order" }).click();
      await expect(page.getByRole("status")).toContainText("Confirmed the order.");
      await page.getByLabel("Carrier").fill("DHL");
      await page.getByLabel("Tracking number").fill(tracking);
      await page.getByLabel(`Units of ${sku} to ship now`).fill("1");
      await page.getByRole("button", { name: "Ship these units" }).click();
      await expect(page.getByRole("status")).toContainText("Recorded the shipment");
      await expect(page.locator("dl.facts")).toContainText("Partially shipped");
      await expect(page.locator(".timeline")).toContainText(`DHL ${tracking}`);
      await expect(page.getByLabel(`Units of ${sku} to ship now`)).toHaveValue("2");
      await expect(page.getByRole("heading", { name: "Change lines" })).toHaveCount(0);

      await page.goto(`/account/sign-in?next=/account/orders/${number}`);
      await page.getByLabel("Email").fill(buyer);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(new RegExp(`/account/orders/${number}$`));
      await expect(page.locator("main")).toContainText(tracking);

      const order = await request.get(`/api/v1/orders/${number}`, { headers: { authorization: `Bearer ${token}` } });
      const json = await order.json();
      expect(json.status).toBe("partially_shipped");
      expect(json.shipments[0]).toMatchObject({ carrier: "DHL", tracking_number: tracking });
    });
  });
}
