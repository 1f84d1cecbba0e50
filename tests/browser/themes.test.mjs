// data-theme: `auto` follows the reader's color scheme; `dark` and `light` pin it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser, host, hostUrl;

before(async () => {
  server = await startServer();
  host = createServer((request, response) => {
    const theme = new URL(request.url, "http://x").searchParams.get("theme") || "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html lang="fr"><head><link rel="icon" href="data:,"></head><body>
      <script src="${server.url}/embed.js" data-site="themes" data-theme="${theme}" async></script></body></html>`);
  });
  await new Promise((listening) => host.listen(0, "127.0.0.1", listening));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
  server.cli("site", "add", "themes", "--origin", hostUrl);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); host?.close(); });

/** The widget's text color as [r, g, b], with the reader's `colorScheme`. */
async function textColor(colorScheme, theme) {
  const page = await browser.newPage({ colorScheme });
  await page.goto(`${hostUrl}/?theme=${theme}`);
  const count = widget(page).locator(".count");
  await count.waitFor();
  const color = await count.evaluate((element) => getComputedStyle(element).color);
  await page.close();
  return color.match(/\d+/g).slice(0, 3).map(Number);
}

const isLight = ([r, g, b]) => r + g + b > 3 * 160;

test("auto follows the reader's preferred color scheme", async () => {
  assert.ok(isLight(await textColor("dark", "auto")), "light text on a dark preference");
  assert.ok(!isLight(await textColor("light", "auto")), "dark text on a light preference");
});

test("data-theme pins dark or light whatever the preference", async () => {
  assert.ok(isLight(await textColor("light", "dark")));
  assert.ok(!isLight(await textColor("dark", "light")));
});
