// Quotes as a buyer and the shop use them, with JavaScript and without: a new ACME buyer asks for a quote on their
// cart with a wanted quantity and a target price; the shop's administrator answers it at the quote desk with a price
// and a date; the buyer is emailed, accepts it through checkout's fields, and the order is at the quoted price. A
// new buyer each run, so the runs' carts stay apart.
import { expect, test, type Page } from "./fixtures";
import { mailedLink } from "./mail";
import { DEMO_PASSWORD, PASSWORD, newBuyer } from "./people";

async function staffSignIn(page: Page, email: string) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a quote asked from the cart is answered by staff and ordered at the quoted price", async ({
      page,
      browser,
    }) => {
      const email = `quote-${javaScript ? "js" : "html"}${Date.now()}@example.com`;

      // Staff add the buyer to ACME; the buyer chooses a password by the emailed link and signs in.
      await newBuyer(browser, page, "acme", email, javaScript);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/account$/);

      // Two hex bolts in the cart; the quote asks about 30 with a target price.
      await page.goto("/categories/hex-bolts");
      const card = page.locator(".product-card", { has: page.locator(".stock.in") }).first();
      await card.locator(".card-title a").click();
      if (javaScript) await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
      await page.locator('.buy-box input[name="quantity"]').fill("2");
      await page.getByRole("button", { name: "Add to cart" }).click();
      if (javaScript) await expect(page.locator(".form-status .ok")).toBeVisible();
      else await expect(page).toHaveURL(/\/cart$/);
      await page.goto("/cart");
      await page.locator(".ask-quote summary").click();
      const ask = page.locator(".ask-quote form");
      await ask.getByLabel(/^Quantity of /).fill("30");
      await ask.getByLabel(/^Target unit price of /).fill("0.02");
      await ask.getByLabel("Message for us (optional)").fill("For the spring overhaul");
      await ask.getByRole("button", { name: "Ask for a quote" }).click();
      await expect(page).toHaveURL(/\/account\/quotes\/Q-\d+\?saved=requested$/);
      await expect(page.getByTestId("quote-status")).toHaveText("Waiting for our answer.");
      const number = new URL(page.url()).pathname.split("/").pop()!;
      await expect(page.getByRole("button", { name: "Accept and place the order" })).toHaveCount(0);

      // The shop's administrator answers at the quote desk.
      const desk = await browser.newPage({ javaScriptEnabled: javaScript });
      await staffSignIn(desk, "admin@kontor.example");
      await desk.goto("/admin/quotes?status=requested");
      await desk.getByRole("link", { name: number }).click();
      await expect(desk.locator("h1")).toHaveText(`Quote ${number}`);
      await desk.getByLabel(/^Unit price for .* \(30 units\)$/).fill("0.03");
      await desk.getByLabel("Valid until").fill("2099-12-31");
      await desk.getByLabel("Comment with the answer (optional)").fill("Spring price");
      await desk.getByRole("button", { name: "Send the answer" }).click();
      await expect(desk.getByRole("status")).toHaveText("Sent the answer; the buyer has been emailed.");
      await desk.close();
      await mailedLink(email, new RegExp(`we have priced your quote ${number}`));

      // The buyer accepts: the order is at the quoted price.
      await page.goto(`/account/quotes/${number}`);
      await expect(page.getByTestId("quote-status")).toContainText("Answered: these prices hold until");
      await expect(page.getByTestId("quoted-price")).toContainText("0.03");
      await expect(page.getByTestId("quote-total")).toContainText("0.90");
      await page.getByRole("button", { name: "Accept and place the order" }).click();
      await expect(page).toHaveURL(/\/checkout\/confirmation\//);
      await expect(page.locator("h1")).toHaveText("Thank you for your order");
      await page.getByRole("link", { name: "View the order" }).click();
      await expect(page.locator(".order-lines")).toContainText("€0.03");
      await page.goto(`/account/quotes/${number}`);
      await expect(page.getByTestId("quote-status")).toHaveText("Accepted.");
    });
  });
}
