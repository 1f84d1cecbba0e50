// A storm of votes on a big thread: what each live `votes` event costs the reader's page.
// Prints figures.
//
//   node bench/votes.mjs [rounds] [widget dir ...]   (after scripts/build-widget; the dirs
//                                                    default to dist/, give two to compare)
//
// A release `parlons` imports a thread of 5,000 comments (every tenth a reply); headless
// Chromium opens it (the first page: 500 conversations on screen); then 20 votes are cast
// from outside, on 20 comments, and the page's own script time (Chrome's ScriptDuration)
// is read before the first and after the last score moved. Each round starts a fresh server
// per widget dir, alternating, and prints the median over rounds of the time per event.
import { join, resolve } from "node:path";
import { startServer, launchBrowser, widget, importThread } from "../tests/browser/harness.mjs";

const rounds = Number(process.argv[2] || 3);
const dirs = process.argv.slice(3).map((dir) => resolve(dir));
if (dirs.length === 0) dirs.push(resolve(import.meta.dirname, "..", "dist"));
process.env.PARLONS_BIN ||= join(import.meta.dirname, "..", "target", "release", "parlons");
const TOTAL = 5000;
const VOTES = 20; // the vote limit's burst for one address

async function round(browser, dir) {
  const server = await startServer({ PARLONS_WIDGET_DIR: dir });
  try {
    importThread(server, TOTAL);

    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const shown = widget(page).locator("article.comment");
    await shown.first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(1000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const scriptTime = async () => (await cdp.send("Performance.getMetrics")).metrics
      .find((metric) => metric.name === "ScriptDuration").value;

    const before = await scriptTime();
    for (let n = 0; n < VOTES; n++) {
      const id = 1 + n * 20;
      const answer = await fetch(`${server.url}/api/v1/comments/${id}/vote`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ voter: `bench-voter-${n}-0123456789`, value: 1 }),
      });
      if (answer.status !== 200) throw new Error(`vote ${n}: ${answer.status}`);
    }
    const last = 1 + (VOTES - 1) * 20;
    await widget(page).locator(`#parlons-${last} > article .score`).filter({ hasText: /^1$/ })
      .waitFor({ timeout: 30000 });
    const after = await scriptTime();
    await page.close();
    return ((after - before) * 1000) / VOTES;
  } finally {
    await server.stop();
  }
}

const browser = await launchBrowser();
const perEvent = dirs.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    for (const [at, dir] of dirs.entries()) perEvent[at].push(await round(browser, dir));
  }
} finally {
  await browser.close();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nLive votes on a ${TOTAL.toLocaleString("en")}-comment thread, headless Chromium, ${rounds} rounds of ${VOTES} votes`);
for (const [at, dir] of dirs.entries()) {
  console.log(`  ${dir}: page script time per vote event, median ${median(perEvent[at]).toFixed(2)} ms ` +
    `(rounds: ${perEvent[at].map((ms) => ms.toFixed(2)).join(", ")})`);
}
