// The back office in the browser, with JavaScript and without (its pages ship no script, so both must work with
// plain forms): a new shop set up with the token from the server's data folder until its storefront opens and
// its owner signs in with a second factor; an owner inviting a catalog manager who chooses a password by the
// emailed link, turns on two-factor sign-in and signs in with a code; the catalog manager refused the staff page;
// the audit trail showing it all; and each built-in role below the owner refused one thing it may not do.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

import { expect, test, type Page } from "./fixtures";
import { mailedLink } from "./mail";

const DEMO_PASSWORD = "kontor-demo";

function base32(secret: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now (RFC 6238). */
function totp(secret: string, stepsAhead = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepsAhead));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}

/** The one-time link in the invitation to `address`, once the mailer has written it. */
function invitationLink(address: string): Promise<string> {
  return mailedLink(address, /\/admin\/password\?token=[0-9a-f]{64}/);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Turns on two-factor sign-in from the account page; returns the secret. */
async function enrol(page: Page): Promise<string> {
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.locator(".qr svg")).toBeVisible();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await page.getByLabel("The code the app shows now").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  return secret;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "js" : "html";
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a new shop is set up with the token, opens, and its owner signs in with a second factor", async ({ page }) => {
      const port = Number(process.env.KONTOR_E2E_PORT ?? 3100) + (javaScriptEnabled ? 1 : 2);
      const base = `http://127.0.0.1:${port}`;
      await page.goto(`${base}/`);
      await expect(page.locator("h1")).toHaveText("This shop is not open yet");

      const token = readFileSync(`../target/e2e-setup-${mode}/setup-token`, "utf8").trim();
      await page.goto(`${base}/admin/setup`);
      await page.getByLabel("Setup token").fill(token);
      await page.getByLabel("Your email").fill("owner@new-shop.example");
      await page.getByLabel("Your name").fill("Nora Owner");
      await page.getByLabel("Password (at least 10 characters)").fill("a long owner password");
      await page.getByLabel("Legal name").fill("New Shop GmbH");
      await page.getByLabel("Home country (two letters, e.g. DE)").fill("AT");
      await page.getByLabel("Shop name").fill("New Shop");
      await page.getByLabel("Language (e.g. en, de)").fill("de");
      await page.getByLabel("Standard tax rate, percent").fill("20");
      await page.getByLabel("Its price, excluding tax").fill("5.90");
      await page.getByRole("button", { name: "Set up the shop" }).click();
      await expect(page.getByRole("status")).toContainText("Your shop is set up and open");

      await page.goto(`${base}/`);
      await expect(page.locator("h1")).not.toHaveText("This shop is not open yet");

      await page.goto(`${base}/admin/sign-in`);
      await page.getByLabel("Email").fill("owner@new-shop.example");
      await page.getByLabel("Password").fill("a long owner password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/admin\/sign-in\/enrol$/);
      await enrol(page);
      await expect(page).toHaveURL(`${base}/admin`);
      await expect(page.locator("main")).toContainText("owner@new-shop.example");
      await page.goto(`${base}/admin/settings`);
      await expect(page.locator("#tax")).toContainText("20 %");
    });

    test("an invited catalog manager signs in with a code, is refused the staff page, and the trail shows it", async ({ page, browser }) => {
      const invitee = `catalog-${mode}-${Date.now()}@kontor.example`;
      await signIn(page, "owner@kontor.example", DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/admin$/);
      await page.goto("/admin/staff");
      const invite = page.locator('form[action="/admin/fn/staff/invite"]');
      await invite.getByLabel("Email").fill(invitee);
      await invite.getByLabel("Name").fill("Cleo Catalog");
      await invite.getByLabel("Role").selectOption({ label: "Catalog manager" });
      await invite.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("status")).toContainText(`An invitation is on its way to ${invitee}`);

      const link = await invitationLink(invitee);
      const theirs = await browser.newContext({ javaScriptEnabled });
      const them = await theirs.newPage();
      await them.goto(link);
      await them.getByLabel("New password (at least 10 characters)").fill("a long catalog password");
      await them.getByRole("button", { name: "Set password" }).click();
      await expect(them.getByRole("status")).toContainText("Your password is set");
      await signIn(them, invitee, "a long catalog password");
      await expect(them).toHaveURL(/\/admin$/);

      await them.goto("/admin/account");
      await them.getByRole("link", { name: "Turn on two-factor sign-in" }).click();
      const secret = await enrol(them);
      await expect(them.getByRole("status")).toContainText("Two-factor sign-in is on");
      await them.getByRole("button", { name: "Sign out" }).click();
      await expect(them).toHaveURL(/\/admin\/sign-in$/);

      await signIn(them, invitee, "a long catalog password");
      await expect(them).toHaveURL(/\/admin\/sign-in\/code$/);
      await them.getByLabel("Code from your authenticator app, or a recovery code").fill("000000");
      await them.getByRole("button", { name: "Sign in" }).click();
      await expect(them.getByRole("alert")).toContainText("Code");
      // The code that turned it on was used; the next one (within the allowed clock skew) signs in.
      await them.getByLabel("Code from your authenticator app, or a recovery code").fill(totp(secret, 1));
      await them.getByRole("button", { name: "Sign in" }).click();
      await expect(them).toHaveURL(/\/admin$/);

      const refused = await them.goto("/admin/staff");
      expect(refused?.status()).toBe(403);
      await expect(them.getByRole("heading", { name: "Not allowed for your role" })).toBeVisible();
      await theirs.close();

      await page.goto(`/admin/audit?actor=${encodeURIComponent(invitee)}`);
      await expect(page.locator("table.audit")).toContainText("staff.two_factor_enabled");
      await expect(page.locator("table.audit")).toContainText("staff.password_set");
      await page.goto(`/admin/audit?id=&entity=staff`);
      await expect(page.locator("table.audit")).toContainText("staff.created");
    });
  });
}

test.describe("each role is refused what it may not do", () => {
  test.use({ javaScriptEnabled: false });

  for (const [email, refusedPage] of [
    ["catalog@kontor.example", "/admin/staff"],
    ["orders@kontor.example", "/admin/settings"],
    ["service@kontor.example", "/admin/warehouses"],
    ["reader@kontor.example", "/admin/audit"],
  ]) {
    test(`${email} cannot open ${refusedPage}`, async ({ page }) => {
      await signIn(page, email, DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/admin$/);
      const refused = await page.goto(refusedPage);
      expect(refused?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "Not allowed for your role" })).toBeVisible();
    });
  }

  test("an administrator cannot appoint an owner", async ({ page }) => {
    await signIn(page, "admin@kontor.example", DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto("/admin/staff");
    const invite = page.locator('form[action="/admin/fn/staff/invite"]');
    await invite.getByLabel("Email").fill(`would-be-owner-${Date.now()}@kontor.example`);
    await invite.getByLabel("Name").fill("Would-be Owner");
    await invite.getByLabel("Role").selectOption({ label: "Owner" });
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert")).toContainText("owner");
    await expect(page.getByRole("status")).toHaveCount(0);
  });
});
