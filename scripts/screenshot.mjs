#!/usr/bin/env node
// Takes the docs' pictures from the real pages, in headless chromium, so they stay current:
//   docs/widget.png          the README's: the demo article's widget, a short French thread
//   docs/pictures/dark.png   the same thread under an article of a dark site (auto theme)
//   docs/pictures/rtl.png    an Arabic site: the widget right to left, in Arabic
//   docs/pictures/mobile.png the demo article's widget on a 390 px phone
//   docs/pictures/admin.png  /admin with a comment waiting for approval
// Needs target/debug/parlons and dist/ (scripts/build-widget), and the browser tests' node
// packages (scripts/setup --test).
//   node scripts/screenshot.mjs
import { createServer } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startServer, launchBrowser, widget } from "../tests/browser/harness.mjs";

const docs = resolve(import.meta.dirname, "../docs");
const PASSWORD = "une phrase de passe assez longue";
const threads = {
  fr: [
    ["Camille", null, "Merci pour cet article très clair : on comprend enfin *pourquoi* les trains ne circulent pas jeudi."],
    ["Julien", 1, "D'accord, mais la carte des lignes touchées manque. Quelqu'un l'a trouvée ?"],
    ["Camille", 2, "Elle est sur le site de la région, rubrique **Transports** : www.exemple.fr"],
    ["Nadia", null, "Les préavis courent jusqu'à dimanche, d'après le syndicat."],
  ],
  ar: [
    ["ليلى", null, "شكراً على هذا المقال الواضح، فهمنا أخيراً *لماذا* لن تسير القطارات يوم الخميس."],
    ["يوسف", 1, "صحيح، لكن خريطة الخطوط المتأثرة غير موجودة. هل وجدها أحد؟"],
    ["ليلى", 2, "إنها على موقع المنطقة، في قسم **النقل**."],
  ],
};

/** The Markdown marks the texts above use, as the server would render them. */
function inline(text) {
  return text.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/\*(.+?)\*/g, "<em>$1</em>");
}

/** Imports a thread on page "/" of `site` through `parlons import`, dated over the last hours. */
function importThread(server, site, thread) {
  const comments = thread.map(([author, parent, text], i) => ({
    id: i + 1, page: "/", parent, author, website: null, email_hash: null, text, html: `<p>${inline(text)}</p>`,
    status: "published", edit_token_hash: "0".repeat(64),
    created_at: new Date(Date.now() - (thread.length - i) * 37 * 60000).toISOString().replace(/\.\d+Z$/, "Z"),
    edited_at: null, deleted_at: null, deleted_by: null, import_key: null, notify_email: null,
  }));
  const file = join(server.dir, `${site}.json`);
  writeFileSync(file, JSON.stringify({ format: "parlons-export", version: 1, site, exported_at: new Date().toISOString(), comments }));
  server.cli("import", "parlons", file, "--site", site);
}

/** An article page of another site: its colors and language, the widget under it. */
function hostPage(apiUrl, { site, lang, dir, style }) {
  return `<!DOCTYPE html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><link rel="icon" href="data:,">
    <style>body{font:18px/1.6 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;${style}}</style></head>
    <body><div id="parlons"></div><script src="${apiUrl}/embed.js" data-site="${site}" data-page="/" async></script></body></html>`;
}

/** Takes the widget of the page at `url` once its thread's `comments` are shown. */
async function shootWidget(browser, url, comments, output, viewport = { width: 900, height: 1200 }) {
  const page = await browser.newPage({ viewport, locale: "fr-FR" });
  await page.goto(url);
  const host = page.locator(".parlons-host");
  await host.scrollIntoViewIfNeeded();
  await widget(page).locator("li[id^='parlons-']").nth(comments - 1).waitFor();
  await host.screenshot({ path: output });
  await page.close();
  console.log(`wrote ${output}`);
}

const server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
const hosts = {
  dark: { site: "sombre", lang: "fr", dir: "ltr", style: "background:#16181c;color:#e4e4e4" },
  rtl: { site: "arabe", lang: "ar", dir: "rtl", style: "background:#fff;color:#222" },
};
const host = createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(hostPage(server.url, hosts[request.url.slice(1)] || hosts.dark));
});
try {
  await new Promise((listening) => host.listen(0, "127.0.0.1", listening));
  const hostUrl = `http://127.0.0.1:${host.address().port}`;
  for (const { site } of Object.values(hosts)) server.cli("site", "add", site, "--origin", hostUrl);
  importThread(server, "demo", threads.fr);
  importThread(server, "sombre", threads.fr);
  importThread(server, "arabe", threads.ar);
  mkdirSync(join(docs, "pictures"), { recursive: true });
  const browser = await launchBrowser();
  await shootWidget(browser, server.url, threads.fr.length, join(docs, "widget.png"));
  await shootWidget(browser, `${hostUrl}/dark`, threads.fr.length, join(docs, "pictures/dark.png"));
  await shootWidget(browser, `${hostUrl}/rtl`, threads.ar.length, join(docs, "pictures/rtl.png"));
  await shootWidget(browser, server.url, threads.fr.length, join(docs, "pictures/mobile.png"), { width: 390, height: 844 });

  // /admin: a site under pre-moderation, a comment waiting, a moderator signed in.
  server.cli("site", "update", "demo", "--moderation", "pre");
  server.cliWithInput(`${PASSWORD}\n`, "moderator", "add", "amelie", "--all-sites", "--password-stdin");
  await new Promise((waited) => setTimeout(waited, 1000));
  const posted = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ site: "demo", page: "/", author: "Bastien", text: "Et les bus de remplacement, quelqu'un sait ?" }),
  });
  if (posted.status !== 202) throw new Error(`the waiting comment was answered ${posted.status}`);
  const admin = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await admin.goto(`${server.url}/admin`);
  await admin.getByLabel("Name").fill("amelie");
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByText("Waiting for approval (1)").waitFor();
  await admin.screenshot({ path: join(docs, "pictures/admin.png") });
  console.log(`wrote ${join(docs, "pictures/admin.png")}`);
  await browser.close();
} finally {
  host.close();
  await server.stop();
}
