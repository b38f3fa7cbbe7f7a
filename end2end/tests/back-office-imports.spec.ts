// A catalog manager imports a Shopify product CSV with broken rows from the browser, with JavaScript and without:
// the page shows the import's progress, then what was written and every bad line with its number; the rest of the
// file is in the shop, and a buyer finds it.
import { expect, test } from "./fixtures";

function shopifyCsv(tag: string) {
  return [
    "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty",
    `e2e-hose-${tag},Import Hose ${tag},<p>Kink-free.</p>,Aqua,Garden Hoses,Length,25 m,IH-${tag}-25,29.90,10`,
    `e2e-hose-${tag},,,,,Length,50 m,IH-${tag}-50,49.90,4`,
    `e2e-nozzle-${tag},Import Nozzle ${tag},,Aqua,Garden Hoses,Title,Default Title,IN-${tag},abc,5`,
    `,Orphan,,Aqua,Garden Hoses,Title,Default Title,IO-${tag},1.00,5`,
  ].join("\r\n");
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a CSV with broken rows imports the rest from the browser", async ({ page }) => {
      const tag = javaScript ? "js" : "html";
      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("catalog@kontor.example");
      await page.getByLabel("Password").fill("kontor-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin$/);

      await page.getByRole("link", { name: "Imports", exact: true }).click();
      await page.getByLabel("The file holds").selectOption("products");
      await page.getByLabel("File (CSV or NDJSON, UTF-8)").setInputFiles({
        name: `products-${tag}.csv`,
        mimeType: "text/csv",
        buffer: Buffer.from(shopifyCsv(tag)),
      });
      await page.getByRole("button", { name: "Import" }).click();
      await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
      await expect(page.getByRole("status")).toContainText("Done: 1 written, 2 bad lines.", { timeout: 20_000 });
      await expect(page.getByRole("row", { name: /^4 / })).toContainText("price");
      await expect(page.getByRole("row", { name: /^5 / })).toContainText("handle");
      await expect(page.getByRole("link", { name: "Download the bad lines (CSV)" })).toBeVisible();

      // The search index follows the catalog within moments of the import.
      await expect(async () => {
        await page.goto(`/search?q=Import+Hose+${tag}`);
        await expect(page.getByRole("link", { name: `Import Hose ${tag}` }).first()).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
    });
  });
}
