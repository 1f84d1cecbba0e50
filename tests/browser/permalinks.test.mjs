// Permalinks: #parlons-<id> opens the page scrolled to that comment, highlighted and
// focused, loading the thread's next page when the comment is not on the first; a
// comment's date links to it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser, ids = [];
before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  // One more than the widget's first page (500), so the last is on the second.
  for (let n = 1; n <= 501; n++) {
    const response = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ site: "demo", page: "/", text: `Commentaire numéro ${n}` }),
    });
    assert.equal(response.status, 201);
    ids.push((await response.json()).id);
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** The article of comment `id`, and whether it is highlighted, focused and on screen. */
async function shown(page, id) {
  const article = widget(page).locator(`#parlons-${id} > article`);
  await article.and(widget(page).locator(".target")).waitFor({ timeout: 10000 });
  await page.waitForFunction((id) => {
    const host = document.querySelector(".parlons-host");
    return host.shadowRoot.activeElement?.parentElement?.id === `parlons-${id}`;
  }, id, { timeout: 5000 });
  const box = await article.boundingBox();
  const height = page.viewportSize().height;
  return box.y < height && box.y + box.height > 0;
}

test("a permalink to a comment on the first page scrolls to it, highlighted and focused", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/#parlons-${ids[250]}`);

  assert.ok(await shown(page, ids[250]), "on screen");
  assert.equal(await widget(page).locator(".target").count(), 1);
  await page.close();
});

test("a permalink to a comment past the first page loads the next one", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/#parlons-${ids[500]}`);

  assert.ok(await shown(page, ids[500]), "on screen");
  await page.close();
});

test("a comment's date links to it, and following the link moves the highlight", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/#parlons-${ids[0]}`);
  await shown(page, ids[0]);

  const link = widget(page).locator(`#parlons-${ids[1]} > article a.permalink`);
  assert.equal(await link.getAttribute("href"), `#parlons-${ids[1]}`);
  await link.click();

  assert.ok(await shown(page, ids[1]));
  assert.equal(await widget(page).locator(".target").count(), 1, "one comment is highlighted");
  assert.equal(new URL(page.url()).hash, `#parlons-${ids[1]}`);
  await page.close();
});
