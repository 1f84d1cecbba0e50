// A thread of 10,000 comments (imported, with replies) opens with its first page, keeps each
// reply under its parent, and loads more on demand.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, importThread } from "./harness.mjs";

const TOTAL = 10000;
let server, browser;

before(async () => {
  server = await startServer();
  importThread(server, TOTAL);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a 10,000-comment thread opens with its first page and loads more on demand", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const count = widget(page).locator(".count", { hasText: `${new Intl.NumberFormat("fr").format(TOTAL)} commentaires` });
  await count.waitFor({ timeout: 15000 });
  const shown = widget(page).locator("article.comment");
  await shown.first().waitFor();
  const first = await shown.count();
  assert.ok(first >= 450 && first <= 500, `the first page: ${first} comments`);
  const reply = widget(page).locator("li", { has: page.locator("> article", { hasText: "Commentaire 9" }) });
  assert.equal(
    await reply.first().locator("ol li > article", { hasText: "Commentaire 10" }).count(), 1,
    "a reply is under its parent");

  assert.match(await shown.first().locator("time").textContent(), /janv\. 2026/,
    "a comment older than a week shows its date");

  await widget(page).getByRole("button", { name: "Afficher plus de commentaires" }).click();
  await page.waitForFunction((first) => document.querySelector(".parlons-host").shadowRoot
    .querySelectorAll("article.comment").length > first, first, { timeout: 15000 });

  assert.ok(await shown.count() > first, "more comments after the button");
  await page.close();
});

test("sorted by newest, it opens with the 50 newest conversations, replies under their parent", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator("article.comment").first().waitFor({ timeout: 15000 });

  await widget(page).getByLabel("Trier par").selectOption("newest");

  // 9,000 conversations: the newest, Commentaire 9999, with its reply 10000, comes first.
  const first = widget(page).locator("section.thread > ol > li").first();
  await first.locator("> article", { hasText: "Commentaire 9999" }).waitFor({ timeout: 15000 });
  assert.equal(await first.locator("ol li > article", { hasText: "Commentaire 10000" }).count(), 1);
  const conversations = await widget(page).locator("section.thread > ol > li").count();
  assert.equal(conversations, 50, "one page of conversations");
  await widget(page).getByRole("button", { name: "Afficher plus de commentaires" }).click();
  await page.waitForFunction(() => document.querySelector(".parlons-host").shadowRoot
    .querySelectorAll("section.thread > ol > li").length === 100, null, { timeout: 15000 });
  await page.close();
});
