// Single-page sites: the recipe (docs/recipes/spa/index.html), whose router navigates with the
// History API, and the <parlons-comments> element a framework renders. The widget follows
// each navigation with no code of the site's: the new article's thread, count and live
// events, the old stream closed, each page's draft kept for it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import { startServer, launchBrowser, widget, showNew } from "./harness.mjs";

const recipe = readFileSync(resolve(import.meta.dirname, "../../docs/recipes/spa/index.html"), "utf8");
// A page a framework could render: the element, its page set by the app, and embed.js
// without data-site (it then only defines the element).
const elementPage = (server) => `<!doctype html><html lang="fr"><body>
  <p>(<span id="count" data-parlons-count>0</span>) Commentaires</p>
  <parlons-comments site="blog" page="/articles/greve"></parlons-comments>
  <script src="${server}/embed.js" async></script></body></html>`;
let server, browser, site, siteUrl;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "60", PARLONS_POSTS_BURST: "20" });
  site = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(request.url === "/element"
      ? elementPage(server.url)
      : recipe.replaceAll("https://comments.example.org", server.url));
  });
  await new Promise((listening) => site.listen(0, "127.0.0.1", listening));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  server.cli("site", "add", "blog", "--origin", siteUrl);
  // A running server looks for a new site at most every 250 ms.
  await new Promise((waited) => setTimeout(waited, 300));
  await post("/articles/greve", "Inès", "Sur la grève");
  await post("/articles/budget", "Paul", "Sur le budget");
  await post("/articles/budget", "Zoé", "Encore le budget");
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); site?.close(); });

async function post(page, author, text) {
  const answer = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: siteUrl },
    body: JSON.stringify({ site: "blog", page, author, text }),
  });
  assert.equal(answer.status, 201, await answer.text());
}

/** A page that counts the event streams it has open. */
async function countingStreams() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const Original = window.EventSource;
    window.streams = [];
    window.EventSource = class extends Original {
      constructor(...args) { super(...args); window.streams.push(this); }
    };
  });
  return page;
}
const openStreams = (page) => page.evaluate(() => window.streams.filter((s) => s.readyState !== 2).map((s) => s.url));
const badge = (page, selector = "[data-parlons-count]") => page.locator(selector).textContent();

test("a History API navigation shows the next article's thread and count, live, and Back the first", async () => {
  const page = await countingStreams();
  await page.goto(`${siteUrl}/articles/greve`);
  await widget(page).locator(".comment", { hasText: "Sur la grève" }).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "1");

  await page.click("nav >> text=Le budget");

  await widget(page).locator(".comment", { hasText: "Encore le budget" }).waitFor();
  assert.equal(await widget(page).locator(".comment", { hasText: "Sur la grève" }).count(), 0);
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "2");
  assert.equal(await page.locator("#parlons .parlons-host").count(), 1, "the widget moved into the new #parlons");
  const streams = await openStreams(page);
  assert.equal(streams.length, 1, `one stream open: ${streams}`);
  assert.match(streams[0], /page=%2Farticles%2Fbudget/);

  await post("/articles/budget", "Léa", "Arrivé en direct");
  await showNew(page, 10000);
  await widget(page).locator(".comment", { hasText: "Arrivé en direct" }).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "3");

  await page.goBack();

  await widget(page).locator(".comment", { hasText: "Sur la grève" }).waitFor();
  assert.equal(await widget(page).locator(".comment", { hasText: "budget" }).count(), 0);
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "1");
  assert.match((await openStreams(page)).join(), /page=%2Farticles%2Fgreve/);
  await page.close();
});

test("each page's draft is kept for it across navigations", async () => {
  const page = await browser.newPage();
  await page.goto(`${siteUrl}/articles/greve#parlons`);
  const text = widget(page).locator("form textarea").first();
  await text.fill("Brouillon sur la grève");

  await page.click("nav >> text=Le budget");
  await widget(page).locator(".comment", { hasText: "Sur le budget" }).waitFor();
  assert.equal(await widget(page).locator("form textarea").first().inputValue(), "");
  await page.goBack();

  await widget(page).locator(".comment", { hasText: "Sur la grève" }).waitFor();
  assert.equal(await widget(page).locator("form textarea").first().inputValue(), "Brouillon sur la grève");
  await page.close();
});

test("a <parlons-comments> element follows its page attribute and fills badges added later", async () => {
  const page = await countingStreams();
  const counts = [];
  await page.exposeFunction("counted", (n) => counts.push(n));
  await page.goto(`${siteUrl}/element`);
  await page.evaluate(() => document.addEventListener("parlons:count", (event) => window.counted(event.detail)));
  const shown = page.locator("parlons-comments .parlons");
  await shown.locator(".comment", { hasText: "Sur la grève" }).waitFor();
  const counted = await fetch(`${server.url}/api/v1/counts?site=blog&page=%2Farticles%2Fbudget`).then((answer) => answer.json());
  const budget = String(counted.counts["/articles/budget"]);

  await page.evaluate(() => document.querySelector("parlons-comments").setAttribute("page", "/articles/budget"));

  await shown.locator(".comment", { hasText: "Sur le budget" }).waitFor();
  assert.equal(await shown.locator(".comment", { hasText: "Sur la grève" }).count(), 0);
  await page.waitForFunction((budget) => document.querySelector("#count").textContent === budget, budget);
  assert.ok(counts.includes(+budget), `parlons:count told the page: ${counts}`);
  assert.equal((await openStreams(page)).length, 1);

  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<b id="later" data-parlons-count></b>'));
  await page.waitForFunction((budget) => document.querySelector("#later").textContent === budget, budget);

  await page.evaluate(() => document.querySelector("parlons-comments").remove());
  await page.waitForFunction(() => window.streams.every((s) => s.readyState === 2));
  await page.close();
});
