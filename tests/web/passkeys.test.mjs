// Passkeys in a real browser: Debian's chromium with a virtual authenticator (CDP's WebAuthn
// domain). Root registers a passkey, signs in with it alone, and proves it again to read a
// channel key (/api/channel/:id/key refuses without that proof); replayed, tampered or foreign
// assertions sign nobody in.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { chromium } from "playwright-core";

import { prepare, startGateway } from "../node/relay/harness.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Runs in the page: WebAuthn's binary fields as base64url both ways, and the three ceremonies.
const PAGE_HELPERS = `
window.b64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
window.unb64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - s.length % 4) % 4)), (c) => c.charCodeAt(0));
window.api = async (method, path, body) => (await fetch(path, { method, headers: { "content-type": "application/json", "New-Api-User": "1" },
                                                           body: body === undefined ? undefined : JSON.stringify(body) })).json();
window.serialize = (cred) => ({ id: cred.id, rawId: b64u(cred.rawId), type: cred.type, authenticatorAttachment: cred.authenticatorAttachment,
  response: Object.fromEntries(["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"]
    .filter((k) => cred.response[k]).map((k) => [k, b64u(cred.response[k])])) });
window.registerPasskey = async () => {
  const begin = await api("POST", "/api/user/passkey/register/begin");
  const pk = begin.data.options.publicKey;
  pk.challenge = unb64u(pk.challenge);
  pk.user.id = unb64u(pk.user.id);
  pk.excludeCredentials = pk.excludeCredentials.map((c) => ({ ...c, id: unb64u(c.id) }));
  const cred = await navigator.credentials.create({ publicKey: pk });
  return api("POST", "/api/user/passkey/register/finish", { flow_token: begin.data.flow_token, credential: serialize(cred) });
};
window.assertPasskey = async (kind, extra = {}) => {
  const begin = await api("POST", "/api/user/passkey/" + kind + "/begin");
  const pk = begin.data.options.publicKey;
  pk.challenge = unb64u(pk.challenge);
  pk.allowCredentials = pk.allowCredentials.map((c) => ({ ...c, id: unb64u(c.id) }));
  const cred = await navigator.credentials.get({ publicKey: pk });
  const body = { flow_token: begin.data.flow_token, credential: serialize(cred), ...extra };
  return { body, answer: await api("POST", "/api/user/passkey/" + kind + "/finish", body) };
};`;

describe("passkeys", () => {
  let gw, call, browser, page, channelId;
  before(async () => {
    gw = await startGateway();
    ({ call, channelId } = await prepare(gw, 1, { models: "unused" }));
    assert.ok((await call("PUT", "/api/option/", { key: "passkey.enabled", value: "true" })).success);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    page = await browser.newPage();
    // WebAuthn wants a domain for its RP ID: localhost, not 127.0.0.1.
    await page.goto(`http://localhost:${gw.port}/api/status`);
    await page.evaluate(PAGE_HELPERS);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", { options: {
      protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true } });
    const login = await page.evaluate(() => api("POST", "/api/user/login", { username: "root", password: "rootpass123" }));
    assert.ok(login.success, login.message);
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
  });

  test("a passkey registered in the browser signs in without a password", async () => {
    const reg = await page.evaluate(() => registerPasskey());
    assert.ok(reg.success, reg.message);
    assert.equal((await page.evaluate(() => api("GET", "/api/user/passkey"))).data.enabled, true);
    await page.evaluate(() => fetch("/api/user/logout"));
    assert.equal((await page.evaluate(() => api("GET", "/api/user/self"))).success, false, "signed out");
    const { answer, body } = await page.evaluate(() => assertPasskey("login"));
    assert.ok(answer.success, answer.message);
    assert.equal(answer.data.username, "root");
    assert.equal((await page.evaluate(() => api("GET", "/api/user/self"))).data.id, 1);

    const replay = await page.evaluate((b) => api("POST", "/api/user/passkey/login/finish", b), body);
    assert.equal(replay.success, false, "a ceremony finishes once");
    const foreign = await (await fetch(`${gw.base}/api/user/passkey/login/finish`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
    assert.equal(foreign.success, false, "the same assertion from elsewhere");
  });

  test("a tampered assertion is refused", async () => {
    const refused = await page.evaluate(async () => {
      const begin = await api("POST", "/api/user/passkey/login/begin");
      const pk = begin.data.options.publicKey;
      pk.challenge = unb64u(pk.challenge);
      const cred = serialize(await navigator.credentials.get({ publicKey: pk }));
      const sig = unb64u(cred.response.signature);
      sig[sig.length - 1] ^= 1;
      cred.response.signature = b64u(sig);
      return api("POST", "/api/user/passkey/login/finish", { flow_token: begin.data.flow_token, credential: cred });
    });
    assert.equal(refused.success, false);
    assert.match(refused.message, /signature/);
  });

  test("reading a channel key needs a fresh passkey proof", async () => {
    const without = await page.evaluate((id) => fetch(`/api/channel/${id}/key`, { method: "POST", headers: { "New-Api-User": "1" } })
      .then(async (r) => ({ status: r.status, body: await r.json() })), channelId);
    assert.equal(without.status, 403);
    assert.equal(without.body.code, "VERIFICATION_REQUIRED");
    const { answer } = await page.evaluate(() => assertPasskey("verify", { scope: "channel.key.read" }));
    assert.ok(answer.success, answer.message);
    assert.equal(answer.data.scope, "channel.key.read");
    const withProof = await page.evaluate(([id, proof]) => fetch(`/api/channel/${id}/key`, {
      method: "POST", headers: { "New-Api-User": "1", "X-Security-Proof": proof } }).then((r) => r.json()),
      [channelId, answer.data.proof_token]);
    assert.ok(withProof.success, withProof.message);
    assert.equal(withProof.data.key, "sk-mock-upstream");
    const viaVerify = await page.evaluate(() => api("POST", "/api/verify", { method: "passkey", scope: "channel.key.read" }));
    assert.ok(viaVerify.success, "/api/verify takes the passkey just used");
  });
});
