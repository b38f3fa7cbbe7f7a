// A new person in a demo company, as a company gets one: staff add them in the back office, and they choose a
// password by the emailed link. Each run makes its own person, so the runs' carts and orders stay apart.
import { expect, type Browser, type Page } from "./fixtures";
import { mailedLink } from "./mail";

export const DEMO_PASSWORD = "kontor-demo";
export const PASSWORD = "a long enough password";

/** Adds `email` to `company` as a buyer (staff working with or without JavaScript) and sets their password. */
export async function newBuyer(browser: Browser, page: Page, company: string, email: string, javaScript: boolean) {
  const staff = await browser.newPage({ javaScriptEnabled: javaScript });
  await staff.goto("/admin/sign-in");
  await staff.getByLabel("Email").fill("service@kontor.example");
  await staff.getByLabel("Password").fill(DEMO_PASSWORD);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await expect(staff).toHaveURL(/\/admin$/);
  await staff.goto(`/admin/companies/${company}`);
  const add = staff.locator("form", { has: staff.getByRole("button", { name: "Add and email an invitation" }) });
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Name").fill("New Buyer");
  await add.getByLabel("Role").selectOption("buyer");
  await add.getByRole("button", { name: "Add and email an invitation" }).click();
  await expect(staff.getByRole("status")).toContainText("Added the person");
  await staff.close();
  await page.goto(await mailedLink(email, /\/account\/reset\?token=[0-9a-f]{64}/));
  await page.getByLabel("New password (at least 10 characters)").fill(PASSWORD);
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page).toHaveURL(/\/account\/sign-in/);
}
