// Parlons behind Debian's nginx and Caddy, each run with its configuration from deploy/ as it
// is (only the ports and the certificate's paths change): TLS with a certificate made here,
// Parlons under /comments/, a browser that loads the widget, posts, and gets a live event
// through the proxy, the URLs the server makes under /comments/, and X-Forwarded-For believed
// from the proxy alone.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startServer, launchBrowser, widget } from "../browser/harness.mjs";
import { freePort, https, startCaddy, startNginx } from "./proxy.mjs";

const root = resolve(import.meta.dirname, "../..");
const PASSWORD = "un mot de passe assez long";
// Reads one address may make: enough for the browser, few enough to exhaust from one test.
const READS_BURST = 30;

const work = mkdtempSync(join(tmpdir(), "parlons-proxies-"));
const cert = join(work, "cert.pem");
const key = join(work, "key.pem");
execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
  "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  "-keyout", key, "-out", cert], { stdio: "ignore" });
const ca = readFileSync(cert);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); rmSync(work, { recursive: true, force: true }); });

for (const [name, start] of [["nginx", startNginx], ["Caddy", startCaddy]]) {
  describe(`behind ${name} with TLS under /comments/`, () => {
    let server, proxy, base;
    before(async () => {
      const port = await freePort();
      base = `https://127.0.0.1:${port}/comments`;
      server = await startServer({
        PARLONS_PUBLIC_URL: `${base}/`,
        PARLONS_TRUSTED_PROXIES: "127.0.0.1",
        PARLONS_DEMO: "true",
        PARLONS_READS_PER_SECOND: "1",
        PARLONS_READS_BURST: String(READS_BURST),
      });
      proxy = await start({ root, work, port, cert, key, upstream: new URL(server.url).port });
      server.cliWithInput(`${PASSWORD}\n`, "moderator", "add", "amelie", "--all-sites", "--password-stdin");
    });
    after(async () => { await proxy?.stop(); await server?.stop(); });

    test("a reader posts through the widget and a second reader gets the comment live", async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const requests = [];
      context.on("request", (request) => requests.push(request.url()));
      const [first, second] = [await context.newPage(), await context.newPage()];
      for (const page of [first, second]) {
        await page.goto(`${base}/`);
        await widget(page).locator(".count").waitFor();
      }

      const form = widget(first).locator("form").first();
      await form.getByLabel("Commentaire").fill(`Lu derrière ${name}`);
      await form.getByRole("button", { name: "Publier" }).click();

      await widget(first).locator(".comment", { hasText: `Lu derrière ${name}` }).waitFor();
      await widget(second).getByRole("button", { name: "Afficher 1 nouveau commentaire" }).waitFor({ timeout: 5000 });
      const astray = requests.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith("data:"));
      assert.deepEqual(astray, [], "every request of the page and the widget went under /comments/");
      await context.close();
    });

    test("the demo page, the feed and the API description name the address under /comments/", async () => {
      const demo = await https(`${base}/`, { ca });
      const feed = await https(`${base}/api/v1/feeds/comments.atom?site=demo`, { ca });
      const openapi = await https(`${base}/api/v1/openapi.json`, { ca });

      assert.match(demo.body, new RegExp(`src="/comments/embed.js"`));
      assert.match(demo.body, /rel="canonical" href="\/comments\/"/);
      assert.ok(feed.body.includes(`${base}/api/v1/feeds/comments.atom?site=demo`), feed.body);
      assert.equal(JSON.parse(openapi.body).servers[0].url, base);
    });

    test("/admin signs in, redirects and links under /comments/, with a cookie kept to that path", async () => {
      const origin = new URL(base).origin;
      const signIn = await https(`${base}/admin`, { ca });
      assert.match(signIn.body, /action="\/comments\/admin\/sign-in"/);
      assert.match(signIn.body, /href="\/comments\/admin\/admin.css"/);

      const signedIn = await https(`${base}/admin/sign-in`, {
        ca, method: "POST", body: `name=amelie&password=${encodeURIComponent(PASSWORD)}`,
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(signedIn.status, 303);
      assert.equal(signedIn.headers.location, "/comments/admin");
      const cookie = signedIn.headers["set-cookie"][0];
      assert.match(cookie, /^__Secure-parlons_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/comments; /);
      assert.match(cookie, /; Secure$/);
      const dashboard = await https(`${base}/admin`, { ca, headers: { cookie: cookie.split(";")[0] } });
      assert.match(dashboard.body, /href="\/comments\/admin\/deliveries"/);
      assert.match(dashboard.body, /action="\/comments\/admin\/sign-out"/);
    });

    test("X-Forwarded-For is believed from the proxy, never from a reader who writes it", async () => {
      const counts = `${base}/api/v1/counts?site=demo&page=/`;
      let limited = 0;
      // Each request claims another address: were that believed, none would be limited.
      for (let i = 0; i < READS_BURST + 10; i++) {
        const answer = await https(counts, { ca, localAddress: "127.0.0.5", headers: { "x-forwarded-for": `198.51.100.${i}` } });
        if (answer.status === 429) limited += 1;
      }
      const another = await https(counts, { ca, localAddress: "127.0.0.6" });

      assert.ok(limited > 0, "the forged addresses were believed");
      assert.equal(another.status, 200, "a reader at another address, known through the proxy, is not limited");
    });
  });
}
