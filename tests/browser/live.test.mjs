// Live updates survive a server restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, showNew } from "./harness.mjs";

let server, browser;
before(async () => {
  // Comments are seeded straight through the API: no challenge asked.
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function postFromOutside(text) {
  const response = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ site: "demo", page: "/", text, author: "Depuis l’API" }),
  });
  return response.status;
}

test("after the server restarts, the stream reconnects and new comments still arrive", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(".count").waitFor();

  await server.restart();
  // Give the browser time to notice the break and reconnect (retry: 2 s).
  await page.waitForTimeout(3000);
  assert.equal(await postFromOutside("Après le redémarrage"), 201);

  await showNew(page, 10000);
  await widget(page).locator(".comment", { hasText: "Après le redémarrage" }).waitFor();
  await widget(page).locator(".count", { hasText: "1 commentaire" }).waitFor({ timeout: 5000 });
  await page.close();
});
