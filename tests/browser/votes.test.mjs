// Readers vote without an account and sort the thread: a vote counts once per reader, shows
// pressed, is remembered, can be taken back, moves the score for every open page live; the
// thread sorts by newest (conversations, replies kept under their parent) and by top.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, assertRoots } from "./harness.mjs";

let server, browser;
const ids = {};

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  server.cli("site", "update", "demo", "--votes", "up_down");
  await new Promise((wait) => setTimeout(wait, 2500));
  const post = async (text, parent) => {
    const answer = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ site: "demo", page: "/", text, parent }),
    });
    assert.equal(answer.status, 201);
    return (await answer.json()).id;
  };
  ids.a = await post("Alpha");
  ids.a1 = await post("Réponse à Alpha", ids.a);
  ids.b = await post("Bravo");
  ids.c = await post("Charlie");
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function open(context) {
  const page = await (context || browser).newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(`#parlons-${ids.c}`).waitFor();
  return page;
}

const item = (page, id) => widget(page).locator(`#parlons-${id} > article`);
const score = (page, id) => item(page, id).locator(".score");

test("a vote counts, shows pressed, moves the score for every open page, and is remembered", async () => {
  const reader = await browser.newContext();
  const page = await open(reader);
  const other = await open();

  await item(page, ids.b).getByRole("button", { name: "Voter pour" }).click();

  // The live event may move the score before the vote's own answer marks the button.
  await item(page, ids.b).locator('.vote.up[aria-pressed="true"]').waitFor();
  assert.equal(await score(page, ids.b).textContent(), "1");
  await score(other, ids.b).filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
  const again = await open(reader);
  assert.equal(await score(again, ids.b).textContent(), "1");
  assert.equal(await item(again, ids.b).getByRole("button", { name: "Voter pour" }).getAttribute("aria-pressed"), "true");
  await Promise.all([page.close(), other.close(), again.close()]);
  await reader.close();
});

test("pressing again takes the vote back; a down vote counts against", async () => {
  const reader = await browser.newContext();
  const page = await open(reader);
  const up = item(page, ids.a).getByRole("button", { name: "Voter pour" });

  await up.click();
  await item(page, ids.a).locator('.vote.up[aria-pressed="true"]').waitFor();
  await score(page, ids.a).filter({ hasText: /^1$/ }).waitFor();
  await up.click();
  await item(page, ids.a).locator('.vote.up[aria-pressed="false"]').waitFor();
  await score(page, ids.a).filter({ hasText: /^0$/ }).waitFor();
  await item(page, ids.c).getByRole("button", { name: "Voter contre" }).click();
  await score(page, ids.c).filter({ hasText: /^-1$/ }).waitFor();

  await page.close();
  await reader.close();
});

test("the thread sorts by newest conversations and by top score, replies under their parent", async () => {
  // Bravo +1, Alpha 0, Charlie -1 (the tests above).
  const page = await open();
  const sort = widget(page).getByLabel("Trier par");

  await sort.selectOption("newest");
  await assertRoots(page, ["Charlie", "Bravo", "Alpha"]);
  assert.equal(await item(page, ids.a1).count(), 1);
  assert.equal(await widget(page).locator(`#parlons-${ids.a} #parlons-${ids.a1}`).count(), 1, "the reply stays under Alpha");

  await sort.selectOption("top");
  await assertRoots(page, ["Bravo", "Alpha", "Charlie"]);

  await sort.selectOption("oldest");
  await assertRoots(page, ["Alpha", "Bravo", "Charlie"]);
  await page.close();
});

test("a second press before the first vote's answer is not sent again", async () => {
  const reader = await browser.newContext();
  const page = await open(reader);
  let sent = 0;
  await page.route(`**/api/v1/comments/${ids.a1}/vote`, async (route) => {
    sent += 1;
    await new Promise((wait) => setTimeout(wait, 500));
    await route.continue();
  });
  const up = item(page, ids.a1).getByRole("button", { name: "Voter pour" });

  await up.click();
  await up.click();

  await item(page, ids.a1).locator('.vote.up[aria-pressed="true"]').waitFor();
  await new Promise((wait) => setTimeout(wait, 700));
  assert.equal(sent, 1);
  assert.equal(await score(page, ids.a1).textContent(), "1");
  assert.equal(await up.getAttribute("aria-pressed"), "true");
  await page.close();
  await reader.close();
});

test("without localStorage a reader is one voter for the page view and can take a vote back", async () => {
  const reader = await browser.newContext();
  // Private modes and strict settings: any use of localStorage throws.
  await reader.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
  });
  const page = await open(reader);
  const voters = [];
  page.on("request", (request) => {
    if (request.url().endsWith(`/comments/${ids.b}/vote`)) voters.push(JSON.parse(request.postData()).voter);
  });
  const up = item(page, ids.b).getByRole("button", { name: "Voter pour" });
  const before = Number(await score(page, ids.b).textContent());

  await up.click();
  await item(page, ids.b).locator('.vote.up[aria-pressed="true"]').waitFor();
  await up.click();
  await item(page, ids.b).locator('.vote.up[aria-pressed="false"]').waitFor();

  assert.equal(voters.length, 2);
  assert.equal(voters[0], voters[1], "one voter id for the page view");
  assert.match(voters[0], /^[0-9a-f]{32}$/);
  assert.equal(Number(await score(page, ids.b).textContent()), before, "the second press took the vote back");
  await page.close();
  await reader.close();
});
