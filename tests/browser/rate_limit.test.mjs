// A reader posting faster than the limit is told, in French, when to retry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer({ PARLONS_POSTS_PER_MINUTE: "2", PARLONS_POSTS_BURST: "1" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a reader posting too fast is told, in French, when to try again", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form").first();
  await form.waitFor();

  await form.getByLabel("Commentaire").fill("Premier");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).locator(".comment", { hasText: "Premier" }).waitFor();
  await form.getByLabel("Commentaire").fill("Second, trop vite");
  await form.getByRole("button", { name: "Publier" }).click();

  const alert = form.getByRole("alert");
  await alert.filter({ hasText: "Réessayez dans" }).waitFor();
  assert.match(await alert.textContent(), /^Vous publiez trop vite\. Réessayez dans \d+ secondes?\.$/);
  assert.equal(await form.getByLabel("Commentaire").inputValue(), "Second, trop vite", "the text is kept");
  await page.close();
});
