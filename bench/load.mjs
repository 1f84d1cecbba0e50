// When the widget loads: the wasm must not be fetched until the comments come within about one
// screen of the viewport, and the count and thread must show soon after. Prints figures.
//
//   node bench/load.mjs [runs]      (after scripts/setup --test and a release build)
//
// A long article (the comments far below) on its own origin embeds a release `parlons` on
// loopback, whose thread has 100 comments. Each run opens the page in a fresh headless Chromium
// page, checks that nothing of the widget but embed.js was fetched, scrolls the comments into
// view and measures, in the page's own clock, the time from the scroll to the count and the 100
// comments being on screen. Prints the median and worst of the runs.
import { createServer } from "node:http";
import { join } from "node:path";
import { startServer, launchBrowser, widget } from "../tests/browser/harness.mjs";

const runs = Number(process.argv[2] || 10);
process.env.PARLONS_BIN ||= join(import.meta.dirname, "..", "target", "release", "parlons");

const article = (apiUrl) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Un long article</title><link rel="icon" href="data:,"></head>
<body><article><h1>Un long article</h1><div style="height: 6000px">Le texte de l'article.</div></article>
<div id="parlons"></div>
<script src="${apiUrl}/embed.js" data-site="blog" data-page="/long" async></script>
</body></html>`;

const server = await startServer({ PARLONS_POSTS_PER_MINUTE: "0", PARLONS_READS_PER_SECOND: "0", PARLONS_MIN_POST_SECONDS: "0" });
const host = createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(article(server.url));
});
await new Promise((listening) => host.listen(0, "localhost", listening));
const hostUrl = `http://localhost:${host.address().port}`;
server.cli("site", "add", "blog", "--origin", hostUrl);
await new Promise((waited) => setTimeout(waited, 300));
for (let n = 0; n < 100; n++) {
  const response = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: hostUrl },
    body: JSON.stringify({ site: "blog", page: "/long", text: `Commentaire **numéro** ${n}` }),
  });
  if (response.status !== 201) throw new Error(`seeding: ${response.status}`);
}

const browser = await launchBrowser();
const timings = [];
let early = 0;
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext(); // an empty cache each time
    const page = await context.newPage();
    const requests = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(hostUrl, { waitUntil: "load" });
    await page.waitForTimeout(500);
    if (requests.some((path) => path.endsWith(".wasm") || path.endsWith("parlons-widget.js"))) early++;

    const start = await page.evaluate(() => {
      document.getElementById("parlons").scrollIntoView();
      return performance.now();
    });
    await widget(page).locator(".count", { hasText: "100" }).waitFor();
    await page.waitForFunction(() => {
      const root = document.querySelector(".parlons-host")?.shadowRoot;
      return root && root.querySelectorAll(".comment").length >= 100;
    }, null, { polling: "raf" });
    timings.push((await page.evaluate(() => performance.now())) - start);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  host.close();
}

timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
console.log(`\nWidget load, headless Chromium on loopback, ${runs} runs, empty cache each time`);
console.log(`  wasm fetched before the comments came near the screen: ${early} of ${runs} runs`);
console.log(`  scroll to count and 100 comments visible: median ${median.toFixed(0)} ms, ` +
  `best ${timings[0].toFixed(0)} ms, worst ${timings.at(-1).toFixed(0)} ms`);
console.log(`  budget: not fetched early ${early === 0 ? "met" : "NOT MET"}; ` +
  `visible within 500 ms ${median < 500 ? "met" : "NOT MET"} (median)`);
