// Shopping lists as a buyer keeps them, with JavaScript and without: a product put on a new list from its page, the
// list's quantity changed on the list page, the whole list put into the cart, and the cart kept as a list of its
// own. A new buyer each run, so the runs' lists and carts stay apart.
import { expect, test } from "./fixtures";

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer keeps a list from a product page, changes it and orders from it", async ({ page }) => {
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      await page.goto("/account/sign-up");
      await page.getByLabel("Your name").fill("List Keeper");
      await page.getByLabel("Email").fill(`lists-${tag}@example.com`);
      await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
      await page.getByRole("button", { name: "Create account" }).click();

      await page.goto("/categories/hex-bolts");
      const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
      await card.locator(".card-title a").click();
      const sku = ((await page.locator(".product-variants tbody td.sku").first().textContent()) ?? "").trim();
      await page.getByText("Add to a list").click();
      const form = page.locator(".add-to-list form");
      await form.getByLabel("Quantity").fill("5");
      await form.getByLabel("Name, for a new list").fill("Bolts");
      await form.getByRole("button", { name: "Add to the list" }).click();
      await expect(page.locator(".alert[role=status]")).toContainText("Added to Bolts.");

      await page.locator(".alert[role=status]").getByRole("link", { name: "Bolts" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bolts");
      const quantity = page.getByLabel(`Quantity of ${sku}`);
      await expect(quantity).toHaveValue("5");
      await quantity.fill("7");
      await page.getByRole("button", { name: "Save quantities" }).click();
      await expect(page.locator(".alert[role=status]")).toHaveText("The list is saved.");
      await expect(page.getByLabel(`Quantity of ${sku}`)).toHaveValue("7");

      await page.getByRole("button", { name: "Add all to cart" }).click();
      await expect(page).toHaveURL(/\/cart\?notice=list$/);
      await expect(page.locator(".alert[role=status]")).toContainText("The list's lines are in your cart.");
      await expect(page.locator("main")).toContainText(sku);

      await page.getByText("Save the cart as a list").click();
      await page.getByLabel("List name").fill("From the cart");
      await page.getByRole("button", { name: "Save as list" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("From the cart");
      await expect(page.locator(".list-lines")).toContainText(sku);

      await page.goto("/account/lists");
      await expect(page.locator("table.lists")).toContainText("Bolts");
      await expect(page.locator("table.lists")).toContainText("From the cart");
    });
  });
}
