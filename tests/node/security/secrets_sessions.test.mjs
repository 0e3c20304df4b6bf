// Secrets and sessions: an upstream that echoes the channel's key in an error never shows it to
// the user (any client format, streaming or not, nor in the error log); a session ends at logout,
// and every other session of a user ends when their password, role or status changes; roles are
// 1, 10 or 100 only; a user's own logs omit the admin's part; /api/usage/token refuses the keys of
// a disabled user.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { post } from "../money/accounts.mjs";

const CHANNEL_KEY = "sk-mock-upstream";  // prepare()'s channel key
let mock, gw, ctx;
before(async () => {
  mock = await startMock();
  gw = await startGateway({ ERROR_LOG_ENABLED: "true" });
  ctx = await prepare(gw, mock.port, { models: "gpt-4o-mini,leak-key" });
});
after(async () => {
  await gw.stop();
  mock.server.close();
});

const relay = (p, body, headers = {}) =>
  fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + ctx.key, ...headers },
                       body: JSON.stringify(body) });

test("an upstream echoing the channel key never shows it to the client or the logs", { timeout: 30000 }, async () => {
  const answers = [
    await relay("/v1/chat/completions", { model: "leak-key", messages: [{ role: "user", content: "hi" }] }),
    await relay("/v1/chat/completions", { model: "leak-key", stream: true, messages: [{ role: "user", content: "hi" }] }),
    await relay("/v1/messages", { model: "leak-key", max_tokens: 5, messages: [{ role: "user", content: "hi" }] },
                { "anthropic-version": "2023-06-01" }),
    await relay("/v1/messages", { model: "leak-key", max_tokens: 5, stream: true, messages: [{ role: "user", content: "hi" }] },
                { "anthropic-version": "2023-06-01" }),
    await relay("/v1beta/models/leak-key:streamGenerateContent?alt=sse", { contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
  ];
  for (const r of answers) {
    const text = await r.text();
    assert.ok(r.status >= 400, text);
    assert.doesNotMatch(text, /mock-upstream/, text);
    assert.match(text, /rejected/, text);  // the rest of the message is kept
  }
  await new Promise((r) => setTimeout(r, 300));  // logs reach the database within a flush
  const logs = await ctx.call("GET", "/api/log/?p=1&page_size=50&type=5");
  assert.ok(logs.data.items.length >= answers.length);
  for (const l of logs.data.items) assert.doesNotMatch(JSON.stringify(l), /mock-upstream/);
  const ch = await ctx.call("GET", "/api/channel/?p=1&page_size=10");
  assert.doesNotMatch(JSON.stringify(ch.data.items.map((c) => c.other_info ?? "")), /mock-upstream/);
  assert.ok(CHANNEL_KEY.length > 8);
});

async function login(username, password) {
  const r = await post(gw, "/api/user/login", { username, password });
  const body = await r.json();
  assert.equal(body.success, true, JSON.stringify(body));
  return { cookie: r.headers.get("set-cookie").split(";")[0], "New-Api-User": String(body.data.id), id: body.data.id };
}
const self = async (s) => (await fetch(gw.base + "/api/user/self", { headers: { cookie: s.cookie, "New-Api-User": s["New-Api-User"] } })).status;

test("logout, password, role and status changes end sessions", { timeout: 30000 }, async () => {
  await post(gw, "/api/user/register", { username: "sess", password: "pass-sess1" });
  const a = await login("sess", "pass-sess1"), b = await login("sess", "pass-sess1");
  assert.equal(await self(a), 200);
  await fetch(gw.base + "/api/user/logout", { headers: { cookie: a.cookie } });
  assert.equal(await self(a), 401, "a cookie replayed after logout still works");
  assert.equal(await self(b), 200, "logout ended another browser's session");

  // A new password: the browser that set it stays signed in, every other one is signed out.
  const c = await login("sess", "pass-sess1");
  const put = await fetch(gw.base + "/api/user/self", { method: "PUT", headers: { "content-type": "application/json", cookie: b.cookie, "New-Api-User": b["New-Api-User"] },
                                                         body: JSON.stringify({ password: "pass-sess2", original_password: "pass-sess1" }) });
  assert.equal((await put.json()).success, true);
  assert.equal(await self(b), 200);
  assert.equal(await self(c), 401, "a password change left another session alive");

  const d = await login("sess", "pass-sess2");
  assert.equal((await ctx.call("POST", "/api/user/manage", { id: d.id, action: "promote" })).success, true);
  assert.equal(await self(d), 401, "a role change left the session alive");
  const e = await login("sess", "pass-sess2");
  assert.equal((await ctx.call("POST", "/api/user/manage", { id: e.id, action: "disable" })).success, true);
  await ctx.call("POST", "/api/user/manage", { id: e.id, action: "enable" });
  assert.equal(await self(e), 401, "disabling left the session alive");
});

test("roles are 1, 10 or 100; own logs omit admin_info; usage/token refuses disabled users", { timeout: 30000 }, async () => {
  await post(gw, "/api/user/register", { username: "plain", password: "pass-plain" });
  const u = await login("plain", "pass-plain");
  for (const role of [5, 99, 1000, -1]) {
    const r = await ctx.call("PUT", "/api/user/", { id: u.id, role });
    assert.equal(r.success, false, `role ${role} accepted`);
  }
  assert.equal((await ctx.call("GET", `/api/user/${u.id}`)).data.role, 1);

  // The root's own call logs carry admin_info for the admin view only.
  assert.equal((await relay("/v1/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).status, 200);
  await new Promise((r) => setTimeout(r, 300));
  const adminView = await ctx.call("GET", "/api/log/?p=1&page_size=5&type=2");
  assert.match(adminView.data.items[0].other, /admin_info/);
  const ownView = await ctx.call("GET", "/api/log/self?p=1&page_size=5&type=2");
  assert.ok(ownView.data.items.length > 0);
  for (const l of ownView.data.items) assert.doesNotMatch(l.other, /admin_info/);

  const tok = await (await post(gw, "/api/token/", { name: "k", unlimited_quota: true, expired_time: -1 }, u)).json();
  assert.equal(tok.success, true);
  const list = await (await fetch(gw.base + "/api/token/?p=1&size=10", { headers: u })).json();
  const key = "sk-" + (await (await post(gw, `/api/token/${list.data.items[0].id}/key`, {}, u)).json()).data.key;
  const usage = async () => (await fetch(gw.base + "/api/usage/token", { headers: { authorization: "Bearer " + key } })).status;
  assert.equal(await usage(), 200);
  await ctx.call("POST", "/api/user/manage", { id: u.id, action: "disable" });
  assert.equal(await usage(), 401);
});
