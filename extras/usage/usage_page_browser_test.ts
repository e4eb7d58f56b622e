/**
 * The usage page as a provider developer sees it: opened from disk in a real
 * headless browser (Debian's Chromium, driven by playwright-core), it shows
 * who reads each part, styled, and loads nothing from outside. Without
 * Chromium it fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { ServerMissingError } from "../../tooling/server_missing.ts";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { checkConsumers } from "../guards/consumer_mutation_check.ts";
import { usageRows } from "./usage.ts";
import { usagePage } from "./usage_page.ts";

const CHROMIUM = "/usr/bin/chromium";

/** What the page's window offers that this test reads. */
interface Styles {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

test("the usage page shows, in a browser and offline, which consumer reads each part", async () => {
  if (!existsSync(CHROMIUM)) throw new ServerMissingError("Chromium", "apt-get install chromium");
  const check = await checkConsumers();
  assert.ok(check.ok, check.text);
  const rows = usageRows(check);
  await withTempDir(async (dir) => {
    const file = join(dir, "usage.html");
    writeFileSync(file, usagePage(rows));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      assert.equal(await page.title(), "Who reads what of UserService");
      const use = (answer: string, part: string, consumer: string) =>
        page.locator(
          `section[data-answer="${answer}"] tr[data-part="${part}"] td[data-consumer="${consumer}"]`,
        );
      // May UserService rename "name"? The page says whom it would break: OrderService alone.
      const user = "GET /users/{id} → 200";
      assert.equal(await use(user, "body $.name", "OrderService").textContent(), "reads it");
      assert.equal(await use(user, "body $.name", "NotificationService").textContent(), "—");
      for (const consumer of ["OrderService", "NotificationService"]) {
        assert.equal(await use(user, "body $.email", consumer).textContent(), "reads it");
        assert.equal(
          await use("event user.deleted", "body $.userId", consumer).textContent(),
          "reads it",
        );
      }
      assert.equal(
        await use("event user.updated", "body $.user.name", "NotificationService").textContent(),
        "—",
      );
      // Styled as its legend says: a part a consumer reads is green.
      const cell = use(user, "body $.name", "OrderService");
      assert.equal(
        // In the page: the browser's own getComputedStyle.
        await cell.evaluate((td) =>
          (globalThis as unknown as Styles).getComputedStyle(td).backgroundColor
        ),
        "rgb(220, 252, 231)",
      );
      assert.match(
        (await page.locator("#summary").textContent()) ?? "",
        /^UserService's answers and events, NotificationService and OrderService reading them\. \d+ parts: \d+ pinned by no consumer \(free to change\), \d+ read by every consumer that pins them \(their mutation checks prove it\), 0 pinned by a consumer that never reads them\.$/,
      );
      assert.ok(
        await page.locator('section[data-answer="GET /users/{id} → 404"] tr.free').count() > 0,
        "the 404's error body is pinned by no one: free to change",
      );
      assert.deepEqual(requested, [pathToFileURL(file).href], "nothing but the page itself");
    } finally {
      await browser.close();
    }
  });
});
