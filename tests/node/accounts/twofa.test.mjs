// TOTP two-factor sign-in as New API has it: setup, enable, a login that needs a second step,
// backup codes spent once (even when racing), replayed codes and forged flow tokens refused,
// the lockout after five wrong codes, and the admin's reset. Codes are computed by the test.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";
import { base32Decode, hotp, totp } from "./totp.mjs";
import { sessionClient } from "./session.mjs";

let gw, call, client, admin;
const adminHeaders = () => admin;

before(async () => {
  gw = await startGateway();
  ({ call, admin } = await prepare(gw, 1, { models: "unused" }));
  client = sessionClient(gw);
});

after(async () => gw.stop());

test("the test's own TOTP matches RFC 6238's SHA-1 vectors", () => {
  const key = Buffer.from("12345678901234567890");
  for (const [t, code] of [[59, "94287082"], [1111111109, "07081804"], [1234567890, "89005924"], [20000000000, "65353130"]])
    assert.equal(hotp(key, Math.floor(t / 30), 8), code);
});

// A user with 2FA enabled: its secret and backup codes.
async function userWith2fa(name) {
  assert.ok((await client.register(name, "password123")).success);
  const { user } = await client.login(name, "password123");
  const setup = await user.as("POST", "/api/user/2fa/setup");
  assert.ok(setup.success, setup.message);
  const { secret, qr_code_data: uri, backup_codes: codes } = setup.data;
  assert.match(uri, new RegExp(`^otpauth://totp/.*secret=${secret}`));
  assert.equal(base32Decode(secret).length, 20);
  assert.equal(codes.length, 4);
  codes.forEach((c) => assert.match(c, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/));
  assert.equal((await user.as("GET", "/api/user/2fa/status")).data.enabled, false, "pending until enabled");
  const wrong = await user.as("POST", "/api/user/2fa/enable", { code: String((Number(totp(secret)) + 1) % 1e6).padStart(6, "0") });
  assert.equal(wrong.success, false);
  const on = await user.as("POST", "/api/user/2fa/enable", { code: totp(secret) });
  assert.ok(on.success, on.message);
  return { user, secret, codes };
}

async function firstStep(name) {
  const { res, body } = await client.login(name, "password123");
  assert.ok(body.success, body.message);
  assert.equal(body.data.require_2fa, true);
  assert.equal(res.headers.get("set-cookie"), null, "no session before the second factor");
  return body.data.flow_token;
}

const secondStep = async (flow_token, code) => {
  const res = await client.post("/api/user/login/2fa", { flow_token, code });
  return { body: await res.json(), cookie: res.headers.get("set-cookie") };
};

test("a 2FA login needs the code; a wrong code or a replayed one signs nobody in", async () => {
  const { user, secret } = await userWith2fa("alice2fa");
  const status = (await user.as("GET", "/api/user/2fa/status")).data;
  assert.deepEqual(status, { enabled: true, locked: false, backup_codes_remaining: 4 });

  let flow = await firstStep("alice2fa");
  const wrong = await secondStep(flow, totp(secret, 5));
  assert.equal(wrong.body.success, false);
  assert.equal(wrong.cookie, null);
  const ok = await secondStep(flow, totp(secret));
  assert.ok(ok.body.success, ok.body.message);
  assert.equal(ok.body.data.username, "alice2fa");
  const me = client.session({ headers: { get: () => ok.cookie } }, ok.body.data.id);
  assert.equal((await me.as("GET", "/api/user/self")).data.username, "alice2fa");

  flow = await firstStep("alice2fa");
  const replay = await secondStep(flow, totp(secret));
  assert.equal(replay.body.success, false, "a code is accepted once");
  assert.equal(replay.cookie, null);
  const next = await secondStep(flow, totp(secret, 1));
  assert.ok(next.body.success, "the next step's code is fine");
});

test("forged or foreign flow tokens are refused before any code is looked at", async () => {
  const { secret } = await userWith2fa("bob2fa");
  const flow = await firstStep("bob2fa");
  const [payload, sig] = flow.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url"));
  claims.u = 1;  // someone else: root
  const forged = Buffer.from(JSON.stringify(claims)).toString("base64url") + "." + sig;
  for (const token of [forged, "", "x.y", flow + "x"]) {
    const r = await secondStep(token, totp(secret, 1));
    assert.equal(r.body.success, false, token);
    assert.match(r.body.message, /会话已过期/);
    assert.equal(r.cookie, null);
  }
});

test("a backup code works once, in any case and without the dash, even when five logins race with it", async () => {
  const { user, codes } = await userWith2fa("carol2fa");
  const typed = codes[0].replace("-", "").toLowerCase();
  const first = await secondStep(await firstStep("carol2fa"), typed);
  assert.ok(first.body.success, first.body.message);
  const again = await secondStep(await firstStep("carol2fa"), codes[0]);
  assert.equal(again.body.success, false, "spent");

  const flows = await Promise.all(Array.from({ length: 5 }, () => firstStep("carol2fa")));
  const raced = await Promise.all(flows.map((f) => secondStep(f, codes[1])));
  assert.equal(raced.filter((r) => r.body.success).length, 1, JSON.stringify(raced.map((r) => r.body.message)));
  assert.equal((await user.as("GET", "/api/user/2fa/status")).data.backup_codes_remaining, 2);
});

test("five wrong codes lock the account: even the right code is refused until an admin resets 2FA", async () => {
  const { user, secret } = await userWith2fa("dave2fa");
  const flow = await firstStep("dave2fa");
  for (let i = 0; i < 5; i++) assert.equal((await secondStep(flow, "000000")).body.success, false);
  const locked = await secondStep(flow, totp(secret));
  assert.equal(locked.body.success, false);
  assert.match(locked.body.message, /锁定/);
  assert.equal((await user.as("GET", "/api/user/2fa/status")).data.locked, true);

  const reset = await call("DELETE", `/api/user/${user.id}/2fa`);
  assert.ok(reset.success, reset.message);
  assert.equal((await user.as("GET", "/api/user/self")).success, false, "the admin's reset ends the user's sessions");
  const { body, user: again } = await client.login("dave2fa", "password123");
  assert.ok(body.success && !body.data.require_2fa && again, "plain password login after the reset");
  const stats = await call("GET", "/api/user/2fa/stats");
  assert.ok(stats.success && stats.data.enabled_users >= 1 && stats.data.total_users >= 5, JSON.stringify(stats));
});

test("new backup codes replace the old; disabling needs a code and returns to password logins", async () => {
  const { user, secret, codes } = await userWith2fa("erin2fa");
  const bad = await user.as("POST", "/api/user/2fa/backup_codes", { code: codes[0] });
  assert.equal(bad.success, false, "regeneration takes a TOTP code, not a backup code");
  const fresh = await user.as("POST", "/api/user/2fa/backup_codes", { code: totp(secret) });
  assert.ok(fresh.success, fresh.message);
  assert.equal(fresh.data.backup_codes.length, 4);
  assert.equal((await secondStep(await firstStep("erin2fa"), codes[2])).body.success, false, "old code gone");
  assert.ok((await secondStep(await firstStep("erin2fa"), fresh.data.backup_codes[0])).body.success);

  assert.equal((await user.as("POST", "/api/user/2fa/disable", { code: "123" })).success, false);
  const off = await user.as("POST", "/api/user/2fa/disable", { code: totp(secret, 1) });
  assert.ok(off.success, off.message);
  const { body } = await client.login("erin2fa", "password123");
  assert.ok(body.success && !body.data.require_2fa);
  assert.equal((await user.as("POST", "/api/user/2fa/enable", { code: totp(secret) })).success, false, "setup first");
});

test("root reads a channel key only with a fresh 2FA proof from /api/verify", async () => {
  const channels = (await call("GET", "/api/channel/?p=1&page_size=10")).data.items;
  const id = channels[0].id;
  const reveal = (proof) => fetch(`${gw.base}/api/channel/${id}/key`, { method: "POST",
    headers: { ...adminHeaders(), ...(proof ? { "X-Security-Proof": proof } : {}) } });
  const refused = await reveal();
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).code, "VERIFICATION_REQUIRED");
  assert.match((await call("POST", "/api/verify", { method: "2fa", code: "123456", scope: "channel.key.read" })).message, /未启用2FA/);

  const setup = await call("POST", "/api/user/2fa/setup");
  assert.ok((await call("POST", "/api/user/2fa/enable", { code: totp(setup.data.secret) })).success);
  assert.equal((await call("POST", "/api/verify", { method: "2fa", code: "000000", scope: "channel.key.read" })).success, false);
  const proof = await call("POST", "/api/verify", { method: "2fa", code: totp(setup.data.secret, 1), scope: "channel.key.read" });
  assert.ok(proof.success, proof.message);
  const wrongScope = await call("POST", "/api/verify", { method: "2fa", code: setup.data.backup_codes[0], scope: "passkey.delete" });
  assert.ok(wrongScope.success);
  assert.equal((await reveal(wrongScope.data.proof_token)).status, 403, "a proof is for its scope only");
  const shown = await (await reveal(proof.data.proof_token)).json();
  assert.ok(shown.success, shown.message);
  assert.equal(shown.data.key, "sk-mock-upstream");
});
