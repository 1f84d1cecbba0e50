// Readers sign in at the site's own OpenID provider (npm's oidc-provider, started here with a
// client for each test site): through the widget's popup, they post as the provider's user
// and sign out. Every bad answer is refused with a clear page and no session: a wrong
// audience, a wrong issuer, an expired token, a bad signature, a replayed state, a wrong
// nonce, a callback for another site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget, axeViolations } from "./harness.mjs";
import { startProvider, logInAtProvider, countRows } from "./oidc.mjs";

let server, provider, browser;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  server.cli("site", "add", "autre", "--origin", server.url);
  provider = await startProvider(["demo", "autre"].map((site) => ({
    client_id: `parlons-${site}`,
    client_secret: `secret-of-${site}`,
    redirect_uris: [`${server.url}/auth/oidc/callback/${site}`],
  })));
  for (const site of ["demo", "autre"]) {
    const said = server.cliWithInput(`secret-of-${site}\n`, "site", "update", site, "--oidc-issuer", provider.issuer,
      "--oidc-client-id", `parlons-${site}`, "--oidc-client-secret-stdin", "--oidc-label", "Le Journal");
    assert.match(said, /sign-in with Le Journal at http:\/\/127\.0\.0\.1/);
    assert.ok(!said.includes(`secret-of-${site}`), "the secret is never printed");
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await provider?.stop(); await server?.stop(); });

/** A new browser (context) that never asks the internet (the provider's page names a font). */
async function newContext(options = {}) {
  const context = await browser.newContext(options);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  return context;
}

/** In a new browser, signs in at the provider as `login` by the sign-in address itself
 * (no widget): resolves to { page, callback, sessions } with the callback's response and the
 * sessions there were before. */
async function signInDirectly(login, site = "demo") {
  const sessions = countRows(server, "reader_token");
  const page = await (await newContext()).newPage();
  await page.goto(`${server.url}/auth/oidc/start?site=${site}&origin=${encodeURIComponent(server.url)}`);
  const callback = page.waitForResponse((response) => response.url().includes("/auth/oidc/callback/"));
  await logInAtProvider(page, login);
  return { page, callback: await callback, sessions };
}

/** The provider's ID tokens are changed by `claims` (and signed as `options` say) for `run`. */
async function withTamperedTokens(claims, options, run) {
  provider.tamper(claims, options);
  try { await run(); } finally { provider.tamper(null); }
}

/** A refused sign-in: the status and sentence of its page, and no browser signed in. */
async function assertRefused({ page, callback, sessions }, status, sentence) {
  assert.equal(callback.status(), status, await page.content());
  await page.getByText(sentence).waitFor();
  assert.equal(countRows(server, "reader_token"), sessions, "no session was made");
  await page.context().close();
}

test("a reader signs in at the provider in a popup, posts as its user, and signs out", async () => {
  const context = await newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator("[data-act=account]").click();
  const panel = widget(page).locator(".account-panel");
  const button = panel.getByRole("button", { name: "Se connecter avec Le Journal" });
  await button.waitFor();
  assert.deepEqual(await axeViolations(page), [], "the sign-in choices");

  const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
  await Promise.all([page.waitForEvent("load"), logInAtProvider(popup, "zoe")]);
  if (!popup.isClosed()) await popup.waitForEvent("close");
  await widget(page).locator("[data-act=account]", { hasText: "Mon compte" }).waitFor();

  const form = widget(page).locator("form.form").first();
  await form.getByLabel("Commentaire").fill("Publié avec mon compte du journal");
  await form.getByRole("button", { name: "Publier" }).click();
  const posted = widget(page).locator(".comment", { hasText: "Publié avec mon compte du journal" });
  await posted.locator(".badge", { hasText: "Confirmé" }).waitFor();
  await posted.getByText("Zoé Martin").waitFor();
  assert.equal(countRows(server, "reader"), 1);

  await widget(page).locator("[data-act=account]").click();
  await Promise.all([page.waitForEvent("load"), panel.getByRole("button", { name: "Se déconnecter", exact: true }).click()]);
  await widget(page).locator("[data-act=account]", { hasText: "Se connecter" }).waitFor();
  assert.equal(countRows(server, "reader_token"), 0, "signed out");
  await context.close();
});

test("a replayed state is refused and signs no one in", async () => {
  const signedIn = await signInDirectly("zoe");
  assert.equal(signedIn.callback.status(), 200);
  assert.equal(countRows(server, "reader_token"), signedIn.sessions + 1);
  const replay = await signedIn.page.context().newPage();
  const again = await replay.goto(signedIn.callback.url());
  assert.equal(again.status(), 410);
  await replay.getByText("This sign-in was used already").waitFor();
  assert.equal(countRows(server, "reader_token"), signedIn.sessions + 1, "only the first made a session");
  // The first one's session ends, for the tests after.
  const token = await readerToken(signedIn);
  await fetch(`${server.url}/api/v1/readers/sessions`, { method: "DELETE", headers: { "x-reader-token": token } });
  assert.equal(countRows(server, "reader_token"), 0, "every browser of hers is signed out");
  await signedIn.page.context().close();
});

test("an ID token for another audience is refused, and the widget says so", async () => {
  await withTamperedTokens((claims) => ({ ...claims, aud: "someone-else" }), {}, async () => {
    const sessions = countRows(server, "reader_token");
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await widget(page).locator("[data-act=account]").click();
    const panel = widget(page).locator(".account-panel");
    const [popup] = await Promise.all([page.waitForEvent("popup"), panel.getByRole("button", { name: "Se connecter avec Le Journal" }).click()]);
    await logInAtProvider(popup, "zoe");
    await panel.getByText("La connexion n'a pas abouti").waitFor();
    assert.equal(countRows(server, "reader_token"), sessions);
    await context.close();
  });
});

test("an ID token from another issuer is refused", async () => {
  await withTamperedTokens((claims) => ({ ...claims, iss: "http://127.0.0.1:9" }), {}, async () => {
    await assertRefused(await signInDirectly("zoe"), 401, "could not be verified");
  });
});

test("an expired ID token is refused", async () => {
  const now = Math.floor(Date.now() / 1000);
  await withTamperedTokens((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }), {}, async () => {
    await assertRefused(await signInDirectly("zoe"), 401, "could not be verified");
  });
});

test("an ID token signed by a key the provider never published is refused", async () => {
  await withTamperedTokens((claims) => claims, { foreignKey: true }, async () => {
    await assertRefused(await signInDirectly("zoe"), 401, "could not be verified");
  });
});

test("an ID token with another nonce is refused", async () => {
  await withTamperedTokens((claims) => ({ ...claims, nonce: "not-the-one-we-sent" }), {}, async () => {
    await assertRefused(await signInDirectly("zoe"), 401, "could not be verified");
  });
});

test("a callback for another site is refused", async () => {
  const sessions = countRows(server, "reader_token");
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/auth/oidc/start?site=autre&origin=${encodeURIComponent(server.url)}`);
  // The provider's answers are read without following them (the context's cookies, its
  // request API), so its last redirect, to site `autre`'s callback, is taken to `demo`'s.
  const action = new URL(await page.locator("form").getAttribute("action"), page.url()).href;
  const loggedIn = await context.request.post(action, { form: { prompt: "login", login: "zoe", password: "any" }, maxRedirects: 0 });
  const resumed = await context.request.get(new URL(loggedIn.headers().location, action).href, { maxRedirects: 0 });
  const back = resumed.headers().location;
  assert.ok(back.startsWith(`${server.url}/auth/oidc/callback/autre?`), back);
  const callback = await page.goto(back.replace("/callback/autre?", "/callback/demo?"));
  await assertRefused({ page, callback, sessions }, 400, "started for another site");
});

test("a sign-in not started in this browser, from a page of another origin, or at a site without a provider is refused", async () => {
  const sessions = countRows(server, "reader_token");
  const page = await (await newContext()).newPage();
  const started = await page.goto(`${server.url}/auth/oidc/start?site=demo&origin=${encodeURIComponent("https://elsewhere.example")}`);
  assert.equal(started.status(), 403);
  const none = await page.goto(`${server.url}/auth/oidc/start?site=nowhere&origin=${encodeURIComponent(server.url)}`);
  assert.equal(none.status(), 404);
  const forged = await page.goto(`${server.url}/auth/oidc/callback/demo?code=abc&state=${"0".repeat(43)}`);
  assert.equal(forged.status(), 403);
  await page.getByText("not started in this browser").waitFor();
  assert.equal(countRows(server, "reader_token"), sessions);
  await page.context().close();
});

/** The reader token the callback page of a sign-in carries. */
async function readerToken({ callback }) {
  const page = await callback.text();
  return JSON.parse(page.match(/data-message="([^"]+)"/)[1].replaceAll("&quot;", '"')).reader_token;
}
