#!/usr/bin/env node
// Takes docs/widget.png, the README's picture: the demo article's widget with a short French
// thread, in headless chromium. Needs target/debug/parlons and dist/ (scripts/build-widget),
// and the browser tests' node packages (scripts/setup --test).
//   node scripts/screenshot.mjs [output.png]
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startServer, launchBrowser, widget } from "../tests/browser/harness.mjs";

const output = resolve(process.argv[2] || join(import.meta.dirname, "../docs/widget.png"));
const thread = [
  ["Camille", null, "Merci pour cet article très clair : on comprend enfin *pourquoi* les trains ne circulent pas jeudi."],
  ["Julien", 1, "D'accord, mais la carte des lignes touchées manque. Quelqu'un l'a trouvée ?"],
  ["Camille", 2, "Elle est sur le site de la région, rubrique **Transports**."],
  ["Nadia", null, "Les préavis courent jusqu'à dimanche, d'après le syndicat."],
];

/** The two Markdown marks the texts above use, as the server would render them. */
function inline(text) {
  return text.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/\*(.+?)\*/g, "<em>$1</em>");
}

const server = await startServer();
try {
  const comments = thread.map(([author, parent, text], i) => ({
    id: i + 1, page: "/", parent, author, website: null, email_hash: null, text, html: `<p>${inline(text)}</p>`,
    status: "published", edit_token_hash: "0".repeat(64),
    created_at: new Date(Date.now() - (thread.length - i) * 37 * 60000).toISOString().replace(/\.\d+Z$/, "Z"),
    edited_at: null, deleted_at: null, deleted_by: null, import_key: null, notify_email: null,
  }));
  const file = join(server.dir, "thread.json");
  writeFileSync(file, JSON.stringify({
    format: "parlons-export", version: 1, site: "demo", exported_at: new Date().toISOString(), comments,
  }));
  server.cli("import", "parlons", file, "--site", "demo");
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, locale: "fr-FR" });
  await page.goto(server.url);
  const host = page.locator(".parlons-host");
  await host.scrollIntoViewIfNeeded();
  await widget(page).locator("li[id^='parlons-']").nth(thread.length - 1).waitFor();
  await host.screenshot({ path: output });
  await browser.close();
  console.log(`wrote ${output}`);
} finally {
  await server.stop();
}
