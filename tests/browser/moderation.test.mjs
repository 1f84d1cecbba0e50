// A moderator approves from /admin and an open widget shows the comment live; the author
// sees their own pending comment after a reload, then edits and erases their comments.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, showNew } from "./harness.mjs";

const PASSWORD = "correct horse battery";
let server, browser;

before(async () => {
  server = await startServer({ PARLONS_POSTS_PER_MINUTE: "600", PARLONS_POSTS_BURST: "100" });
  server.cliWithInput(`${PASSWORD}\n`, "moderator", "add", "amelie", "--all-sites", "--password-stdin");
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function openDemo() {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(".count").waitFor();
  return page;
}

async function post(page, text) {
  const form = widget(page).locator("form").first();
  await form.getByLabel("Commentaire").fill(text);
  await form.getByRole("button", { name: "Publier" }).click();
}

test("a moderator approves from /admin with the keyboard and an open widget shows it live", async () => {
  server.cli("site", "update", "demo", "--moderation", "pre");
  await new Promise((wait) => setTimeout(wait, 2500)); // the server rereads sites every 2 s
  const author = await openDemo();
  const reader = await openDemo();

  await post(author, "Un avis à modérer");
  const mine = widget(author).locator(".comment", { hasText: "Un avis à modérer" });
  await mine.getByText("En attente de modération").waitFor();
  await author.reload();
  await widget(author).locator(".comment", { hasText: "Un avis à modérer" }).getByText("En attente de modération").waitFor();
  assert.equal(await widget(reader).locator(".comment", { hasText: "Un avis à modérer" }).count(), 0);

  const admin = await browser.newPage();
  await admin.goto(`${server.url}/admin`);
  await admin.getByLabel("Name").fill("amelie");
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByText("Waiting for approval (1)").waitFor();
  await admin.keyboard.press("j");
  await admin.keyboard.press("a");
  await admin.getByText("Waiting for approval (0)").waitFor();

  await showNew(reader);
  await widget(reader).locator(".comment", { hasText: "Un avis à modérer" }).waitFor();
  await widget(reader).locator(".count", { hasText: "1 commentaire" }).waitFor({ timeout: 5000 });
  const audit = await admin.locator(".audit").textContent();
  assert.match(audit, /approve/);
  assert.match(audit, /sign_in/);
  server.cli("site", "update", "demo", "--moderation", "post");
  await new Promise((wait) => setTimeout(wait, 2500));
  for (const page of [author, reader, admin]) await page.close();
});

test("the author edits and then erases their own comment, and others see both live", async () => {
  const author = await openDemo();
  const reader = await openDemo();
  await post(author, "Premier jet");
  const first = widget(author).locator("li", { has: author.locator("article", { hasText: "Premier jet" }) }).last();
  await first.waitFor();
  // Pinned by id: while the edit form is open the comment's text is not on the page.
  const mine = widget(author).locator(`#${await first.getAttribute("id")} > article`);

  await mine.getByRole("button", { name: "Modifier" }).click();
  await mine.locator("form.edit textarea").fill("Version *corrigée*");
  await mine.getByRole("button", { name: "Enregistrer" }).click();
  const edited = mine;
  await edited.getByText("Version corrigée").waitFor();
  await edited.getByText("modifié").waitFor();
  await showNew(reader);
  await widget(reader).locator(".comment", { hasText: "Version corrigée" }).waitFor({ timeout: 5000 });
  assert.equal(await widget(reader).locator(".comment", { hasText: "Version corrigée" }).getByRole("button", { name: "Modifier" }).count(), 0, "only the author sees Modifier");

  await edited.getByRole("button", { name: "Supprimer" }).click();
  await edited.getByRole("button", { name: "Supprimer définitivement" }).click();

  await widget(author).locator(".comment", { hasText: "Version corrigée" }).waitFor({ state: "detached" });
  await widget(reader).locator(".comment", { hasText: "Version corrigée" }).waitFor({ state: "detached", timeout: 5000 });
  await author.close();
  await reader.close();
});

test("an edit that needs a moderator's review leaves other readers' pages and waits, marked, for its author", async () => {
  const author = await openDemo();
  const reader = await openDemo();
  await post(author, "Un avis sans lien");
  const first = widget(author).locator("li", { has: author.locator("article", { hasText: "Un avis sans lien" }) }).last();
  await first.waitFor();
  const mine = widget(author).locator(`#${await first.getAttribute("id")} > article`);
  await showNew(reader);
  await widget(reader).locator(".comment", { hasText: "Un avis sans lien" }).waitFor({ timeout: 5000 });

  // Three links: more than the demo site's two, so the edit waits as such a post would.
  await mine.getByRole("button", { name: "Modifier" }).click();
  await mine.locator("form.edit textarea").fill("[a](https://a.example) [b](https://b.example) [c](https://c.example)");
  await mine.getByRole("button", { name: "Enregistrer" }).click();

  await widget(author).locator("article.comment.pending", { hasText: "b" }).locator(".pending-note").waitFor({ timeout: 5000 });
  await widget(reader).locator(".comment", { hasText: "Un avis sans lien" }).waitFor({ state: "detached", timeout: 5000 });
  assert.equal(await widget(reader).locator(".comment a[href='https://a.example/']").count(), 0, "readers never see the edited text");
  await author.close();
  await reader.close();
});
