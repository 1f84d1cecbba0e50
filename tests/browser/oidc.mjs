// A real OpenID provider for the sign-in tests: npm's `oidc-provider` (the certified Node.js
// implementation) on a free loopback port, with its development login page (any login, any
// password) and a client registered for each site. Its signing key is the test's own, so a
// test may have the provider's token endpoint answer with an ID token changed and signed
// again (a wrong audience, issuer, expiry or nonce, validly signed) or signed by another key.
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import Provider from "oidc-provider";
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from "jose";

const KID = "parlons-test";

/** Names the provider gives its users, by login. */
const NAMES = { zoe: "Zoé Martin" };

/** Starts the provider; `clients`: [{ client_id, client_secret, redirect_uris }]. Resolves to
 * { issuer, tamper(change), stop() }: `tamper(claims => claims)` changes the next ID tokens'
 * claims (re-signed with the provider's key), `tamper(claims => claims, { foreignKey: true })`
 * signs them with a key the provider never published; `tamper(null)` stops. */
export async function startProvider(clients) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const foreign = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(privateKey)), kid: KID, use: "sig", alg: "RS256" };
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({ grant_types: ["authorization_code"], response_types: ["code"], ...client })),
    jwks: { keys: [jwk] },
    claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, name: NAMES[id] || id, preferred_username: id }),
    }),
    // A first-party provider: the reader is not asked to consent to their own site.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid profile");
      await grant.save();
      return grant;
    },
    cookies: { keys: ["parlons-tests"] },
  });
  let change = null;
  provider.use(async (ctx, next) => {
    await next();
    if (change && ctx.path == "/token" && ctx.body && ctx.body.id_token) {
      const claims = change.claims(decodeJwt(ctx.body.id_token));
      ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: KID }).sign(change.foreignKey ? foreign : privateKey) };
    }
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  return {
    issuer,
    tamper(claims, { foreignKey = false } = {}) { change = claims && { claims, foreignKey }; },
    stop: () => new Promise((done) => server.close(done)),
  };
}

/** Signs in at the provider's development login page open in `page` (after the widget's
 * popup or a direct visit to /auth/oidc/start), as `login`. */
export async function logInAtProvider(page, login) {
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await page.locator("button[type=submit]").click();
}

/** Rows in `table` of the server's database (SQLite or PostgreSQL). */
export function countRows(server, table) {
  const url = server.env.PARLONS_DATABASE_URL;
  const count = url.startsWith("postgres")
    ? execFileSync("psql", [url, "-tAc", `select count(*) from ${table}`], { encoding: "utf8" })
    : execFileSync("python3", ["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from ' + sys.argv[2]).fetchone()[0])", url.slice("sqlite://".length), table], { encoding: "utf8" });
  return Number(count.trim());
}

function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}
