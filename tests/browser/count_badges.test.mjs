// A listing page on another origin shows comment counts with count.js: one request for all
// its badges, and never the WebAssembly. An article page's own count, beside its title, is
// live with embed.js alone, before the widget is needed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startServer, launchBrowser } from "./harness.mjs";

let server, browser, host, hostUrl;

const pages = Array.from({ length: 50 }, (_, n) => `/articles/${n}`);
const listing = (apiUrl) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>À la une</title><link rel="icon" href="data:,"></head>
<body><ul>${pages.map((page) => `<li><a href="${page}">Article</a> <span data-parlons-count="${page}">?</span></li>`).join("")}</ul>
<p>Encore : <span id="again" data-parlons-count="/articles/1">?</span></p>
<p>An article's own count, which embed.js keeps and count.js leaves: <span data-parlons-count>–</span></p>
<script src="${apiUrl}/count.js" data-site="blog" async></script>
</body></html>`;

const article = (apiUrl) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Article 7</title><link rel="icon" href="data:,"></head>
<body><h1>Article 7</h1><p><a href="#parlons">(<span data-parlons-count>?</span>) Commentaires</a></p>
<div style="height:4000px">Un long article.</div>
<div id="parlons"></div><script src="${apiUrl}/embed.js" data-site="blog" data-page="/articles/7" async></script>
</body></html>`;

before(async () => {
  // Comments are seeded straight through the API: no challenge asked.
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "600", PARLONS_POSTS_BURST: "100" });
  host = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(request.url === "/article" ? article(server.url) : listing(server.url));
  });
  await new Promise((listening) => host.listen(0, "localhost", listening));
  hostUrl = `http://localhost:${host.address().port}`;
  server.cli("site", "add", "blog", "--origin", hostUrl);
  // A running server looks for an unknown site at most every 250 ms (it started just now).
  await new Promise((waited) => setTimeout(waited, 300));
  for (const [page, comments] of [["/articles/1", 2], ["/articles/7", 1]]) {
    for (let n = 0; n < comments; n++) {
      const response = await fetch(`${server.url}/api/v1/comments`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: hostUrl },
        body: JSON.stringify({ site: "blog", page, text: `avis ${n} sur ${page}` }),
      });
      assert.equal(response.status, 201);
    }
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); host?.close(); });

test("fifty badges are filled by one request, without the widget", async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));

  await page.goto(hostUrl);
  const badge = (page_) => page.locator(`[data-parlons-count="${page_}"]`).first();
  await page.waitForFunction(() => [...document.querySelectorAll("[data-parlons-count]")].every((el) => el.textContent !== "?"));

  assert.equal(await badge("/articles/1").textContent(), "2");
  assert.equal(await page.locator("#again").textContent(), "2");
  assert.equal(await badge("/articles/7").textContent(), "1");
  assert.equal(await badge("/articles/0").textContent(), "0");
  const counts = requests.filter((url) => new URL(url).pathname === "/api/v1/counts");
  assert.equal(counts.length, 1, "one batched request");
  assert.ok(!requests.some((url) => /\.wasm|parlons-widget/.test(url)), "no widget loaded");
  await page.close();
});

test("badges added or given another page after load are filled, each by one more request", async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(hostUrl);
  await page.waitForFunction(() => document.querySelector("#again").textContent !== "?");

  await page.evaluate(() => {
    const late = document.createElement("span");
    late.id = "late";
    late.dataset.parlonsCount = "/articles/7";
    late.textContent = "?";
    document.body.append(late);
    document.querySelector("#again").dataset.parlonsCount = "/articles/7";
  });

  await page.waitForFunction(() => document.querySelector("#late").textContent === "1");
  await page.waitForFunction(() => document.querySelector("#again").textContent === "1");
  const counts = requests.filter((url) => new URL(url).pathname === "/api/v1/counts");
  assert.equal(counts.length, 2, "the first pass, then one for the changes");
  assert.equal(new URL(counts[1]).searchParams.getAll("page").join(), "/articles/7", "only what changed");
  await page.close();
});

test("an article's own count is live from embed.js alone while the comments are far below", async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    window.told = [];
    document.addEventListener("parlons:count", (event) => window.told.push(event.detail));
  });
  await page.goto(`${hostUrl}/article`);
  await page.waitForFunction(() => window.told.length > 0);
  const badge = page.locator("[data-parlons-count]");
  const before = Number(await badge.textContent());

  const response = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: hostUrl },
    body: JSON.stringify({ site: "blog", page: "/articles/7", text: "Un avis de plus" }),
  });
  assert.equal(response.status, 201);

  await page.waitForFunction((expected) => window.told.at(-1) === expected, before + 1);
  assert.equal(await badge.textContent(), String(before + 1));
  assert.ok(!requests.some((url) => /\.wasm|parlons-widget/.test(url)), "the widget was not needed");
  await page.close();
});
