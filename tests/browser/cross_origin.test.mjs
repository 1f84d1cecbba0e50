// A host page on another origin, with hostile CSS, embeds the widget with one script tag.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser, host, hostUrl;

const hostPage = (apiUrl) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Someone's blog</title>
<link rel="icon" href="data:,">
<style>
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; }
  button { display: none !important; }
  div { border: 3px solid rgb(0, 128, 0); }
  .count, form, label { visibility: hidden !important; }
  #probe { color: rgb(1, 2, 3); }
</style></head>
<body><article><h1>A post</h1><p id="probe" class="count">host text</p></article>
<script src="${apiUrl}/embed.js" data-site="blog" data-page="/posts/hello" async></script>
</body></html>`;

before(async () => {
  server = await startServer();
  host = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(hostPage(server.url));
  });
  await new Promise((listening) => host.listen(0, "localhost", listening));
  hostUrl = `http://localhost:${host.address().port}`;
  server.cli("site", "add", "blog", "--origin", hostUrl);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); host?.close(); });

test("a page on another origin loads the widget, in the page's language, and posts", async () => {
  const page = await browser.newPage();
  await page.goto(`${hostUrl}/posts/hello`);
  const form = widget(page).locator("form").first();
  await form.waitFor();

  await form.getByLabel("Comment").fill("Hello from another origin");
  await form.getByRole("button", { name: "Post comment" }).click();

  await widget(page).locator(".comment", { hasText: "Hello from another origin" }).waitFor();
  await widget(page).locator(".count", { hasText: "1 comment" }).waitFor();
  const thread = await (await fetch(`${server.url}/api/v1/threads?site=blog&page=/posts/hello`)).json();
  assert.equal(thread.count, 1);
  await page.close();
});

test("the host page's CSS does not change the widget, nor the widget's CSS the host page", async () => {
  const page = await browser.newPage();
  await page.goto(`${hostUrl}/posts/hello`);
  const button = widget(page).getByRole("button", { name: "Post comment" });
  await button.waitFor();

  const inside = await button.evaluate((element) => {
    const style = getComputedStyle(element);
    return { display: style.display, color: style.color, font: style.fontFamily, visible: element.checkVisibility() };
  });
  const label = await widget(page).locator("label").first().evaluate((e) => getComputedStyle(e).visibility);
  const probe = await page.locator("#probe").evaluate((element) => getComputedStyle(element).color);

  assert.notEqual(inside.display, "none");
  assert.ok(inside.visible, "the host's `button { display: none }` does not reach the widget");
  assert.notEqual(inside.color, "rgb(255, 0, 0)");
  assert.doesNotMatch(inside.font, /^serif$/);
  assert.equal(label, "visible");
  assert.equal(probe, "rgb(255, 0, 0)", "the widget's .count rule does not reach the host's .count");
  await page.close();
});

test("a page whose origin the site does not allow cannot post, and says so", async () => {
  server.cli("site", "update", "blog", "--origin", "https://elsewhere.example");
  await new Promise((wait) => setTimeout(wait, 2500)); // the server rereads sites every 2 s
  const page = await browser.newPage();
  const posts = [];
  page.on("response", (response) => { if (response.url().endsWith("/api/v1/comments")) posts.push(response.status()); });
  await page.goto(`${hostUrl}/posts/hello`);

  const loaded = await widget(page).locator(".count").waitFor({ timeout: 5000 }).then(() => true, () => false);

  // The API refuses this origin (no CORS headers), so the thread cannot load.
  assert.equal(posts.length, 0);
  if (loaded) {
    assert.match(await widget(page).locator(".note:visible").first().textContent(), /could not be loaded|Loading/);
  }
  server.cli("site", "update", "blog", "--origin", hostUrl);
  await page.close();
});
