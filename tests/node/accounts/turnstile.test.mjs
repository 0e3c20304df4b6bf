// Turnstile on the routes New API guards with it: without a token, with a bad or reused one the
// route does not run (no user made, nobody signed in); a fresh good token lets it through and the
// gateway verified it with the configured secret.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";
import { startTurnstile } from "../mock/turnstile.mjs";

let gw, call, turnstile;

before(async () => {
  turnstile = await startTurnstile();
  gw = await startGateway({ TURNSTILE_VERIFY_ENDPOINT: turnstile.url });
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  for (const [key, value] of Object.entries({ TurnstileCheckEnabled: "true", TurnstileSiteKey: "site-key",
                                               TurnstileSecretKey: "secret-key" }))
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
});

after(async () => {
  await gw?.stop();
  turnstile?.server.close();
});

const post = async (p, body, token) =>
  (await fetch(gw.base + p + (token ? `?turnstile=${token}` : ""), {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();

test("/api/status tells the console to show the widget", async () => {
  const s = (await (await fetch(gw.base + "/api/status")).json()).data;
  assert.equal(s.turnstile_check, true);
  assert.equal(s.turnstile_site_key, "site-key");
});

test("register and login run only with a fresh, good token", async () => {
  const body = { username: "humanuser", password: "password123" };
  assert.match((await post("/api/user/register", body)).message, /Turnstile token 为空/);
  assert.match((await post("/api/user/register", body, "bot-token")).message, /校验失败/);
  assert.equal((await call("GET", "/api/user/search?keyword=humanuser")).data.items.length, 0, "no user made");
  assert.ok((await post("/api/user/register", body, "pass-1")).success);
  assert.deepEqual(turnstile.requests.at(-1), { secret: "secret-key", response: "pass-1", remoteip: "127.0.0.1" });

  assert.equal((await post("/api/user/login", body, "pass-1")).success, false, "a token verifies once");
  const res = await fetch(`${gw.base}/api/user/login?turnstile=pass-2`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.ok((await res.json()).success);
  assert.ok(res.headers.get("set-cookie").startsWith("session="));
});

test("the e-mail routes are guarded too", async () => {
  const r = await (await fetch(`${gw.base}/api/reset_password?email=a@example.com`)).json();
  assert.match(r.message, /Turnstile/);
});
