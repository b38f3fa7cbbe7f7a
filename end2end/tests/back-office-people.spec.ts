// Customer service looks after the people who buy, with JavaScript and without: a business that registered is
// approved from its company page; a person is found in the customers list and disabled, after which their session
// is gone and their sign-in refused, then enabled again; and a company made in the back office gets its first admin.
import { expect, test, type Page } from "./fixtures";

async function staffSignIn(page: Page) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill("service@kontor.example");
  await page.getByLabel("Password").fill("kontor-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

async function buyerSignIn(page: Page, email: string) {
  await page.goto("/account/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("customer service approves a business, disables a person and enables them again", async ({ page }) => {
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      const company = `Nordlicht ${tag}`;
      const email = `ole-${tag}@nordlicht.example`;
      await page.goto("/account/register-business");
      await page.getByLabel("Company name").fill(company);
      await page.getByLabel("Street and number").fill("Hafenstraße 1");
      await page.getByLabel("Postal code").fill("24103");
      await page.getByLabel("City").fill("Kiel");
      await page.getByLabel("Country (two letters, such as DE)").fill("DE");
      await page.getByLabel("Your name").fill("Ole Jensen");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password (at least 10 characters)").fill("a long enough password");
      await page.getByRole("button", { name: "Register business" }).click();
      await expect(page).toHaveURL(/\/account\?registered=business$/);

      await staffSignIn(page);
      await page.getByRole("link", { name: company }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(company);
      await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("admin");
      await page.getByRole("button", { name: `Approve ${company}` }).click();
      await expect(page.getByRole("status")).toContainText("Approved the business");

      await page.getByRole("link", { name: "Customers", exact: true }).click();
      await page.getByLabel("Email or name contains").fill(email);
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText(company);
      await page.getByRole("button", { name: `Disable ${email}` }).click();
      await expect(page.getByRole("status")).toContainText("Disabled the person");

      // Their session ended with it, and they cannot sign in.
      await page.goto("/");
      await expect(page.locator(".account-link")).toHaveText("Sign in");
      await buyerSignIn(page, email);
      await expect(page.locator("main")).toContainText("This account is disabled");

      await page.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
      await page.getByRole("button", { name: `Enable ${email}` }).click();
      await expect(page.getByRole("status")).toContainText("Enabled the person");
      await buyerSignIn(page, email);
      await expect(page.locator(".account-link")).not.toHaveText("Sign in");
    });

    test("customer service creates a company and invites its first admin", async ({ page }) => {
      const tag = `${javaScript ? "js" : "html"}${Date.now()}`;
      const code = `e2e-${tag}`;
      await staffSignIn(page);
      await page.goto("/admin/companies");
      const form = page.locator("form", { has: page.getByRole("button", { name: "Save company" }) });
      await form.getByLabel("Code (the ERP's customer number)").fill(code);
      await form.getByLabel("Name", { exact: true }).fill(`Kontorwerk ${tag}`);
      await form.getByLabel("Country (two letters)").fill("AT");
      await form.getByRole("button", { name: "Save company" }).click();
      await expect(page.getByRole("status")).toContainText("Saved the company.");

      await page.goto(`/admin/companies/${code}`);
      await expect(page.getByRole("heading", { name: "Invite its first admin" })).toBeVisible();
      await page.getByLabel("Email").fill(`anna-${tag}@kontorwerk.example`);
      await page.getByLabel("Name", { exact: true }).fill("Anna Berger");
      await page.getByRole("button", { name: "Add and email an invitation" }).click();
      await expect(page.getByRole("status")).toContainText("Added the person");
      await expect(page.getByRole("row", { name: new RegExp(`anna-${tag}`) })).toContainText("admin");
      await expect(page.getByRole("heading", { name: "Add a person" })).toBeVisible();
    });
  });
}
