// A new person in a demo company, as a company gets one: staff add them in the back office, and they choose a
// password by the emailed link. Each run makes its own person, so the runs' carts and orders stay apart.
import { expect, type Browser, type Page } from "./fixtures";
import { mailedLink } from "./mail";

export const DEMO_PASSWORD = "kontor-demo";
export const PASSWORD = "a long enough password";

/** Adds `email` to `company` as a buyer (staff working with or without JavaScript) and sets their password. */
export async function newBuyer(browser: Browser, page: Page, company: string, email: string, javaScript: boolean) {
  const staff = await browser.newPage({ javaScriptEnabled: javaScript });
  await staffSignIn(staff, "service@kontor.example");
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

/** Signs a buyer in to the storefront; they land on their account. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/account/sign-in?next=/account");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** Signs a member of the demo's staff in to the back office. */
export async function staffSignIn(page: Page, email: string) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

/**
 * Walks a signed-in demo buyer's account pages (account, quick order, lists and a list, quotes and a quote, orders,
 * approvals), calling `each` with the path and a name for every one.
 */
export async function accountPages(page: Page, each: (path: string, name: string) => Promise<void>) {
  await each("/account", "account");
  await each("/quick-order", "quick order");
  await each("/account/lists", "lists");
  const list = await page.getByRole("link", { name: "Workshop restock" }).first().getAttribute("href");
  await each(list!, "list");
  await each("/account/quotes", "quotes");
  const quote = await page.locator('[data-testid="quote"] a').first().getAttribute("href");
  await each(quote!, "quote");
  await each("/account/orders", "orders");
  await each("/account/approvals", "approvals");
}
