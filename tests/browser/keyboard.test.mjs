// The whole flow by keyboard alone: reach the form with Tab, write, post, open a reply form
// from a comment, reply, reach the new reply, and vote; no mouse at any point.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** What has the focus, inside the widget's shadow root or out of it. */
function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element ? `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} ${element.textContent.trim().slice(0, 40)}` : "";
  });
}

/** Presses Tab until `matches` holds for the focused element (at most 40 times). */
async function tabTo(page, matches) {
  for (let n = 0; n < 40; n++) {
    if (matches(await focused(page))) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`never reached by Tab; last: ${await focused(page)}`);
}

test("a reader posts, replies and votes with the keyboard alone", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await widget(page).locator("form").first().waitFor();

  await tabTo(page, (now) => now.startsWith("input#parlons-form-0-name"));
  await page.keyboard.type("Clavier");
  await tabTo(page, (now) => now.startsWith("textarea#parlons-form-0-text"));
  await page.keyboard.type("Écrit sans souris");
  await tabTo(page, (now) => now.startsWith("button") && now.includes("Publier"));
  await page.keyboard.press("Enter");
  const comment = widget(page).locator(".comment", { hasText: "Écrit sans souris" });
  await comment.waitFor({ timeout: 10000 });

  await tabTo(page, (now) => now.startsWith("button") && now.includes("Répondre"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    const active = document.querySelector(".parlons-host").shadowRoot.activeElement;
    return active?.tagName === "TEXTAREA" && active.id !== "parlons-form-0-text";
  }, null, { timeout: 5000 });
  await page.keyboard.type("Réponse au clavier");
  await tabTo(page, (now) => now.startsWith("button") && now.includes("Publier") );
  await page.keyboard.press("Enter");

  await page.waitForFunction(() => document.querySelector(".parlons-host").shadowRoot
    .activeElement?.textContent.includes("Réponse au clavier"), null, { timeout: 10000 });
  assert.match(await focused(page), /^article/, "the focus is on the new reply");

  await tabTo(page, (now) => now.startsWith("button") && now.includes("▲"));
  await page.keyboard.press("Enter");
  await widget(page).locator('.vote[aria-pressed="true"]').waitFor({ timeout: 5000 });
  assert.match(await focused(page), /^button ▲/, "the focus stays on the vote button");
  await page.close();
});
