// Crawlable comments: a site's server puts GET /api/v1/threads.html inside #parlons, as
// docs/embedding.md shows. Without JavaScript (a crawler) the comments are there as HTML with
// schema.org microdata; with it, the widget takes the element over.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser, host, hostUrl;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
  host = createServer(async (request, response) => {
    const query = "site=blog&page=/posts/hello&lang=fr";
    const comments = await (await fetch(`${server.url}/api/v1/threads.html?${query}`)).text();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Billet</title>
<link rel="icon" href="data:,"></head><body><article><h1>Un billet</h1></article>
<div id="parlons">${comments}</div>
<script src="${server.url}/embed.js" data-site="blog" data-page="/posts/hello" async></script>
</body></html>`);
  });
  await new Promise((listening) => host.listen(0, "localhost", listening));
  hostUrl = `http://localhost:${host.address().port}`;
  server.cli("site", "add", "blog", "--origin", hostUrl);
  server.cli("site", "update", "blog", "--crawlable", "true");
  // The server sees a site added by the command line within a moment.
  let posted;
  for (let tries = 0; tries < 30 && posted?.status !== 201; tries++) {
    if (tries) await new Promise((wait) => setTimeout(wait, 100));
    posted = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: hostUrl },
      body: JSON.stringify({ site: "blog", page: "/posts/hello", author: "Zoé", text: "Lu par les **robots**" }),
    });
  }
  assert.equal(posted.status, 201);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); host?.close(); });

test("without JavaScript the comments are plain HTML with Comment microdata", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${hostUrl}/posts/hello`);

  const item = page.locator('#parlons [itemtype="https://schema.org/Comment"]');
  assert.equal(await item.count(), 1);
  assert.equal(await item.locator('[itemprop="author"] [itemprop="name"]').textContent(), "Zoé");
  assert.equal(await item.locator('[itemprop="text"] strong').textContent(), "robots");
  assert.equal(await page.locator("#parlons h2").textContent(), "1 commentaire");
  await context.close();
});

test("with JavaScript the widget replaces the HTML in the same place", async () => {
  const page = await browser.newPage();
  await page.goto(`${hostUrl}/posts/hello`);

  await widget(page).locator(".comment", { hasText: "Lu par les robots" }).waitFor();
  assert.equal(await page.locator("#parlons [data-parlons-static]").count(), 0, "the static thread is gone");
  assert.equal(await page.locator("#parlons > .parlons-host").count(), 1, "the widget is in #parlons");
  await page.close();
});
