// axe-core on every /admin page, each with content in it: the sign-in form, the dashboard with
// a waiting comment, a reported one, a word filter and a block, the dashboard filtered on a
// closed thread, the webhook deliveries, the statistics, the site's settings, and the dashboard in Arabic (right
// to left). No violation of WCAG 2.2 A or AA.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, axeViolations } from "./harness.mjs";

const PASSWORD = "correct horse battery";
let server, browser, context, admin;

before(async () => {
  server = await startServer({ PARLONS_POSTS_PER_MINUTE: "600", PARLONS_POSTS_BURST: "100" });
  server.cliWithInput(`${PASSWORD}\n`, "moderator", "add", "amelie", "--all-sites", "--password-stdin");
  server.cli("filter", "add", "demo", "--hold", "casino");
  browser = await launchBrowser();
  // /admin's Content-Security-Policy would refuse the injected axe script.
  context = await browser.newContext({ bypassCSP: true });
  await arrangeComments();
  admin = await context.newPage();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** A published comment with a reader's report, and one held by the word filter. */
async function arrangeComments() {
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const form = widget(page).locator("form").first();
  await widget(page).locator(".count").waitFor();
  await form.getByLabel("Commentaire").fill("Un avis publié.");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).getByText("Un avis publié.").waitFor();
  await form.getByLabel("Commentaire").fill("Gagnez au casino !");
  await form.getByRole("button", { name: "Publier" }).click();
  await widget(page).getByText("Gagnez au casino !").waitFor();
  const reported = await page.evaluate(async () => {
    const thread = await (await fetch("/api/v1/threads?site=demo&page=/")).json();
    const id = thread.comments[0].id;
    const response = await fetch(`/api/v1/comments/${id}/report`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ voter: "ada-0123456789abcdef", reason: "abuse", note: "Insultant." }),
    });
    return response.status;
  });
  assert.equal(reported, 204);
  await page.close();
}

async function assertNoViolation(path) {
  await admin.goto(`${server.url}${path}`);
  assert.deepEqual(await axeViolations(admin), [], path);
}

test("the sign-in page has no WCAG 2.2 AA violation", async () => {
  await assertNoViolation("/admin");
});

test("the dashboard with waiting, reported and filtered comments has no violation", async () => {
  await admin.goto(`${server.url}/admin`);
  await admin.getByLabel("Name").fill("amelie");
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByText("Waiting for approval (1)").waitFor();
  await admin.getByRole("button", { name: /^Block/ }).first().click();
  await admin.waitForLoadState("load");

  await assertNoViolation("/admin");
});

test("the dashboard filtered on a closed thread has no violation", async () => {
  await admin.goto(`${server.url}/admin?site=demo&page=/`);
  await admin.getByRole("button", { name: /^Close/ }).click();
  await admin.getByRole("button", { name: /^Open/ }).waitFor();

  await assertNoViolation("/admin?site=demo&page=/");
});

test("the webhook deliveries, the statistics and the site's settings have no violation", async () => {
  await assertNoViolation("/admin/deliveries");
  await assertNoViolation("/admin/sites/demo");
  await assertNoViolation("/admin/stats?site=demo");
  assert.equal(await admin.locator("svg[role=img]").count(), 2);
});

test("the dashboard in Arabic, right to left, has no violation", async () => {
  await admin.goto(`${server.url}/admin`);
  await admin.getByLabel("Language").selectOption("ar");
  await admin.getByRole("button", { name: "Change" }).click();
  await admin.getByText("بانتظار الموافقة").waitFor();

  assert.equal(await admin.locator("html").getAttribute("dir"), "rtl");
  assert.deepEqual(await axeViolations(admin), []);
  await admin.getByLabel("اللغة").selectOption("en");
  await admin.getByRole("button", { name: "تغيير" }).click();
  await admin.getByText("Waiting for approval").waitFor();
});
