// A catalog manager creates a product with two variants as a draft, publishes it, adds an image, and a buyer finds
// it by search with its image:
// with JavaScript and without, every step a plain form.
import { expect, test } from "./fixtures";

// A 2 × 2 PNG: the smallest real image, read by its content on the server.
const PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a catalog manager creates a product with two variants, publishes it, and a buyer finds it", async ({
      page,
    }) => {
      const tag = javaScript ? "js" : "html";
      const name = `Cordless Drill ${tag.toUpperCase()}`;
      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("catalog@kontor.example");
      await page.getByLabel("Password").fill("kontor-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin$/);

      await page.getByRole("link", { name: "Products", exact: true }).click();
      await page.getByRole("link", { name: "New product" }).click();
      const product = page.getByRole("group", { name: "Product", exact: true });
      await product.getByLabel("Name", { exact: true }).fill(name);
      await product.getByLabel("Handle (address)").fill(`e2e-drill-${tag}`);
      await product.getByLabel("Category").selectOption("hand-tools");
      let variant = page.getByRole("group", { name: "New variant" });
      await variant.getByLabel("SKU").fill(`E2E-DR-${tag}-12`);
      await variant.getByLabel("Options").fill("Voltage: 12 V");
      await variant.getByLabel("Price", { exact: true }).fill("89.00");
      await variant.getByLabel("Volume breaks").fill("10: 85.00");
      await page.getByRole("button", { name: "Save product" }).click();
      await expect(page).toHaveURL(new RegExp(`/admin/products/e2e-drill-${tag}\\?saved=product$`));
      await expect(page.getByRole("status")).toHaveText("Saved the product.");

      // A draft is not in the shop.
      const hidden = await page.request.get(`/products/e2e-drill-${tag}`);
      expect(hidden.status()).toBe(404);

      // The second variant goes in the empty row; the status goes to active.
      variant = page.getByRole("group", { name: "New variant" });
      await variant.getByLabel("SKU").fill(`E2E-DR-${tag}-18`);
      await variant.getByLabel("Options").fill("Voltage: 18 V");
      await variant.getByLabel("Price", { exact: true }).fill("129.00");
      await page.getByRole("group", { name: "Publishing" }).getByLabel("Status").selectOption("active");
      await page.getByRole("button", { name: "Save product" }).click();
      await expect(page.getByRole("status")).toHaveText("Saved the product.");
      await expect(page.getByRole("group", { name: `E2E-DR-${tag}-18` })).toBeVisible();

      // An image from the plain file field: made into its widths, shown in the shop with its alt text.
      await page.getByLabel(/^Image \(PNG, JPEG or WebP/).setInputFiles({
        name: `drill-${tag}.png`,
        mimeType: "image/png",
        buffer: Buffer.from(PIXEL_PNG, "base64"),
      });
      await page.getByLabel("Alt text", { exact: true }).last().fill(`${name} from the side`);
      await page.getByRole("button", { name: "Upload image" }).click();
      await expect(page.getByRole("status")).toContainText("Added the image");

      // The list shows it active with its two variants.
      await page.goto(`/admin/products?q=E2E-DR-${tag}-18`);
      await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Active");

      await expect(async () => {
        await page.goto(`/search?q=${encodeURIComponent(name)}`);
        await expect(page.getByRole("link", { name }).first()).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await page.getByRole("link", { name }).first().click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
      await expect(page.getByText(`E2E-DR-${tag}-18`).first()).toBeVisible();
      const image = page.getByRole("img", { name: `${name} from the side` });
      await expect(image).toBeVisible();
      await expect(image).toHaveAttribute("src", /^\/media\/uploads\/[0-9a-f]+\/\d+\.png$/);
    });
  });
}
