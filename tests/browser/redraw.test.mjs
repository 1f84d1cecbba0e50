// What is on screen stays on screen: the widget draws the thread itself (no framework view),
// keeping each comment's elements while what it shows is the same. A new comment, a reply,
// an edit and an erasure redraw only the comment they touch, in its place.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, showNew } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function api(method, path, body, token) {
  const headers = { "content-type": "application/json", origin: server.url };
  if (token) headers["x-edit-token"] = token;
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

const post = (text, parent) => api("POST", "/comments", { site: "demo", page: "/", text, parent, author: "Ada" });

/** Tags the `li` and `article` of each comment now on screen, to recognise them later. */
function tagAll(page) {
  return page.evaluate(() => {
    const root = document.querySelector(".parlons-host").shadowRoot;
    for (const item of root.querySelectorAll("li[id^='parlons-']")) {
      item.tagged = item.id;
      item.querySelector(":scope > article").tagged = item.id;
    }
  });
}

/** For comment `id`: whether its `li` and its `article` are the elements tagged before. */
function kept(page, id) {
  return page.evaluate((id) => {
    const item = document.querySelector(".parlons-host").shadowRoot.getElementById(`parlons-${id}`);
    return { item: item?.tagged === item?.id, article: item?.querySelector(":scope > article").tagged === item?.id };
  }, id);
}

/** The ids of the comments on screen, in document order, with their parent's id. */
function shape(page) {
  return page.evaluate(() => [...document.querySelector(".parlons-host").shadowRoot
    .querySelectorAll("li[id^='parlons-']")].map((item) => {
    const parent = item.parentElement.closest("li[id^='parlons-']");
    return `${item.id.slice(8)}${parent ? "<" + parent.id.slice(8) : ""}`;
  }));
}

test("new comments, a reply, an edit and an erasure redraw only the comment they touch", async () => {
  const first = await post("Premier");
  const second = await post("Deuxième");
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(".comment", { hasText: "Deuxième" }).waitFor();
  await tagAll(page);

  const reply = await post("Réponse au premier", first.id);
  const third = await post("Troisième");
  await showNew(page);
  await widget(page).locator(".comment", { hasText: "Troisième" }).waitFor();
  assert.deepEqual(await shape(page), [`${first.id}`, `${reply.id}<${first.id}`, `${second.id}`, `${third.id}`]);
  assert.deepEqual(await kept(page, first.id), { item: true, article: true }, "a reply leaves its parent as it was");
  assert.deepEqual(await kept(page, second.id), { item: true, article: true });

  await tagAll(page);
  await api("PATCH", `/comments/${first.id}`, { text: "Premier, corrigé" }, first.edit_token);
  await widget(page).locator(".comment", { hasText: "Premier, corrigé" }).waitFor({ timeout: 5000 });
  assert.deepEqual(await kept(page, first.id), { item: true, article: false }, "the edited comment is drawn anew in its place");
  assert.deepEqual(await kept(page, reply.id), { item: true, article: true }, "its reply is not redrawn");
  assert.deepEqual(await kept(page, second.id), { item: true, article: true });

  await api("DELETE", `/comments/${second.id}`, undefined, second.edit_token);
  await widget(page).locator(".comment", { hasText: "Deuxième" }).waitFor({ state: "detached", timeout: 5000 });
  assert.deepEqual(await shape(page), [`${first.id}`, `${reply.id}<${first.id}`, `${third.id}`]);
  assert.deepEqual(await kept(page, third.id), { item: true, article: true });
  await page.close();
});

test("a comment erased under its replies keeps its place, drawn as erased", async () => {
  const parent = await post("Parent bientôt effacé");
  const child = await post("Réponse qui reste", parent.id);
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(".comment", { hasText: "Réponse qui reste" }).waitFor();
  await tagAll(page);

  await api("DELETE", `/comments/${parent.id}`, undefined, parent.edit_token);
  await widget(page).locator(`#parlons-${parent.id} > article .deleted`).waitFor({ timeout: 5000 });
  assert.deepEqual(await kept(page, parent.id), { item: true, article: false });
  assert.deepEqual(await kept(page, child.id), { item: true, article: true }, "the reply stays, untouched");
  await page.close();
});
