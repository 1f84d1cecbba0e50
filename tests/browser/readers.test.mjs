// Readers sign in by a link mailed to them (through a real SMTP server): on one browser, then
// on a second with a second link, which edits and erases what the first posted; their
// comments say they are confirmed; a site for signed-in readers tells the others to sign in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, startMailServer, launchBrowser, widget, axeViolations } from "./harness.mjs";

const EMAIL = "zoe.martin@example.fr";
let server, smtp, browser;

before(async () => {
  smtp = await startMailServer();
  server = await startServer({ ...smtp.env, PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); smtp?.stop(); });

const links = new Set();

// In a new browser (context): opens the demo page, asks for a sign-in link, and follows the
// new one the mailbox gets. Resolves to the signed-in page.
async function signIn() {
  // (The demo page's Content-Security-Policy would keep axe out.)
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator("[data-act=account]").click();
  const panel = widget(page).locator(".account-panel");
  await panel.getByLabel("Votre adresse e-mail").fill(EMAIL);
  assert.deepEqual(await axeViolations(page), [], "the sign-in form");
  await panel.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await panel.getByText("Consultez votre boîte").waitFor();

  const mail = await smtp.waitFor((mail) => mail.to == EMAIL && !links.has(mail.body.match(/http\S+#parlons-signin=\w+/)[0]));
  const link = mail.body.match(/http\S+#parlons-signin=\w+/)[0];
  links.add(link);
  assert.ok(link.startsWith(`${server.url}/#parlons-signin=`), link);
  // The reader opens the link from their mailbox: a new tab.
  const opened = await context.newPage();
  await page.close();
  await opened.goto(link);
  await widget(opened).locator(".account-panel").getByText("Vous êtes connecté·e").first().waitFor();
  assert.ok(!opened.url().includes("parlons-signin"), "the secret leaves the address bar");
  await widget(opened).locator("[data-act=account]", { hasText: "Mon compte" }).waitFor();
  return opened;
}

test("a reader signs in by email, posts as confirmed, and a second device edits and erases it", async () => {
  const laptop = await signIn();
  assert.deepEqual(await axeViolations(laptop), [], "the signed-in panel");
  const form = widget(laptop).locator("form.form").first();
  await form.getByLabel("Nom").fill("Zoé");
  await form.getByLabel("Commentaire").fill("Écrit depuis l'ordinateur");
  await form.getByRole("button", { name: "Publier" }).click();
  const posted = widget(laptop).locator(".comment", { hasText: "Écrit depuis l'ordinateur" });
  await posted.locator(".badge", { hasText: "Confirmé" }).waitFor();

  const phone = await signIn();
  // Pinned by id: while the edit form is open the comment's text is not on the page.
  const item = widget(phone).locator("li", { has: phone.locator("article", { hasText: "Écrit depuis l'ordinateur" }) }).last();
  const mine = widget(phone).locator(`#${await item.getAttribute("id")} > article`);
  await mine.getByRole("button", { name: "Modifier" }).click();
  await mine.locator("form.edit textarea").fill("Corrigé depuis le téléphone");
  await mine.getByRole("button", { name: "Enregistrer" }).click();
  await mine.getByText("Corrigé depuis le téléphone").waitFor();
  await mine.getByRole("button", { name: "Supprimer" }).click();
  await mine.getByRole("button", { name: "Supprimer définitivement" }).click();
  await widget(phone).locator(".comment", { hasText: "Corrigé depuis le téléphone" }).waitFor({ state: "detached" });

  // "My comments" lists nothing now; signing out leaves the widget for anyone. (The panel
  // is still open from signing in: the button would close it.)
  assert.equal(await widget(phone).locator("[data-act=account]").getAttribute("aria-expanded"), "true");
  const panel = widget(phone).locator(".account-panel");
  await panel.getByRole("button", { name: "Mes commentaires" }).click();
  await panel.getByText("Vous n'avez encore aucun commentaire sur ce site.").waitFor();
  await Promise.all([phone.waitForEvent("load"), panel.getByRole("button", { name: "Se déconnecter", exact: true }).click()]);
  await widget(phone).locator("[data-act=account]", { hasText: "Se connecter" }).waitFor();
  await laptop.context().close();
  await phone.context().close();
});

test("a link used twice says so and signs no one in", async () => {
  const first = await signIn();
  const used = [...links].at(-1);
  const again = await (await browser.newContext()).newPage();
  await again.goto(used);
  await widget(again).locator(".account-panel").getByText("Ce lien de connexion a déjà servi").waitFor();
  await widget(again).locator("[data-act=account]", { hasText: "Se connecter" }).waitFor();
  await first.context().close();
  await again.context().close();
});

test("an address the server refuses, or too many links, are said in the reader's language", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator("[data-act=account]").click();
  const panel = widget(page).locator(".account-panel");
  const email = panel.getByLabel("Votre adresse e-mail");
  const send = panel.getByRole("button", { name: "Recevoir un lien de connexion" });

  // The browser lets "a@b" through; the server wants a domain with a dot.
  await email.fill("a@b");
  await send.click();
  await panel.getByText("Cette adresse ne semble pas correcte").waitFor();
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  // Three live links a mailbox, three at once from an address (the tests before asked some).
  const limited = panel.getByText("Trop de liens ont été demandés");
  await email.fill("trop.souvent@example.fr");
  for (let asked = 0; asked < 4 && !(await limited.count()); asked++) {
    await send.click();
    await page.waitForTimeout(300);
  }
  await limited.waitFor();
  await page.context().close();
});

test("a site for signed-in readers tells an anonymous reader to sign in", async () => {
  server.cli("site", "update", "demo", "--readers", "confirmed");
  await new Promise((wait) => setTimeout(wait, 2500)); // the server rereads sites every 2 s
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form.form").first();
  await form.getByLabel("Commentaire").fill("Sans compte");
  await form.getByRole("button", { name: "Publier" }).click();
  await form.getByText("Connectez-vous pour commenter.").waitFor();
  server.cli("site", "update", "demo", "--readers", "anyone");
  await context.close();
});

test("the account panel has every word in each of the widget's twelve languages", async () => {
  const { WORDS } = await import("../../frontend/account_words.js");
  const languages = "en fr de es it pt nl pl ru ja zh ar".split(" ");
  assert.deepEqual(Object.keys(WORDS).sort(), [...languages].sort());
  for (const language of languages) {
    assert.deepEqual(Object.keys(WORDS[language]), Object.keys(WORDS.en), language);
    for (const [key, text] of Object.entries(WORDS[language])) {
      assert.ok(text.trim(), `${language}.${key}`);
      for (const slot of text.match(/\{\w+\}/g) || []) assert.ok(WORDS.en[key].includes(slot), `${language}.${key}: ${slot}`);
    }
  }
});
