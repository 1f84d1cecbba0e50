// The Hugo recipe (docs/recipes/hugo), built by Debian's hugo against a running server: the
// article's published comments are in the built HTML (crawlable), and in a browser the widget
// takes them over, with the article's count beside its date.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, normalize } from "node:path";
import { startServer, launchBrowser, widget } from "./harness.mjs";

const recipe = resolve(import.meta.dirname, "../../docs/recipes/hugo");
const ARTICLE = "/articles/greve/";
let server, browser, site, siteUrl, dir;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
  dir = mkdtempSync(join(tmpdir(), "parlons-hugo-"));
  const output = join(dir, "public");
  // The built site, served as files.
  site = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(output, path, path.endsWith("/") ? "index.html" : "");
    if (!file.startsWith(output) || !existsSync(file)) { response.writeHead(404).end(); return; }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(file));
  });
  await new Promise((listening) => site.listen(0, "127.0.0.1", listening));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  server.cli("site", "add", "blog", "--origin", siteUrl);
  server.cli("site", "update", "blog", "--crawlable", "true");
  // A running server looks for a new site at most every 250 ms.
  await new Promise((waited) => setTimeout(waited, 300));
  const posted = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: siteUrl },
    body: JSON.stringify({ site: "blog", page: ARTICLE, author: "Inès", text: "Les bus partent à *7 h 10*." }),
  });
  assert.equal(posted.status, 201);

  // Built from a copy, so the recipe's folder gets none of hugo's files.
  cpSync(recipe, join(dir, "source"), { recursive: true });
  execFileSync("hugo", ["--source", join(dir, "source"), "--destination", output, "--baseURL", `${siteUrl}/`, "--quiet"], {
    env: { ...process.env, HUGO_PARAMS_PARLONS_SERVER: server.url },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the built article holds its published comments as HTML, for readers without JavaScript", async () => {
  const html = await (await fetch(`${siteUrl}${ARTICLE}`)).text();

  assert.match(html, /<section id="parlons"[^>]*>[^]*Les bus partent à <em>7 h 10<\/em>/);
  assert.match(html, /Inès/);
  assert.match(html, new RegExp(`<script src="${server.url}/embed.js" data-site="blog" data-page="${ARTICLE}" async>`));
});

test("in a browser the widget takes the comments over, with the count beside the date", async () => {
  const page = await browser.newPage();
  await page.goto(`${siteUrl}${ARTICLE}`);

  await widget(page).locator(".comment", { hasText: "Les bus partent" }).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-parlons-count]").textContent === "1");
  assert.equal(await page.locator("#parlons [data-parlons-static]").count(), 0, "the built HTML gave way to the widget");
  await page.close();
});
