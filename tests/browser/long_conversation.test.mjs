// A conversation longer than the server sends with each one in `newest` (10 replies) shows
// whole: the widget asks for the rest with the cursor the thread gives (`more_replies`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, widget } from "./harness.mjs";

const REPLIES = 24;
let server, browser;

before(async () => {
  server = await startServer();
  const start = Date.parse("2026-01-01T00:00:00Z");
  const comments = Array.from({ length: REPLIES + 1 }, (_, i) => ({
    id: i + 1, page: "/", parent: i === 0 ? null : 1, author: `Lecteur ${i + 1}`, website: null,
    email_hash: null, text: `Message ${i}`, html: `<p>Message ${i}</p>`,
    status: "published", edit_token_hash: "0".repeat(64),
    created_at: new Date(start + i * 60000).toISOString().replace(/\.\d+Z$/, "Z"),
    edited_at: null, deleted_at: null, deleted_by: null, import_key: null, notify_email: null,
  }));
  const file = join(server.dir, "conversation.json");
  writeFileSync(file, JSON.stringify({
    format: "parlons-export", version: 1, site: "demo", exported_at: "2026-11-29T00:00:00Z", comments,
  }));
  server.cli("import", "parlons", file, "--site", "demo");
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("sorted by newest, a conversation of 24 replies shows all of them under its first comment", async () => {
  const page = await browser.newPage();
  const cut = page.waitForResponse((response) => response.url().includes("replies_to=1"));
  await page.goto(`${server.url}/`);
  await widget(page).locator("article.comment").first().waitFor({ timeout: 15000 });

  await widget(page).getByLabel("Trier par").selectOption("newest");
  await cut;

  const conversation = widget(page).locator("section.thread > ol > li").first();
  await conversation.locator("ol li > article", { hasText: `Message ${REPLIES}` }).waitFor({ timeout: 15000 });
  assert.equal(await conversation.locator("ol li > article").count(), REPLIES);
  await page.close();
});
