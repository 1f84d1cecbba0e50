// A reader reports someone else's comment from the widget: "Signaler" unfolds the reasons,
// one press sends the report, the control folds into thanks, and moderators see the report
// with its reason. The reader's own comment offers no report; axe finds nothing wrong with
// the control open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, moderatorToken, postComment, widget, axeViolations } from "./harness.mjs";

let server, browser, token, theirs;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  token = moderatorToken(server);
  theirs = await postComment(server, { text: "Achetez des montres pas chères" });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a reader reports a comment with a reason, the control thanks them, moderators see it", async () => {
  // axe is injected as a script, which the demo page's CSP would refuse.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${server.url}/`);
  const comment = widget(page).locator(`#parlons-${theirs} > article`);
  await comment.waitFor();

  await comment.locator("details.report summary").click();
  assert.deepEqual(await axeViolations(page), []);
  await comment.getByRole("button", { name: "Spam" }).click();

  await comment.locator("details.report summary").filter({ hasText: "Signalé. Merci." }).waitFor();
  assert.equal(await comment.getByRole("button", { name: "Spam" }).count(), 0);
  const queue = await fetch(`${server.url}/api/v1/moderation/reports?site=demo`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((answer) => answer.json());
  assert.equal(queue.comments.length, 1, JSON.stringify(queue));
  assert.equal(queue.comments[0].id, theirs);
  assert.deepEqual(queue.comments[0].reasons, { spam: 1 });
  await page.close();
});

test("the reader's own comment offers no report", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator(`#parlons-${theirs}`).waitFor();
  await widget(page).locator("form.form textarea").first().fill("Mon propre avis");
  await widget(page).locator("form.form button.primary").first().click();

  const mine = widget(page).locator("li[id^='parlons-'] > article").filter({ hasText: "Mon propre avis" });
  await mine.waitFor();
  assert.equal(await mine.locator("details.report").count(), 0);
  assert.equal(await widget(page).locator(`#parlons-${theirs} > article details.report`).count(), 1);
  await page.close();
});
