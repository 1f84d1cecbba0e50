// Two nodes on one database behind nginx (node B first, node A its backup): a reader on
// node B keeps its thread whole when node B dies by SIGKILL. Comments posted on A meanwhile
// reach it once its browser's own EventSource reconnects through nginx (to A, with
// Last-Event-ID): every comment, in order, none twice. On SQLite the two nodes share one file;
// under scripts/with-postgres, one PostgreSQL database.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, widget, showNew } from "../browser/harness.mjs";
import { freePort, startNginxWith } from "./proxy.mjs";

const work = mkdtempSync(join(tmpdir(), "parlons-failover-"));
let browser, a, b, proxy, base;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const shared = { PARLONS_PUBLIC_URL: `${base}/`, PARLONS_TRUSTED_PROXIES: "127.0.0.1", PARLONS_MIN_POST_SECONDS: "0" };
  a = await startServer(shared);
  b = await startServer({ ...shared, PARLONS_DATABASE_URL: a.env.PARLONS_DATABASE_URL });
  proxy = await startNginxWith(work, port, `
upstream parlons {
  server 127.0.0.1:${new URL(b.url).port} max_fails=1 fail_timeout=30s;
  server 127.0.0.1:${new URL(a.url).port} backup;
}
server {
  listen 127.0.0.1:${port};
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  location / { proxy_pass http://parlons; proxy_buffering off; proxy_read_timeout 1h; }
}
`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await proxy?.stop();
  await b?.stop();
  await a?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function postOnA(text) {
  const response = await fetch(`${a.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ site: "demo", page: "/", text, author: "Sur A" }),
  });
  assert.equal(response.status, 201, await response.text());
}

test("a reader on a node killed by SIGKILL gets, through nginx, every comment posted meanwhile, once, in order", async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request));
  // The first comment is posted once the page's live stream is open (its answer's headers
  // came): one posted while it connects is in no event the stream sends.
  const streaming = page.waitForResponse((response) => response.url().includes("/api/v1/events"));
  await page.goto(`${base}/`);
  await widget(page).locator(".count").waitFor();
  await streaming;
  await postOnA("Un, avant la panne");
  await showNew(page, 5000);
  await widget(page).locator(".comment", { hasText: "Un, avant la panne" }).waitFor();

  const before = requests.length;
  b.process.kill("SIGKILL");
  await postOnA("Deux, pendant la panne");
  await postOnA("Trois, pendant la panne");

  // The browser reconnects by itself (retry: 2 s), to node A through nginx.
  await showNew(page, 15000);
  await widget(page).locator(".comment", { hasText: "Trois, pendant la panne" }).waitFor({ timeout: 5000 });
  const texts = await widget(page).locator(".comment .body").allTextContents();
  assert.deepEqual(texts.map((text) => text.trim()),
    ["Un, avant la panne", "Deux, pendant la panne", "Trois, pendant la panne"]);
  const after = requests.slice(before);
  const reconnect = after.find((request) => request.url().includes("/api/v1/events"));
  assert.ok(reconnect, "the browser reconnected its stream");
  const lastId = (await reconnect.allHeaders())["last-event-id"]
    ?? new URL(reconnect.url()).searchParams.get("last_event_id");
  assert.ok(Number(lastId) > 0, `with the last event's id: ${lastId}`);
  assert.equal(after.filter((request) => request.url().includes("/api/v1/threads")).length, 0,
    "what was missed came as events, not by reading the thread again");
  await page.close();
});
