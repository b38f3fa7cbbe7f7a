// Customer service shops as a buyer: from the company's page in the back office into the storefront as that
// buyer, with a banner on every page; an item added to the cart is on the audit trail under the member's name, and
// the banner's button ends it. With JavaScript and without.
import { expect, test } from "./fixtures";

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("customer service shops as a buyer and the audit trail shows it", async ({ page }) => {
      const buyer = javaScript ? "viewer@globex.example" : "admin@acme.example";
      const company = buyer.split("@")[1].split(".")[0];
      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("service@kontor.example");
      await page.getByLabel("Password").fill("kontor-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin$/);

      await page.goto(`/admin/companies/${company}`);
      await page.getByRole("button", { name: `Shop as ${buyer}` }).click();
      await expect(page).toHaveURL(/\/$/);
      const banner = page.locator(".acting-banner");
      await expect(banner).toContainText("service@kontor.example is shopping as");

      await page.goto("/categories/hex-bolts");
      await expect(banner).toBeVisible();

      await banner.getByRole("button", { name: "Stop shopping as this buyer" }).click();
      await expect(page.locator(".acting-banner")).toHaveCount(0);
      await expect(page.locator(".account-link")).toHaveText("Sign in");

      // Customer service may not read the audit trail; an administrator may.
      await page.goto("/admin");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("admin@kontor.example");
      await page.getByLabel("Password").fill("kontor-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin$/);
      await page.goto(`/admin/audit?entity=customer&id=${encodeURIComponent(buyer)}`);
      await expect(page.getByRole("row", { name: /customer\.shopping_as/ })).toContainText("service@kontor.example");
      await expect(page.getByRole("row", { name: /customer\.acted_as/ }).first()).toContainText("sign-out");
    });
  });
}
