// How a buyer finds a product and its price: facets, search with a typo, suggestions as they type, and the
// volume price for their quantity with the reason. Each runs with JavaScript and, where it matters, without.
import { expect, test } from "./fixtures";

const SPANNER = "/products/combination-spanner-13-mm-chrome-vanadium";

function count(text: string | null) {
  return Number((text ?? "").match(/\d+/)?.[0] ?? NaN);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a buyer narrows a category by brand and material, sorts, and clears the filters", async ({ page }) => {
      await page.goto("/categories/fasteners");
      const all = count(await page.getByTestId("result-count").textContent());
      await page.locator(".facet-group", { hasText: "Material" }).getByRole("link", { name: /Stainless steel A2/ }).click();
      await expect(page).toHaveURL(/attr\.material=stainless-a2/);
      const stainless = count(await page.getByTestId("result-count").textContent());
      expect(stainless).toBeGreaterThan(0);
      expect(stainless).toBeLessThan(all);
      for (const title of await page.locator(".product-card .card-title a").allTextContents()) {
        expect(title).toMatch(/Stainless|A2/);
      }
      await page.locator(".sort-form select").selectOption("price-desc");
      await page.locator(".sort-form").getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/sort=price-desc/);
      await expect(page).toHaveURL(/attr\.material=stainless-a2/);
      await page.getByRole("link", { name: "Clear all filters" }).click();
      await expect(page).toHaveURL(/\/categories\/fasteners$/);
      expect(count(await page.getByTestId("result-count").textContent())).toBe(all);
    });

    test("a search with a typo still finds the product", async ({ page }) => {
      await page.goto("/");
      await page.getByRole("searchbox").fill("combinaton spaner");
      await page.getByRole("search").getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(/\/search\?q=combinaton\+spaner/);
      await expect(page.locator(".product-card .card-title a").first()).toContainText("Combination Spanner");
    });

    test("the product page shows the volume price for a quantity and why", async ({ page }) => {
      await page.goto(SPANNER);
      const tiers = page.getByTestId("tier-table");
      await expect(tiers).toContainText("12+");
      await expect(tiers).toContainText("€5.18");
      await page.locator(".quote-form input[name=qty]").fill("50");
      await page.locator(".quote-form").getByRole("button", { name: "Calculate" }).click();
      await expect(page).toHaveURL(/qty=50/);
      await expect(page.getByTestId("quote")).toContainText("50 × €4.97");
      await expect(page.getByTestId("quote")).toContainText("From 48 units: €4.97");
      await expect(page.getByTestId("quote")).toContainText("tax (DE)");
    });
  });
}

test("suggestions appear while typing and lead to the product", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".buy-box, .search-box").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByRole("searchbox").pressSequentially("combination spa", { delay: 30 });
  const first = page.getByTestId("suggestions").getByRole("link").first();
  await expect(first).toContainText("Combination Spanner");
  await first.click();
  await expect(page.locator("h1")).toContainText("Combination Spanner");
});

test("the buy box follows the quantity through the volume breaks", async ({ page }) => {
  await page.goto(SPANNER);
  await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
  await page.locator('.buy-box input[name="quantity"]').fill("12");
  await expect(page.getByTestId("line-price")).toContainText("€5.18 each at 12: €62.16 in all");
});

test("with JavaScript a listing refines, sorts and pages in place, and Back restores it", async ({ page }) => {
  await page.goto("/categories/fasteners");
  await page.waitForLoadState("networkidle");
  // A full page load would drop this marker; an in-place update keeps it.
  await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
  const kept = () => page.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
  const all = count(await page.getByTestId("result-count").textContent());

  await page.locator(".facet-group", { hasText: "Material" }).getByRole("link", { name: /Stainless steel A2/ }).click();
  await expect(page).toHaveURL(/attr\.material=stainless-a2/);
  const stainless = count(await page.getByTestId("result-count").textContent());
  expect(stainless).toBeLessThan(all);
  expect(await kept()).toBe(true);

  // Choosing a sort order applies it without pressing Apply.
  await page.locator(".sort-form select").selectOption("price-asc");
  await expect(page).toHaveURL(/sort=price-asc/);
  await expect(page).toHaveURL(/attr\.material=stainless-a2/);
  await expect(page.locator(".sort-form select")).toHaveValue("price-asc");
  expect(await kept()).toBe(true);

  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
  await expect(page.locator(".sort-form select")).toHaveValue("relevance");
  await page.goBack();
  await expect(page).toHaveURL(/\/categories\/fasteners$/);
  await expect(page.getByTestId("result-count")).toHaveText(`${all} products`);
  expect(await kept()).toBe(true);
});
