// A conversation longer than the server sends with each one in `newest` (10 replies) shows
// whole: the widget asks for the rest with the cursor the thread gives (`more_replies`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, importComments } from "./harness.mjs";

const REPLIES = 24;
let server, browser;

before(async () => {
  server = await startServer();
  importComments(server, REPLIES + 1, (i) => ({ parent: i === 0 ? null : 1, text: `Message ${i}` }));
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
