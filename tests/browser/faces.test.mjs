// Faces beside authors' names: the server's identicons, inline, ask nothing of any other
// place; Gravatar, where a site opts in, is drawn over them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "600", PARLONS_POSTS_BURST: "100" });
  for (const [author, email, text] of [
    ["Zoé", "zoe@example.org", "Premier avis"],
    ["Zoé", "zoe@example.org", "Second avis"],
    ["Marc", null, "Autre avis"],
    [null, null, "Avis anonyme"],
  ]) {
    const answer = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ site: "demo", page: "/", author, email, text }),
    });
    assert.equal(answer.status, 201, await answer.text());
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const face = (page, text) => widget(page).locator(".comment", { hasText: text }).locator("img.face");

test("each author has an identicon of their own, and no request leaves the server's origin", async () => {
  const page = await browser.newPage();
  const elsewhere = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(server.url) && !url.startsWith("data:")) elsewhere.push(url);
  });

  await page.goto(`${server.url}/`);
  await widget(page).locator(".comment", { hasText: "Avis anonyme" }).waitFor();

  const zoe = await face(page, "Premier avis").getAttribute("src");
  assert.match(zoe, /^data:image\/svg\+xml,/);
  assert.equal(await face(page, "Second avis").getAttribute("src"), zoe, "one author, one face");
  assert.notEqual(await face(page, "Autre avis").getAttribute("src"), zoe);
  assert.equal(await face(page, "Avis anonyme").getAttribute("src"), null, "anonymous: a plain disc");
  const drawn = await face(page, "Premier avis").evaluate((image) => image.complete && image.naturalWidth > 0);
  assert.ok(drawn, "the identicon is an image the browser draws");
  assert.deepEqual(elsewhere, []);
  await page.close();
});

test("a site that opts in to Gravatar shows it over the identicon, without a referrer", async () => {
  // A site's own page (the demo page's Content-Security-Policy allows no other image host).
  const site = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="fr"><body><div id="parlons"></div>
      <script src="${server.url}/embed.js" data-site="blog" async></script></body></html>`);
  });
  await new Promise((listening) => site.listen(0, "127.0.0.1", listening));
  const siteUrl = `http://127.0.0.1:${site.address().port}`;
  server.cli("site", "add", "blog", "--origin", siteUrl);
  server.cli("site", "update", "blog", "--gravatar", "true");
  for (const [author, email, text] of [["Zoé", "zoe@example.org", "Avec adresse"], ["Marc", null, "Sans adresse"]]) {
    const answer = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: siteUrl },
      body: JSON.stringify({ site: "blog", page: "/", author, email, text }),
    });
    assert.equal(answer.status, 201, await answer.text());
  }
  const page = await browser.newPage();
  const asked = [];
  // Gravatar is answered here: tests send nothing off this machine.
  await page.route((url) => url.hostname === "gravatar.com", (route) => {
    asked.push({ url: route.request().url(), referer: route.request().headers().referer });
    route.fulfill({ status: 200, contentType: "image/gif", body: Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64") });
  });

  await page.goto(`${siteUrl}/#parlons`);
  await widget(page).locator(".comment", { hasText: "Avec adresse" }).waitFor();

  const zoe = face(page, "Avec adresse");
  assert.match(await zoe.getAttribute("src"), /^https:\/\/gravatar\.com\/avatar\/[0-9a-f]{64}\?s=80&d=blank$/);
  assert.match(await zoe.getAttribute("style"), /background-image:url\("data:image\/svg\+xml,/);
  await page.waitForFunction((image) => image.complete && image.naturalWidth > 0, await zoe.elementHandle());
  assert.ok(asked.length >= 1 && asked.every((request) => !request.referer), JSON.stringify(asked));
  assert.match(await face(page, "Sans adresse").getAttribute("src"), /^data:/, "no email, no Gravatar");
  await page.close();
  site.close();
});
