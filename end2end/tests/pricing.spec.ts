// The buy box prices in the browser with the server's own `domain::pricing`: for every demo product and variant,
// as a buyer of each demo company, quantities are typed into the buy box one after another and each line it shows
// (net and gross, or the refusal) must be the one the server quotes (`GET /api/v1/prices/{sku}`). Typing into
// every demo product's buy box would take the test command over half an hour, so the browser types into a sample:
// the hex bolts (ACME's contract list) and every 16th product of the catalogue, every quantity to 100 and every
// tenth to 1,000 (volume breaks and pack sizes in the demo fall on those); the engine test `buyer_prices.rs` checks
// every demo product at every quantity from 1 to 1,000 of the same prices natively.
// No request leaves the page while the buyer types, but for the pricing code's own chunk of the bundle, fetched
// once.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { DEMO_PASSWORD, signIn } from "./people";

const LAST = 1_000;
const TYPED = Array.from({ length: LAST }, (_, i) => i + 1).filter((q) => q <= 100 || q % 10 === 0);

type Step = { quantity: number; price?: { line_net: { amount: string }; line_gross: { amount: string } }; refused?: { detail: string } };
type Shown = { quantity: number; net: string; gross: string; text: string };

async function token(request: APIRequestContext, email: string): Promise<string> {
  const reply = await request.post("/api/v1/sessions", { data: { email, password: DEMO_PASSWORD } });
  expect(reply.status()).toBe(201);
  return (await reply.json()).token;
}

async function everySlug(request: APIRequestContext, auth: Record<string, string>): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  do {
    const reply = await request.get(`/api/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { headers: auth });
    expect(reply.status()).toBe(200);
    const page = await reply.json();
    slugs.push(...page.data.map((p: { slug: string }) => p.slug));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return slugs;
}

/** Types each of TYPED into the buy box's quantity for the variant `sku` and reads the line shown after each. */
async function typeEveryQuantity(page: Page, sku: string): Promise<Shown[]> {
  return page.evaluate(
    async ({ sku, last, typed }) => {
      const box = document.querySelector<HTMLFormElement>(".buy-box")!;
      const radio = box.querySelector<HTMLInputElement>(`input[name="sku"][value="${sku}"]`)!;
      // Sold-out variants are disabled for a buyer's tap; their prices still must agree.
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      const input = box.querySelector<HTMLInputElement>('input[name="quantity"]')!;
      const channel = new MessageChannel();
      const tick = () =>
        new Promise<void>((resolve) => {
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(0);
        });
      const lineFor = async (q: number) => {
        // The first change fetches the pricing chunk; later ones are answered within a few ticks.
        const until = performance.now() + 10_000;
        let line: HTMLElement | null = null;
        while (!line && performance.now() < until) {
          line = box.querySelector<HTMLElement>(`.line-price[data-quantity="${q}"]`);
          if (!line) await tick();
        }
        if (!line) throw new Error(`${sku}: no line for ${q}`);
        return line;
      };
      // A quantity typed after the change of option, so no line of the option before can be read for this one's.
      input.value = String(last + 1);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await lineFor(last + 1);
      const shown = [];
      for (const q of typed) {
        input.value = String(q);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const line = await lineFor(q);
        shown.push({
          quantity: q,
          net: line.dataset.lineNet ?? "",
          gross: line.dataset.lineGross ?? "",
          text: line.textContent?.trim() ?? "",
        });
      }
      return shown;
    },
    { sku, last: LAST, typed: TYPED },
  );
}

for (const company of ["acme", "globex"]) {
  test(`the buy box prices every quantity as the server does for a buyer of ${company}`, async ({ page, request }) => {
    test.setTimeout(6 * 60_000);
    const email = `buyer@${company}.example`;
    const auth = { authorization: `Bearer ${await token(request, email)}` };
    const every = await everySlug(request, auth);
    expect(every.length).toBeGreaterThan(90);
    const bolts = every.filter((slug) => slug.startsWith("hex-bolt")).slice(0, 4);
    expect(bolts.length).toBeGreaterThan(0);
    const slugs = [...new Set([...bolts, ...every.filter((_, i) => i % 16 === 0)])];
    await signIn(page, email, DEMO_PASSWORD);
    // Images are not what is tested here, and skipping them keeps ~200 page loads quick.
    await page.route(/\/media\//, (route) => route.abort());
    let priced = 0;
    let refused = 0;
    let contract = 0;
    for (const slug of slugs) {
      await page.goto(`/products/${slug}`);
      await expect(page.locator(".buy-box")).toHaveAttribute("data-ready", "true");
      const skus = await page.locator('.buy-box input[name="sku"]').evaluateAll((inputs) =>
        inputs.map((i) => (i as HTMLInputElement).value),
      );
      for (const sku of skus) {
        const reply = await request.get(`/api/v1/prices/${encodeURIComponent(sku)}?from=1&to=${LAST}`, { headers: auth });
        expect(reply.status(), sku).toBe(200);
        const server: Step[] = (await reply.json()).steps;
        const requests: string[] = [];
        const listen = (r: { url: () => string }) => requests.push(r.url());
        page.on("request", listen);
        const shown = await typeEveryQuantity(page, sku);
        page.off("request", listen);
        // The pricing code is fetched once, with the first change; nothing else leaves the page while typing.
        const asked = requests.filter((url) => !new URL(url).pathname.startsWith("/pkg/"));
        expect(asked, `${sku}: requests while typing`).toEqual([]);
        const byQuantity = new Map(shown.map((line) => [line.quantity, line]));
        for (const step of server) {
          const line = byQuantity.get(step.quantity);
          if (!line) continue;
          expect(line.quantity).toBe(step.quantity);
          if (step.price) {
            expect([line.net, line.gross], `${sku} at ${step.quantity}`).toEqual([
              step.price.line_net.amount,
              step.price.line_gross.amount,
            ]);
            priced++;
            if ((step.price as { price_list_id?: number }).price_list_id) contract++;
          } else {
            expect([line.net, line.text], `${sku} at ${step.quantity}`).toEqual(["", step.refused!.detail]);
            refused++;
          }
        }
      }
    }
    // Lines were compared, and for ACME its own contract prices among them.
    expect(priced).toBeGreaterThan(1_000);
    if (company === "acme") expect(contract).toBeGreaterThan(100);
    console.log(
      `${company}: ${slugs.length} products, ${priced} lines priced and ${refused} refused alike (${contract} by a list)`,
    );
  });
}
