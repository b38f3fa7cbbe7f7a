// Approvals as a company uses them, with JavaScript and without: staff add a new buyer to Globex, who chooses a
// password by the emailed link; Globex's admin gives them an order limit in the account area; their next order
// waits for approval with its goods held, and their account page says so; the admin approves it with a comment
// and the order goes ahead. A new buyer each run, so the runs' carts stay apart; Globex's admin only decides.
import { expect, test, type Page } from "./fixtures";
import { DEMO_PASSWORD, PASSWORD, newBuyer } from "./people";

async function signIn(page: Page, email: string, password: string, next: string) {
  await page.goto(`/account/sign-in?next=${next}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${next}$`));
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer over their limit places an order that waits, and the company's admin approves it", async ({
      page,
      browser,
    }) => {
      const email = `approval-${javaScript ? "js" : "html"}${Date.now()}@example.com`;

      // Staff add the buyer to Globex; the buyer chooses a password by the emailed link.
      await newBuyer(browser, page, "globex", email, javaScript);

      // Globex's admin gives them an order limit of 1.
      const admin = await browser.newPage({ javaScriptEnabled: javaScript });
      await signIn(admin, "admin@globex.example", DEMO_PASSWORD, "/account/approvals");
      const limits = admin.locator("form", { has: admin.getByLabel(`Order limit of ${email}`) });
      await limits.getByLabel(`Order limit of ${email}`).fill("1");
      await limits.getByRole("button", { name: "Save" }).click();
      await expect(admin.getByRole("status")).toHaveText("Saved.");

      // The buyer orders two hex bolts; the order waits.
      await signIn(page, email, PASSWORD, "/account");
      await expect(page.getByTestId("budget")).toContainText("Order limit");
      await page.goto("/categories/hex-bolts");
      const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
      await card.locator(".card-title a").click();
      if (javaScript) await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
      await page.locator('.buy-box input[name="quantity"]').fill("2");
      await page.getByRole("button", { name: "Add to cart" }).click();
      if (javaScript) await expect(page.locator(".form-status .ok")).toBeVisible();
      else await expect(page).toHaveURL(/\/cart$/);
      await page.goto("/checkout");
      await page.getByRole("button", { name: "Place order" }).click();
      await expect(page.locator("h1")).toHaveText("Your order waits for approval");
      const href = await page.getByRole("link", { name: "View the order" }).getAttribute("href");
      const number = href!.split("/").pop()!;
      await page.goto("/account");
      await expect(page.getByTestId("approval")).toContainText(`Order ${number}`);
      await expect(page.getByTestId("approval")).toContainText("over the buyer's order limit");
      await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

      // The admin approves it; the order goes ahead.
      await admin.goto("/account/approvals");
      const waiting = admin.getByTestId("approval").filter({ hasText: `Order ${number}` });
      await waiting.getByLabel("Comment for the buyer (optional)").fill("Fine for the workshop");
      await waiting.getByRole("button", { name: "Approve" }).click();
      await expect(admin.getByRole("status")).toHaveText("Saved.");
      await expect(admin.getByTestId("approval").filter({ hasText: `Order ${number}` })).toHaveCount(0);
      await admin.close();
      await page.goto(`/account/orders/${number}`);
      await expect(page.locator(".order-head .status")).toHaveText("Placed");
    });
  });
}
