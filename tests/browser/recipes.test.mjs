// The plain HTML recipe (docs/recipes/plain/article.html), served as it is but for the comment
// server's address: a reader sees the thread, the count beside the date, and posts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import { startServer, launchBrowser, widget } from "./harness.mjs";

const recipe = readFileSync(resolve(import.meta.dirname, "../../docs/recipes/plain/article.html"), "utf8");
let server, browser, site, siteUrl;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
  site = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(recipe.replaceAll("https://comments.example.org", server.url));
  });
  await new Promise((listening) => site.listen(0, "127.0.0.1", listening));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  server.cli("site", "add", "blog", "--origin", siteUrl);
  // A running server looks for a new site at most every 250 ms.
  await new Promise((waited) => setTimeout(waited, 300));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); site?.close(); });

test("the plain HTML recipe shows the thread under the article and its count beside the date", async () => {
  const posted = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: siteUrl },
    body: JSON.stringify({ site: "blog", page: "/articles/greve.html", author: "Inès", text: "Merci !" }),
  });
  assert.equal(posted.status, 201);
  const page = await browser.newPage();

  await page.goto(`${siteUrl}/articles/greve.html`);

  await widget(page).locator(".comment", { hasText: "Merci !" }).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "1");
  assert.equal(await page.locator("section#parlons .parlons-host").count(), 1, "the widget is in #parlons");
  await page.close();
});
