import { defineConfig } from "@playwright/test";

// The server under test is the release build of `kontor`, started here on its own port with a fresh SQLite file,
// so a developer's running demo shop on :3000 is left alone. scripts/test.sh builds it and passes its path.
const port = Number(process.env.KONTOR_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const bin = process.env.KONTOR_BIN ?? "../target/release/kontor";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser downloads are not available here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `rm -f ../target/e2e/kontor.db* && ${bin} serve`,
      url: `${baseURL}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: "sqlite://../target/e2e/kontor.db",
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? "../target/site",
        RUST_LOG: "warn",
        // The browser tests walk the demo shop; a plain `kontor serve` seeds nothing.
        KONTOR_DEMO: "1",
        // Every test signs in from 127.0.0.1, like an office behind one address; the default budget of 30 sign-ins
        // a minute would make the suite's speed decide whether it passes.
        KONTOR_AUTH_PER_ADDRESS_PER_MINUTE: "300",
        // Mail, the key file and the search index stay in the build folder, out of the repository.
        KONTOR_DATA_DIR: "../target/e2e",
      },
    },
    // Two new, empty shops (one per JavaScript setting) for the first-run setup.
    ...["js", "html"].map((mode, i) => ({
      command: `rm -rf ../target/e2e-setup-${mode} && mkdir -p ../target/e2e-setup-${mode} && ${bin} serve`,
      url: `http://127.0.0.1:${port + 1 + i}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: {
        DATABASE_URL: `sqlite://../target/e2e-setup-${mode}/kontor.db`,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port + 1 + i}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? "../target/site",
        RUST_LOG: "warn",
        KONTOR_DATA_DIR: `../target/e2e-setup-${mode}`,
        KONTOR_PUBLIC_URL: `http://127.0.0.1:${port + 1 + i}`,
      },
    })),
  ],
});
