// A moderator pins a comment and closes the thread: an open widget moves the pinned comment
// to the top with its mark, live; a widget opened on the closed thread shows that comments
// are closed instead of the form and the reply buttons, while votes go on; one that posts
// as the thread closes says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, moderatorToken, postComment, widget, assertRoots } from "./harness.mjs";

let server, browser, token;
const ids = {};

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  token = moderatorToken(server);
  for (const text of ["Premier", "Deuxième", "Troisième"]) ids[text] = await postComment(server, { text });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** A moderation call with the moderator's token. */
async function moderate(path, body) {
  const answer = await fetch(`${server.url}/api/v1/moderation/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  assert.equal(answer.status, 200, await answer.text());
}

async function open() {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(`#parlons-${ids.Troisième}`).waitFor();
  return page;
}

test("a comment pinned by a moderator moves to the top of an open widget, marked, live", async () => {
  const page = await open();

  await moderate(`comments/${ids.Troisième}/pin`);

  const mark = widget(page).locator(`#parlons-${ids.Troisième} > article .pinned`);
  await mark.waitFor({ timeout: 5000 });
  assert.equal(await mark.textContent(), "Épinglé");
  await assertRoots(page, ["Troisième", "Premier", "Deuxième"]);
  await widget(page).getByLabel("Trier par").selectOption("newest");
  await assertRoots(page, ["Troisième", "Deuxième", "Premier"]);
  await widget(page).locator(`#parlons-${ids.Troisième} > article .pinned`).waitFor();
  await page.close();
});

test("a closed thread shows that comments are closed instead of the form, and votes go on", async () => {
  await moderate("threads/close", { site: "demo", page: "/" });
  const page = await open();

  const note = widget(page).getByText("Les commentaires sont fermés.");
  await note.waitFor();
  assert.equal(await widget(page).locator("form.form").isVisible(), false);
  assert.equal(await widget(page).locator("button.reply").count(), 3);
  assert.equal(await widget(page).getByRole("button", { name: "Répondre" }).count(), 0, "no reply button shows");
  await widget(page).locator(`#parlons-${ids.Premier} > article`).getByRole("button", { name: "Voter pour" }).click();
  await widget(page).locator(`#parlons-${ids.Premier} > article .score`).filter({ hasText: /^1$/ }).waitFor();

  await moderate("threads/open", { site: "demo", page: "/" });
  await page.reload();
  await widget(page).locator("form.form textarea").first().waitFor();
  assert.equal(await widget(page).getByText("Les commentaires sont fermés.").isVisible(), false);
  await page.close();
});

test("a reader who posts as the thread closes is told that comments are closed", async () => {
  const page = await open();
  await moderate("threads/close", { site: "demo", page: "/" });

  await widget(page).locator("form.form textarea").first().fill("Trop tard ?");
  await widget(page).getByRole("button", { name: "Publier" }).click();

  await widget(page).getByRole("alert").filter({ hasText: "Les commentaires sont fermés." }).waitFor({ timeout: 5000 });
  await moderate("threads/open", { site: "demo", page: "/" });
  await page.close();
});
