// The widget speaks 12 languages: chosen from data-lang, then the page's lang, then the
// browser's; plurals follow each language's rules (Intl.PluralRules) and Arabic is laid out
// right to left. The expected strings are read from frontend/i18n, so the test checks that the
// file the reader's language names is the one on screen, with the right plural form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startServer, launchBrowser, widget } from "./harness.mjs";

const LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ar"];
const words = (lang) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../frontend/i18n/${lang}.json`), "utf8"));

let server, browser, host, hostUrl;

before(async () => {
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0", PARLONS_POSTS_PER_MINUTE: "0" });
  // /<page>?lang=<html lang>&data=<data-lang>
  host = createServer((request, response) => {
    const url = new URL(request.url, "http://x");
    const data = url.searchParams.get("data");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html lang="${url.searchParams.get("lang") || ""}"><head>
      <meta charset="utf-8"><title>Article</title><link rel="icon" href="data:,"></head><body>
      <script src="${server.url}/embed.js" data-site="words" data-page="${url.pathname}"
        ${data ? `data-lang="${data}"` : ""} async></script></body></html>`);
  });
  await new Promise((listening) => host.listen(0, "127.0.0.1", listening));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
  server.cli("site", "add", "words", "--origin", hostUrl);
  browser = await launchBrowser();
  // A running server looks for an unknown site at most every 250 ms (it started just now).
  await new Promise((waited) => setTimeout(waited, 300));
  // Two comments, one a reply, on /two; five on /five.
  const post = async (page, body) => {
    const answer = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: hostUrl },
      body: JSON.stringify({ site: "words", page, author: "Ada", ...body }),
    });
    assert.equal(answer.status, 201, await answer.clone().text());
    return (await answer.json()).id;
  };
  const first = await post("/two", { text: "Premier" });
  await post("/two", { text: "Réponse", parent: first });
  for (let i = 0; i < 5; i++) await post("/five", { text: `Commentaire ${i}` });
});
after(async () => { await browser?.close(); await server?.stop(); host?.close(); });

/** Opens `path` and waits for the thread; returns the page. */
async function open(path, options = {}) {
  const page = await browser.newPage(options);
  await page.goto(`${hostUrl}${path}`);
  await widget(page).locator("section.thread").waitFor();
  return page;
}

/** `forms` for `n` as the browser's Intl picks it, with `{n}` in the language's digits. */
function expected(page, lang, forms, n) {
  return page.evaluate(({ lang, forms, n }) => {
    const text = (n === 0 && forms["=0"]) || forms[new Intl.PluralRules(lang).select(n)] || forms.other;
    return text.replace("{n}", new Intl.NumberFormat(lang).format(n));
  }, { lang, forms, n });
}

test("every language file has each plural form its language's rules name", async () => {
  const page = await browser.newPage();
  for (const lang of LANGUAGES) {
    const categories = await page.evaluate((lang) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories, lang);
    for (const [key, value] of Object.entries(words(lang))) {
      // Objects are plurals, but for `admin`: /admin's words, which the server reads.
      if (typeof value !== "object" || key === "admin") continue;
      for (const category of categories) assert.ok(category in value, `${lang}.json: ${key} lacks "${category}"`);
    }
  }
  await page.close();
});

test("each of the 12 languages renders its own strings, from the page's lang", async () => {
  for (const lang of LANGUAGES) {
    const file = words(lang);
    const page = await open(`/two?lang=${lang}`);
    const root = widget(page);

    assert.equal(await root.getAttribute("lang"), lang);
    assert.equal(await root.getAttribute("dir"), file.dir, lang);
    assert.equal(await root.locator(".count").textContent(), await expected(page, lang, file.count, 2), lang);
    assert.equal(await root.locator("form.form").first().getAttribute("aria-label"), file.form_label, lang);
    assert.equal((await root.locator("button.primary").first().textContent()).trim(), file.submit, lang);
    assert.equal(await root.locator(".hint").last().textContent(), file.text_hint, lang);
    assert.equal((await root.locator("button.reply").first().textContent()).trim(), file.reply, lang);
    assert.equal(await root.locator("section.thread").getAttribute("aria-label"), file.thread_label, lang);
    await page.close();
  }
});

test("Polish and Russian counts take the form their number needs", async () => {
  for (const [lang, path, count] of [["pl", "/two", "2 komentarze"], ["pl", "/five", "5 komentarzy"],
    ["ru", "/two", "2 комментария"], ["ru", "/five", "5 комментариев"], ["fr", "/none", "Aucun commentaire pour l’instant"]]) {
    const page = await open(`${path}?lang=${lang}`);
    assert.equal(await widget(page).locator(".count").textContent(), count);
    await page.close();
  }
});

test("data-lang comes before the page's lang, and a language the widget lacks is passed over", async () => {
  const chosen = await open("/two?lang=fr&data=de");
  assert.equal(await widget(chosen).getAttribute("lang"), "de");
  await chosen.close();
  const unknown = await open("/two?lang=es-MX&data=sv");
  assert.equal(await widget(unknown).getAttribute("lang"), "es-MX");
  assert.equal(await widget(unknown).locator(".count").textContent(), "2 comentarios");
  await unknown.close();
  const browserLanguage = await open("/two", { locale: "it-IT" });
  assert.equal(await widget(browserLanguage).locator(".count").textContent(), "2 commenti");
  await browserLanguage.close();
});

test("Arabic is laid out right to left: text, form and reply indentation", async () => {
  const page = await open("/two?lang=ar");
  const root = widget(page);
  assert.equal(await root.evaluate((element) => getComputedStyle(element).direction), "rtl");
  const replies = root.locator(".replies.indented").first();
  const borders = await replies.evaluate((element) => {
    const style = getComputedStyle(element);
    return [style.borderRightWidth, style.borderLeftWidth, style.paddingRight];
  });
  assert.deepEqual(borders.slice(0, 2), ["2px", "0px"], "the reply line is on the right");
  assert.notEqual(borders[2], "0px");
  const [textRight, rootRight] = await page.evaluate(() => {
    const shadow = document.querySelector(".parlons-host").shadowRoot;
    const text = document.createRange();
    text.selectNodeContents(shadow.querySelector(".count"));
    return [text.getBoundingClientRect().right, shadow.querySelector(".parlons").getBoundingClientRect().right];
  });
  assert.ok(rootRight - textRight < 2, "the heading starts at the right edge");
  await page.close();
});
