// The widget's side of the spam defenses: it fetches a challenge when the form appears,
// solves the site's proof of work in the background, waits out the minimum time when the
// reader is quicker, and never shows the hidden field to people.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "2", PARLONS_POW_BITS: "12" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a quick reader's post waits for the minimum time and carries a solved challenge", async () => {
  const page = await browser.newPage();
  const posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/comments")) {
      posts.push({ at: Date.now(), body: JSON.parse(request.postData()) });
    }
  });
  const powLoads = [];
  page.on("request", (request) => { if (request.url().includes("/pow.js")) powLoads.push(request.url()); });
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form").first();
  await form.waitFor();
  const shown = Date.now();

  await form.getByLabel("Commentaire").fill("Vite écrit, bien publié");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).locator(".comment", { hasText: "Vite écrit, bien publié" }).waitFor({ timeout: 10000 });

  assert.equal(posts.length, 1, "one post, accepted the first time");
  assert.ok(posts[0].at - shown >= 1500, `posted ${posts[0].at - shown} ms after the form appeared`);
  assert.match(posts[0].body.challenge, /^\d+\.[0-9a-f]{24}\.[0-9a-f]{32}$/);
  assert.match(posts[0].body.solution, /^\d+$/);
  assert.equal(posts[0].body.trap, undefined, "the hidden field stays empty");
  assert.equal(powLoads.length, 1, "pow.js is loaded once, on this site that asks a proof");
  await page.close();
});

test("the hidden field is out of sight and out of the tab order, and a program filling it is refused", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form").first();
  await form.waitFor();
  const trap = form.locator(".trap input");

  // Clipped in place to one pixel of nothing (moved aside, it widened right-to-left pages).
  const shown = await form.locator(".trap").evaluate((element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return { width: box.width, height: box.height, overflow: style.overflow, clip: style.clip };
  });
  assert.deepEqual(shown, { width: 1, height: 1, overflow: "hidden", clip: "rect(0px, 0px, 0px, 0px)" });
  assert.equal(await trap.getAttribute("tabindex"), "-1");
  assert.equal(await form.locator(".trap").getAttribute("aria-hidden"), "true");

  await trap.fill("https://spam.example", { force: true });
  await form.getByLabel("Commentaire").fill("Message de robot");
  await form.getByRole("button", { name: "Publier" }).click();

  const alert = form.getByRole("alert");
  await alert.filter({ hasText: "automatisé" }).waitFor({ timeout: 10000 });
  assert.equal(await widget(page).locator(".comment", { hasText: "Message de robot" }).count(), 0);
  await page.close();
});
