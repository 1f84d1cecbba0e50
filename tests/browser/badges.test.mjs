// A moderator's reply reaches an open widget live, under the moderator's name and with the
// moderator's mark (in the page's language); a reader's name alone earns no mark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, moderatorToken, postComment, widget } from "./harness.mjs";

let server, browser, token, question;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  token = moderatorToken(server);
  question = await postComment(server, { text: "Une question ?", author: "Modérateur" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a moderator's reply shows live with the moderator's mark, and a reader's name earns none", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(`#parlons-${question}`).waitFor();

  const answer = await fetch(`${server.url}/api/v1/moderation/comments/${question}/reply`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ text: "Voici la réponse." }),
  });
  const body = await answer.text();
  assert.equal(answer.status, 201, body);
  const reply = JSON.parse(body).id;

  // Live replies wait behind the "show new" button when the reader is elsewhere; open them.
  const show = widget(page).getByRole("button", { name: /nouveau/ });
  const arrived = widget(page).locator(`#parlons-${reply} > article`);
  await Promise.race([show.waitFor({ timeout: 5000 }).then(() => show.click()), arrived.waitFor({ timeout: 5000 })]);
  await arrived.waitFor();
  assert.equal(await arrived.locator(".author").textContent(), "amelie");
  assert.equal(await arrived.locator(".badge").textContent(), "Modérateur");
  assert.equal(await widget(page).locator(`#parlons-${question} > article .badge`).count(), 0);
  await page.close();
});
