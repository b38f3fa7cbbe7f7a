// The shop's set-up in the back office as its staff do it, with plain forms (its pages ship no script): a price
// list made and its prices uploaded as a spreadsheet's CSV file, a warehouse that ships to one channel, and a
// company's credit limit changed by customer service; the dashboard as an order manager sees it.
import { expect, test, type Page } from "./fixtures";

test.use({ javaScriptEnabled: false });

const DEMO_PASSWORD = "kontor-demo";

async function signIn(page: Page, email: string) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

test("a catalog manager makes a price list and uploads its prices from a CSV file", async ({ page }) => {
  const code = `e2e-file-${Date.now()}`;
  await signIn(page, "catalog@kontor.example");
  await page.goto("/admin/price-lists");
  // Valid from far ahead, so the rest of the suite's prices stay as they are.
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Name", { exact: true }).fill("Uploaded in the browser");
  await page.getByLabel("Valid from (YYYY-MM-DD)").fill("2099-01-01");
  await page.getByLabel("For (everyone, customer_group:CODE, company:CODE; comma-separated)").fill("company:globex");
  await page.getByRole("button", { name: "Save price list" }).click();
  await expect(page.getByRole("status")).toContainText("Saved the price list.");

  const upload = page.locator('form[enctype="multipart/form-data"]');
  await upload.getByLabel("Price list").selectOption(code);
  await upload.getByLabel(/A CSV file/).setInputFiles({
    name: "prices.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('SKU;Price;Break\r\nKW-AC-WH-12;"21,50";24=20,80\r\nKW-AC-WH-1;-10%\r\n'),
  });
  await upload.getByRole("button", { name: "Upload prices" }).click();
  await expect(page.getByRole("status")).toContainText("Saved 2 prices.");

  await upload.getByLabel("Price list").selectOption(code);
  await upload.getByLabel(/A CSV file/).setInputFiles({
    name: "prices.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("SKU,Price\nNO-SUCH-SKU,1\n"),
  });
  await upload.getByRole("button", { name: "Upload prices" }).click();
  await expect(page.getByRole("alert")).toContainText("line 2");
});

test("a catalog manager sends a warehouse's stock to one channel only", async ({ page }) => {
  await signIn(page, "catalog@kontor.example");
  await page.goto("/admin/warehouses");
  await page.getByLabel("Code", { exact: true }).fill("alps");
  await page.getByLabel("Name", { exact: true }).fill("Alps depot");
  await page.getByLabel("Priority (lower ships first)").fill("3");
  await page.getByLabel("Ships to channels (codes, comma-separated; empty: every channel)").fill("shop-ch");
  await page.getByRole("button", { name: "Save warehouse" }).click();
  await expect(page.getByRole("status")).toContainText("Saved the warehouse.");
  await expect(page.getByRole("row", { name: /alps/ })).toContainText("shop-ch");
  await expect(page.getByRole("row", { name: /main/ })).toContainText("Every channel");
});

test("customer service changes a company's credit limit", async ({ page }) => {
  await signIn(page, "service@kontor.example");
  await page.goto("/admin/companies?code=globex#company-form");
  await page.getByLabel("Credit limit (empty: none)").fill("12345");
  await page.getByRole("button", { name: "Save company" }).click();
  await expect(page.getByRole("status")).toContainText("Saved the company.");
  await expect(page.getByRole("row", { name: /globex/ })).toContainText("12345");
});

test("an order manager's dashboard draws the month's orders without a script", async ({ page }) => {
  await signIn(page, "orders@kontor.example");
  await expect(page.getByRole("heading", { name: "Orders, last 30 days" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Orders per day over the last 30 days/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open orders" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Failed webhook deliveries" })).toHaveCount(0);
});
