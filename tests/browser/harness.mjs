// Shared by the browser tests: a real `parlons` server with its own SQLite file, and
// Debian's chromium driven by playwright-core (never a downloaded browser).
import { spawn, execFileSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
export const parlonsBin = process.env.PARLONS_BIN || join(root, "target/debug/parlons");
const widgetDir = process.env.PARLONS_WIDGET_DIR || join(root, "dist");

/** Starts `parlons serve` on a free loopback port; resolves to { url, dir, stop, restart, cli }. */
export async function startServer(extraEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), "parlons-browser-"));
  const database = createDatabase(dir);
  const env = {
    PATH: process.env.PATH,
    RUST_LOG: process.env.RUST_LOG || "warn",
    PARLONS_DATABASE_URL: database.url,
    PARLONS_WIDGET_DIR: widgetDir,
    PARLONS_BIND: "127.0.0.1:0",
    // Every post goes through the challenge; a second keeps the tests quick.
    PARLONS_MIN_POST_SECONDS: "1",
    ...extraEnv,
  };
  // `output`: everything the server printed (its log), for the tests that read it.
  const server = { dir, env, process: null, url: null, output: "" };
  server.start = async (bind = env.PARLONS_BIND) => {
    const child = spawn(parlonsBin, ["serve"], { env: { ...env, PARLONS_BIND: bind }, stdio: ["ignore", "pipe", "pipe"] });
    server.process = child;
    // The log goes on to the test's own output, as before, and is kept for the tests that read it.
    child.stderr.on("data", (chunk) => {
      server.output += chunk;
      process.stderr.write(chunk);
    });
    server.url = await new Promise((resolveUrl, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`parlons did not start: ${seen}`)), 20000);
      child.stdout.on("data", (chunk) => {
        seen += chunk;
        server.output += chunk;
        const match = seen.match(/listening on (http:\/\/\S+)/);
        if (match) { clearTimeout(timer); resolveUrl(match[1]); }
      });
      child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`parlons exited with ${code}: ${seen}`)); });
    });
    return server.url;
  };
  server.kill = async () => {
    const child = server.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await exited;
  };
  server.restart = async () => {
    const port = new URL(server.url).host;
    await server.kill();
    return server.start(port);
  };
  server.stop = async () => {
    await server.kill();
    database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  /** Runs `parlons <args>` against the same database; returns its standard output. */
  server.cli = (...args) => execFileSync(parlonsBin, args, { env, encoding: "utf8" });
  /** The same, with `input` on standard input (passwords). */
  server.cliWithInput = (input, ...args) => execFileSync(parlonsBin, args, { env, input, encoding: "utf8" });
  await server.start();
  return server;
}

/** A SQLite file in `dir`, or a PostgreSQL database of its own when TEST_DATABASE_URL names
 *  a PostgreSQL server (scripts/with-postgres), dropped by `drop()`. */
function createDatabase(dir) {
  const server = process.env.TEST_DATABASE_URL || "";
  if (!server.startsWith("postgres")) return { url: `sqlite://${dir}/parlons.db`, drop() {} };
  const name = `parlons_browser_${Math.random().toString(36).slice(2, 10)}`;
  execFileSync("psql", [server, "-qc", `create database ${name}`]);
  return {
    url: `${server.slice(0, server.lastIndexOf("/"))}/${name}`,
    drop() { execFileSync("psql", [server, "-qc", `drop database if exists ${name} with (force)`]); },
  };
}

/** Imports a thread of `total` comments on page "/" of the demo site through `parlons import`
 * (far quicker than posting them): one a minute from 2026-01-01, every tenth a reply to the
 * one before it, texts "Commentaire N". */
export function importThread(server, total) {
  importComments(server, total, (i) => ({ parent: i % 10 === 9 ? i : null, text: `Commentaire ${i + 1}` }));
}

/** Imports `total` comments on page "/" of `site`, one a minute from 2026-01-01; `shape(i)`
 * gives the `parent` and `text` of the i-th (ids count from 1). */
export function importComments(server, total, shape, site = "demo") {
  const start = Date.parse("2026-01-01T00:00:00Z");
  const comments = Array.from({ length: total }, (_, i) => {
    const { parent, text } = shape(i);
    return {
      id: i + 1, page: "/", parent, author: `Lecteur ${i + 1}`, website: null,
      email_hash: null, text, html: `<p>${text}</p>`,
      status: "published", edit_token_hash: "0".repeat(64),
      created_at: new Date(start + i * 60000).toISOString().replace(/\.\d+Z$/, "Z"),
      edited_at: null, deleted_at: null, deleted_by: null, import_key: null, notify_email: null,
    };
  });
  const file = join(server.dir, "thread.json");
  writeFileSync(file, JSON.stringify({
    format: "parlons-export", version: 1, site, exported_at: "2026-11-29T00:00:00Z", comments,
  }));
  server.cli("import", "parlons", file, "--site", site);
}

/** Headless chromium with the flags this machine needs (no background network, no GPU). */
/** A moderator of every site, added with the command line: their API token. */
export function moderatorToken(server, name = "amelie") {
  server.cliWithInput("correct horse battery\n", "moderator", "add", name, "--all-sites", "--password-stdin");
  return server.cli("moderator", "token", name).trim().split("\n").pop();
}

/** Posts a published comment on the demo page, as a reader from the site's origin: its id. */
export async function postComment(server, body) {
  const answer = await fetch(`${server.url}/api/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ site: "demo", page: "/", ...body }),
  });
  if (answer.status != 201) throw new Error(`the comment was not published: ${answer.status} ${await answer.text()}`);
  return (await answer.json()).id;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** Clicks the button that shows the comments others posted while the page was open. */
export async function showNew(page, timeout = 5000) {
  await widget(page).locator("button.new-comments").click({ timeout });
}

/** The widget's shadow root content, through playwright's shadow-piercing selectors. */
export function widget(page) {
  return page.locator(".parlons-host .parlons");
}

/** The top-level comments' texts, in the order on screen. */
export async function rootTexts(page) {
  const texts = await widget(page).locator("section.thread > ol > li > article .body").allTextContents();
  return texts.map((text) => text.trim());
}

/** Waits up to five seconds for the top-level comments to be `expected`, in order. */
export async function assertRoots(page, expected) {
  for (let tries = 0; tries < 50; tries++) {
    if (JSON.stringify(await rootTexts(page)) === JSON.stringify(expected)) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  assert.deepEqual(await rootTexts(page), expected);
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The WCAG 2.2 A and AA violations axe finds on the page (shadow roots included), as
 * readable lines. A page with a Content-Security-Policy needs a context with `bypassCSP`. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    WCAG_22_AA,
  );
  return results.violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")}`);
}

const python = join(root, "tests/.venv/bin/python");
const READ_MAILDIR = `import email, email.policy, json, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default), create=False)
print(json.dumps([{"to": str(m["to"]), "subject": str(m["subject"]), "body": m.get_content()} for m in box]))`;

/** A real SMTP server (aiosmtpd, from tests/.venv) writing to a Maildir; resolves to
 *  { port, env, mails(), waitFor(predicate), stop() }. `env` makes a server mail through it. */
export async function startMailServer() {
  const dir = mkdtempSync(join(tmpdir(), "parlons-smtp-"));
  const maildir = join(dir, "maildir");
  const port = await new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
  const child = spawn(python, ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", maildir], { stdio: "ignore" });
  for (let tries = 0; ; tries++) {
    const open = await new Promise((done) => connect(port, "127.0.0.1").on("connect", function () { this.end(); done(true); }).on("error", () => done(false)));
    if (open) break;
    if (tries > 100) throw new Error("aiosmtpd did not listen");
    await new Promise((wait) => setTimeout(wait, 50));
  }
  const mails = () => {
    try { return JSON.parse(execFileSync(python, ["-c", READ_MAILDIR, maildir], { encoding: "utf8" })); } catch { return []; }
  };
  return {
    port,
    env: { PARLONS_SMTP_HOST: "127.0.0.1", PARLONS_SMTP_PORT: String(port), PARLONS_SMTP_TLS: "none", PARLONS_MAIL_FROM: "Parlons <parlons@example.org>", PARLONS_WEBHOOK_RETRY_SECS: "1" },
    mails,
    /** Waits up to 15 s for a mail `matches` accepts; resolves to it. */
    async waitFor(matches) {
      for (let tries = 0; tries < 150; tries++) {
        const found = mails().find(matches);
        if (found) return found;
        await new Promise((wait) => setTimeout(wait, 100));
      }
      throw new Error(`no such mail among ${JSON.stringify(mails())}`);
    },
    stop() { child.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}
