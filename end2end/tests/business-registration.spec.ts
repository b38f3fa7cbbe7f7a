// A business registers from the storefront, with JavaScript and without: it is signed in as its company's admin and
// told it waits for approval; customer service sees it waiting on the dashboard and approves it.
import { expect, test } from "./fixtures";

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a business registers and customer service approves it", async ({ page }) => {
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      const company = `Hanse Bau ${tag}`;
      await page.goto("/account/sign-up");
      await page.getByRole("link", { name: "Register your business" }).click();
      await page.getByLabel("Company name").fill(company);
      await page.getByLabel("Street and number").fill("Kaistraße 5");
      await page.getByLabel("Postal code").fill("20457");
      await page.getByLabel("City").fill("Hamburg");
      await page.getByLabel("Country (two letters, such as DE)").fill("DE");
      await page.getByLabel("Your name").fill("Jana Brandt");
      await page.getByLabel("Email").fill(`jana-${tag}@hanse.example`);
      await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
      await page.getByRole("button", { name: "Register business" }).click();
      await expect(page).toHaveURL(/\/account\?registered=business$/);
      await expect(page.getByRole("status")).toContainText("Your business is registered");
      await expect(page.locator("main")).toContainText(company);

      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("service@kontor.example");
      await page.getByLabel("Password").fill("kontor-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin$/);
      await page.getByRole("link", { name: company }).click();
      await page.getByRole("button", { name: `Approve ${company}` }).click();
      await expect(page.getByRole("status")).toContainText("Approved the business");
    });
  });
}
