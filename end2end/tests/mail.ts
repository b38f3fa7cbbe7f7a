// The emails the test server writes to its mail folder, read as a person reads their inbox.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "./fixtures";

const MAIL_DIR = "../target/e2e/mail";

/** The first match of `pattern` in an email to `address`, once the mailer has written it. */
export async function mailedLink(address: string, pattern: RegExp): Promise<string> {
  let link = "";
  await expect
    .poll(
      () => {
        if (!existsSync(MAIL_DIR)) return "";
        for (const file of readdirSync(MAIL_DIR, { withFileTypes: true })) {
          if (!file.name.endsWith(".eml")) continue;
          const mail = readFileSync(join(MAIL_DIR, file.name), "utf8")
            .replace(/=\r?\n/g, "")
            .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
          const found = mail.includes(address) && mail.match(pattern);
          if (found) link = found[0];
        }
        return link;
      },
      { timeout: 15_000 },
    )
    .not.toBe("");
  return link;
}
