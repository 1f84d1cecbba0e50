// axe-core (the accessibility engine of the browsers' audit tools) on the demo page with the
// widget in each state a reader meets: an empty thread, a form error, a thread, new comments
// waiting, votes and the sort menu, a pending comment. No violation of WCAG 2.2 A or AA is allowed; axe looks inside the shadow root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, axeViolations as violations } from "./harness.mjs";

let server, browser, context;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The demo page's Content-Security-Policy would refuse the injected axe script.
  context = await browser.newContext({ bypassCSP: true });
});
after(async () => { await browser?.close(); await server?.stop(); });

async function demo() {
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form").first();
  await form.waitFor();
  await widget(page).locator(".count").waitFor();
  return { page, form };
}

test("an empty thread and its form have no WCAG 2.2 AA violation", async () => {
  const { page } = await demo();
  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("a form error has no violation", async () => {
  const { page, form } = await demo();
  await form.getByRole("button", { name: "Publier" }).click();
  await form.getByRole("alert").filter({ hasText: /\S/ }).waitFor();

  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("a thread with a reply has no violation", async () => {
  const { page, form } = await demo();
  await form.getByLabel("Nom").fill("Zoé");
  await form.getByLabel("Commentaire").fill("Un avis **net**, avec [un lien](https://example.org).");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).locator(".comment", { hasText: "Un avis" }).waitFor({ timeout: 10000 });

  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("the button showing comments others posted has no violation", async () => {
  const { page } = await demo();
  const challenge = await (await fetch(`${server.url}/api/v1/challenge?site=demo`)).json();
  await new Promise((wait) => setTimeout(wait, challenge.min_seconds * 1000 + 100));
  const posted = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ site: "demo", page: "/", text: "D'un autre lecteur", challenge: challenge.token }),
  });
  assert.equal(posted.status, 201);
  await widget(page).locator("button.new-comments").waitFor({ timeout: 5000 });

  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("vote buttons, a cast vote and the sort menu have no violation", async () => {
  server.cli("site", "update", "demo", "--votes", "up_down");
  // The server sees the change within two seconds.
  await new Promise((wait) => setTimeout(wait, 2500));
  const { page } = await demo();
  const up = widget(page).getByRole("button", { name: "Voter pour" }).first();
  await widget(page).getByRole("button", { name: "Voter contre" }).first().waitFor();
  await widget(page).getByLabel("Trier par").waitFor();
  await up.click();
  await widget(page).locator('.vote[aria-pressed="true"]').waitFor();

  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("a comment waiting for a moderator has no violation", async () => {
  server.cli("site", "update", "demo", "--moderation", "pre");
  // The server sees the change within two seconds.
  await new Promise((wait) => setTimeout(wait, 2500));
  const { page, form } = await demo();
  await form.getByLabel("Commentaire").fill("En attente de modération");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).locator(".comment", { hasText: "En attente de modération" }).waitFor({ timeout: 10000 });

  assert.deepEqual(await violations(page), []);
  await page.close();
});

test("axe looks inside the widget's shadow root (a planted unlabeled field is found)", async () => {
  const { page } = await demo();
  await page.evaluate(() => {
    const planted = document.createElement("input");
    document.querySelector(".parlons-host").shadowRoot.querySelector(".parlons").append(planted);
  });

  const found = await violations(page);
  assert.ok(found.some((line) => line.startsWith("label ")), found.join("\n"));
  await page.close();
});
