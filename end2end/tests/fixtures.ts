// Every browser test runs with the shop's Content-Security-Policy on and fails if the page breaks it: a blocked
// script or style would otherwise pass silently whenever the page still looks right without it.
import { expect, test as base } from "@playwright/test";

export const test = base.extend({
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await use(page);
    expect(violations, "the page broke its Content-Security-Policy").toEqual([]);
  },
});

export { expect };
export type { APIRequestContext, Browser, Page } from "@playwright/test";
