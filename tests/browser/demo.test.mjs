// The demo article: a reader sees the thread in French, posts through the widget's own form,
// and a second reader sees the comment and the count arrive without reloading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser;
before(async () => {
  // These tests post more than the default allowance of 3 at once.
  server = await startServer({ PARLONS_POSTS_PER_MINUTE: "600", PARLONS_POSTS_BURST: "100" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function openDemo() {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`${server.url}/`);
  await widget(page).locator(".count").waitFor();
  return { page, requests };
}

async function post(page, text, name) {
  const form = widget(page).locator("form").first();
  if (name !== undefined) await form.getByLabel("Nom").fill(name);
  await form.getByLabel("Commentaire").fill(text);
  await form.getByRole("button", { name: "Publier" }).click();
}

test("the demo article shows the widget in French with the thread of page /", async () => {
  const { page } = await openDemo();

  await widget(page).getByText("Soyez le premier à commenter.").waitFor();

  assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  assert.match(await widget(page).locator(".count").textContent(), /Aucun commentaire|[\d\s]+ commentaires?/);
  await page.close();
});

test("a post appears at once for its author, and behind a new-comments button in a second open page", async () => {
  const first = await openDemo();
  const second = await openDemo();

  await post(first.page, "Très bon article, **merci** !", "Camille");

  const mine = widget(first.page).locator(".comment", { hasText: "Très bon article" });
  await mine.waitFor();
  assert.equal(await mine.locator("strong").textContent(), "merci");
  const button = widget(second.page).getByRole("button", { name: "Afficher 1 nouveau commentaire" });
  await button.waitFor({ timeout: 5000 });
  const theirs = widget(second.page).locator(".comment", { hasText: "Très bon article" });
  assert.equal(await theirs.count(), 0, "the text does not move under the reader's eyes");
  await button.click();
  await theirs.waitFor();
  assert.equal(await widget(second.page).locator("button.new-comments").count(), 0);
  await second.page.waitForFunction(() => document.querySelector(".parlons-host").shadowRoot
    .activeElement?.textContent.includes("Très bon article"), null, { timeout: 5000 });
  assert.equal(await theirs.locator(".author").textContent(), "Camille");
  await widget(second.page).locator(".count", { hasText: "1 commentaire" }).waitFor({ timeout: 5000 });
  await first.page.close();
  await second.page.close();
});

test("a reply is nested under its parent and focus moves to it", async () => {
  const { page } = await openDemo();
  await post(page, "Question ouverte");
  const parent = widget(page).locator("li", { has: page.locator("article", { hasText: "Question ouverte" }) }).last();
  await parent.waitFor();

  await parent.getByRole("button", { name: "Répondre" }).click();
  const replyForm = parent.locator("form");
  await replyForm.getByLabel("Commentaire").fill("Une réponse imbriquée");
  await replyForm.getByRole("button", { name: "Publier" }).click();

  const reply = parent.locator("ol.nested .comment", { hasText: "Une réponse imbriquée" });
  await reply.waitFor();
  // The widget moves the focus on the frame after the reply is drawn: wait for it (5 s).
  const focusedText = () => document.querySelector(".parlons-host").shadowRoot.activeElement?.textContent ?? "";
  await page.waitForFunction((text) => {
    const root = document.querySelector(".parlons-host").shadowRoot;
    return (root.activeElement?.textContent ?? "").includes(text);
  }, "Une réponse imbriquée", { timeout: 5000 }).catch(() => {});
  assert.match(await page.evaluate(focusedText), /Une réponse imbriquée/);
  await page.close();
});

test("the reader's name is remembered and an unsent draft survives a reload", async () => {
  const { page } = await openDemo();
  await post(page, "Premier message", "Dominique");
  await widget(page).locator(".comment", { hasText: "Premier message" }).waitFor();
  await widget(page).locator("form").first().getByLabel("Commentaire").fill("Brouillon en cours");

  await page.reload();
  await widget(page).locator(".count").waitFor();

  const form = widget(page).locator("form").first();
  assert.equal(await form.getByLabel("Nom").inputValue(), "Dominique");
  assert.equal(await form.getByLabel("Commentaire").inputValue(), "Brouillon en cours");
  await page.close();
});

test("an empty comment is refused next to the form, in French", async () => {
  const { page } = await openDemo();

  await widget(page).locator("form").first().getByRole("button", { name: "Publier" }).click();

  const alert = widget(page).locator("form").first().getByRole("alert");
  assert.equal(await alert.textContent(), "Écrivez quelque chose avant de publier.");
  await page.close();
});

test("no request leaves the comment server's origin", async () => {
  const { page, requests } = await openDemo();
  await post(page, "Vérification des requêtes");
  await widget(page).locator(".comment", { hasText: "Vérification des requêtes" }).waitFor();

  const origin = new URL(server.url).origin;
  const foreign = requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((url) => new URL(url).pathname.endsWith(".wasm")), "the widget's wasm was loaded");
  await page.close();
});

test("the reply-email box needs an email, and the post then asks for reply emails", async () => {
  const { page } = await openDemo();
  const form = widget(page).locator("form").first();
  const notify = form.getByLabel("Me prévenir par e-mail des réponses");

  assert.equal(await notify.isDisabled(), true);
  await form.getByLabel(/^E-mail/).fill("lea@example.org");
  await notify.check();
  await form.getByLabel("Commentaire").fill("Prévenez-moi");
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/v1/comments") && r.method() === "POST");
  await form.getByRole("button", { name: "Publier" }).click();

  const body = JSON.parse((await sent).postData());
  assert.equal(body.email, "lea@example.org");
  assert.equal(body.notify, true);
  await widget(page).locator(".comment", { hasText: "Prévenez-moi" }).waitFor();
  await page.close();
});

test("the preview shows the server's rendering, and typing again hides it", async () => {
  const { page } = await openDemo();
  const form = widget(page).locator("form").first();
  await form.getByLabel("Commentaire").fill("Un **aperçu** avec <script>x</script>");
  const button = form.getByRole("button", { name: "Aperçu" });

  await button.click();
  const preview = form.getByRole("region", { name: "Aperçu" });
  await preview.waitFor();

  assert.equal(await preview.locator("strong").textContent(), "aperçu");
  assert.match(await preview.textContent(), /<script>x<\/script>/, "raw HTML is shown as text");
  assert.equal(await button.getAttribute("aria-pressed"), "true");
  await form.getByLabel("Commentaire").fill("Autre chose");
  await preview.waitFor({ state: "detached" });
  assert.equal(await widget(page).locator(".comment", { hasText: "aperçu" }).count(), 0, "nothing was posted");
  await page.close();
});

test("a comment's time is said relatively in French, with the full date in its title", async () => {
  const { page } = await openDemo();
  await post(page, "Quelle heure est-il ?");
  const time = widget(page).locator(".comment", { hasText: "Quelle heure est-il" }).locator("time");
  await time.waitFor();

  assert.match(await time.textContent(), /^(maintenant|il y a \d+ secondes?)$/);
  assert.match(await time.getAttribute("title"), /\d{4}/, "the full date, with its year");
  await page.close();
});

/** A reader of the demo article whose page records each `parlons:count` it is told. */
async function countingReader() {
  const reader = await browser.newPage();
  await reader.addInitScript(() => {
    window.told = [];
    document.addEventListener("parlons:count", (event) => window.told.push(event.detail));
  });
  await reader.goto(`${server.url}/`);
  await reader.waitForFunction(() => window.told.length > 0);
  return { reader, header: reader.locator("p.meta [data-parlons-count]") };
}

test("the article's header count follows the thread live, and the page is told", async () => {
  const { reader, header } = await countingReader();
  await reader.waitForFunction(() => document.querySelector(".parlons-host").dataset.count !== undefined);
  const before = Number(await header.textContent());

  const { page: writer } = await openDemo();
  await post(writer, "Posté depuis une autre page");

  await reader.waitForFunction((expected) => window.told.at(-1) === expected, before + 1);
  assert.equal(await reader.locator(".meta a").textContent(), `(${before + 1}) Commentaires`);
  await reader.close();
  await writer.close();
});


test("a reader's post tells the page: parlons:posted with the new comment's id", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.posted = [];
    document.addEventListener("parlons:posted", (event) => window.posted.push(event.detail));
  });
  await page.goto(`${server.url}/`);
  await widget(page).locator(".count").waitFor();

  await post(page, "Un commentaire que la page apprend");

  await page.waitForFunction(() => window.posted.length === 1);
  const id = await page.evaluate(() => window.posted[0]);
  assert.equal(await widget(page).locator(`#parlons-${id}`).textContent().then((text) => text.includes("que la page apprend")), true);
  await page.close();
});
