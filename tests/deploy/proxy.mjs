// Starting Debian's nginx and Caddy as the deployment tests' own processes, with the
// configurations of deploy/ as they are: only the ports and the certificate's paths are
// replaced, and the settings an unprivileged test run needs (its own pid file, logs and
// temporary folders; no admin endpoint, no port 80) are put around them.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { request } from "node:https";
import { createServer, connect } from "node:net";
import { join } from "node:path";

/** A free loopback port. */
export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
    probe.on("error", fail);
  });
}

/** An HTTPS request trusting `ca`: resolves to { status, headers, body }. */
export function https(url, { ca, method = "GET", headers = {}, body, localAddress } = {}) {
  return new Promise((done, fail) => {
    const req = request(url, { ca, method, headers, localAddress, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => done({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", fail);
    req.end(body);
  });
}

/** The file of deploy/ with the test's port, certificate and upstream in place. */
function deployed(root, file, { port, cert, key, upstream }, listen) {
  const text = readFileSync(join(root, "deploy", file), "utf8")
    .replaceAll("/etc/ssl/example.org/fullchain.pem", cert)
    .replaceAll("/etc/ssl/example.org/privkey.pem", key)
    .replaceAll("127.0.0.1:8080", `127.0.0.1:${upstream}`)
    .replace(listen.from, listen.to(port));
  if (!text.includes(`127.0.0.1:${port}`)) throw new Error(`deploy/${file} no longer has ${listen.from}`);
  return text;
}

/** nginx with deploy/nginx.conf in its http block; resolves once it accepts connections. */
export async function startNginx({ root, work, port, cert, key, upstream }) {
  const site = deployed(root, "nginx.conf", { port, cert, key, upstream },
    { from: "listen 443 ssl", to: (p) => `listen 127.0.0.1:${p} ssl` });
  return startNginxWith(work, port, site);
}

/** nginx with `site` (what goes in its http block), listening on `port`. */
export async function startNginxWith(work, port, site) {
  const dir = join(work, `nginx-${port}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "site.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `${kind}_temp_path ${dir}/${kind};`).join("\n  ");
  writeFileSync(join(dir, "nginx.conf"), `
${process.getuid() === 0 ? "user root root;" : ""}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
  include ${dir}/site.conf;
}
`);
  return started(spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir, "-e", join(dir, "error.log")],
    { stdio: ["ignore", "inherit", "inherit"] }), port, "nginx");
}

/** Caddy with deploy/Caddyfile, its global options set for a test run. */
export async function startCaddy({ root, work, port, cert, key, upstream }) {
  const dir = join(work, `caddy-${port}`);
  mkdirSync(dir);
  const site = deployed(root, "Caddyfile", { port, cert, key, upstream },
    { from: "example.org {", to: (p) => `https://127.0.0.1:${p} {` });
  const global = "{\n\tadmin off\n\tauto_https disable_redirects\n\tlog {\n\t\tlevel WARN\n\t}\n}\n";
  writeFileSync(join(dir, "Caddyfile"), global + site);
  const env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  return started(spawn("caddy", ["run", "--adapter", "caddyfile", "--config", join(dir, "Caddyfile")],
    { env, stdio: ["ignore", "inherit", "inherit"] }), port, "caddy");
}

/** Waits (10 s at most) for `child` to accept connections on `port`; gives { stop }. */
async function started(child, port, name) {
  let exited = null;
  child.on("exit", (code) => { exited = code; });
  for (let i = 0; i < 100; i++) {
    if (exited !== null) throw new Error(`${name} exited with ${exited}`);
    if (await accepts(port)) {
      return {
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once("exit", done);
          child.kill("SIGTERM");
        }),
      };
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${name} did not listen on ${port}`);
}

function accepts(port) {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => { socket.destroy(); done(true); });
    socket.on("error", () => done(false));
  });
}
