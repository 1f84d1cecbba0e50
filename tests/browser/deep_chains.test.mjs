// A very deep reply chain collapses behind "continue this thread", which opens it in place;
// a permalink into the collapsed part opens it by itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser, ids = [];
before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  // Réponse 1 on the page, each next one replying to the one before: eight levels.
  for (let level = 1; level <= 8; level++) {
    const response = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ site: "demo", page: "/", text: `Réponse ${level}`, parent: ids.at(-1) }),
    });
    assert.equal(response.status, 201);
    ids.push((await response.json()).id);
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("replies past six levels wait behind a button that opens them in place", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(".comment", { hasText: "Réponse 6" }).waitFor();

  assert.equal(await widget(page).locator(".comment", { hasText: "Réponse 7" }).count(), 0);
  await widget(page).getByRole("button", { name: "Voir la suite de la discussion" }).click();

  await widget(page).locator(".comment", { hasText: "Réponse 8" }).waitFor();
  assert.equal(await widget(page).locator(`#parlons-${ids[5]} #parlons-${ids[6]}`).count(), 1,
    "the rest of the chain opens under its parent");
  await page.close();
});

test("a permalink into a collapsed chain opens it and focuses the comment", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/#parlons-${ids[7]}`);

  await widget(page).locator(`#parlons-${ids[7]} > article.target`).waitFor({ timeout: 10000 });
  await page.waitForFunction((id) => document.querySelector(".parlons-host").shadowRoot
    .activeElement?.parentElement?.id === `parlons-${id}`, ids[7], { timeout: 5000 });
  await page.close();
});
