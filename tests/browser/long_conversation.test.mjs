// A conversation longer than the server sends with each one in `newest` (10 replies) shows
// whole: the widget asks for the rest with the cursor the thread gives (`more_replies`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, importComments } from "./harness.mjs";

const REPLIES = 24;
let server, browser;

before(async () => {
  server = await startServer();
  // Comment 1 and its replies, then another conversation (the sort menu shows from two).
  importComments(server, REPLIES + 2, (i) => i <= REPLIES
    ? { parent: i === 0 ? null : 1, text: `Message ${i}` }
    : { parent: null, text: "Une autre conversation" });
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

  const conversation = widget(page).locator("#parlons-1");
  await conversation.locator("ol li > article", { hasText: `Message ${REPLIES}` }).waitFor({ timeout: 15000 });
  assert.equal(await conversation.locator("ol li > article").count(), REPLIES);
  await page.close();
});
