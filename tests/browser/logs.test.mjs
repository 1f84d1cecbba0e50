// What reaches the server's log, read from the real binary's output: each request's line
// names its route's template, never the path (capability tokens of email links, readers'
// page keys) or the client's address.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./harness.mjs";

let server;
before(async () => { server = await startServer({ RUST_LOG: "info" }); });
after(async () => { await server.stop(); });

test("a request's log line names its route, not its token, page or address", async () => {
  for (const path of ["/email/moderate/CAPABILITY-TOKEN-0123", "/api/v1/threads?site=demo&page=/a-private-page"]) {
    await fetch(server.url + path, { headers: { "x-forwarded-for": "203.0.113.77" } });
  }
  // The line is written when the answer is; give the pipe a moment.
  const deadline = Date.now() + 5000;
  while (!server.output.includes("/api/v1/threads") && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
  }

  const logged = server.output.replace(/\x1b\[[0-9;]*m/g, "");
  assert.match(logged, /route="\/email\/moderate\/\{token\}"/);
  assert.match(logged, /route="\/api\/v1\/threads"/);
  assert.doesNotMatch(logged, /CAPABILITY-TOKEN-0123/);
  assert.doesNotMatch(logged, /a-private-page/);
  assert.doesNotMatch(logged, /203\.0\.113\.77/);
});
