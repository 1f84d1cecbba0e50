// The form and the text at every width: the fields of a row line up whatever their labels and
// hints say, bare addresses are links like any other, and long words wrap on a small screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, widget } from "./harness.mjs";

const LONG_WORD = "Anticonstitutionnellement".repeat(8);
let server, browser;

before(async () => {
  // Comments are seeded straight through the API: no challenge asked.
  server = await startServer({ PARLONS_MIN_POST_SECONDS: "0" });
  const response = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({
      site: "demo", page: "/", author: "Zoé",
      text: `Voir https://example.org/un/article?page=2, ou www.exemple.fr. ${LONG_WORD}`,
    }),
  });
  assert.equal(response.status, 201);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function open(width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.url}/`);
  // The widget loads when it comes near the screen: below a long article on a narrow one.
  await page.locator(".parlons-host").scrollIntoViewIfNeeded();
  await widget(page).locator(".comment").first().waitFor();
  return page;
}

/** The name, website and email inputs grouped by the row their fields start on: each row's
 *  input tops, rounded to the pixel. */
async function inputRows(page) {
  return widget(page).locator(".who").first().evaluate((who) => {
    const rows = new Map();
    for (const field of who.querySelectorAll(".field")) {
      const row = Math.round(field.getBoundingClientRect().top);
      const input = field.querySelector("input").getBoundingClientRect();
      rows.set(row, [...(rows.get(row) || []), Math.round(input.top)]);
    }
    return [...rows.values()];
  });
}

for (const width of [1280, 390]) {
  test(`at ${width} px the inputs of each row of the form line up`, async () => {
    const page = await open(width);

    const rows = await inputRows(page);

    assert.equal(rows.flat().length, 3, "name, website and email");
    if (width === 1280) assert.equal(rows.length, 1, "all three on one row");
    for (const tops of rows) {
      assert.ok(Math.max(...tops) - Math.min(...tops) <= 2, `input tops ${tops} in one row`);
    }
    await page.close();
  });
}

test("the email's hint is under its input and describes it", async () => {
  const page = await open(1280);
  const email = widget(page).locator("input[name=email]").first();

  const hint = widget(page).locator(`#${await email.getAttribute("aria-describedby")}`);

  assert.match(await hint.textContent(), /réponses/);
  const [input, below] = [await email.boundingBox(), await hint.boundingBox()];
  assert.ok(below.y >= input.y + input.height, "the hint is below the input");
  await page.close();
});

test("bare web addresses in a comment are links with the same rel as others", async () => {
  const page = await open(1280);

  const links = await widget(page).locator(".comment .body a").evaluateAll((anchors) =>
    anchors.map((anchor) => [anchor.getAttribute("href"), anchor.getAttribute("rel")]));

  assert.deepEqual(links.slice(0, 2), [
    ["https://example.org/un/article?page=2", "nofollow ugc noopener"],
    ["https://www.exemple.fr", "nofollow ugc noopener"],
  ]);
  await page.close();
});

test("on a 320 px screen long words and addresses wrap inside the widget", async () => {
  const page = await open(320);

  const overflow = await widget(page).evaluate((root) =>
    [root, ...root.querySelectorAll(".comment, .body")].filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.className}: ${element.scrollWidth} > ${element.clientWidth}`));

  assert.deepEqual(overflow, []);
  await page.close();
});

test("a right-to-left page does not scroll sideways because of the widget", async () => {
  const page = await open(1280);

  await page.evaluate(() => { document.documentElement.dir = "rtl"; });

  const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide in a ${width} px window`);
  await page.close();
});
