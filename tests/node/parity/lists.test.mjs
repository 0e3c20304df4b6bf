// List answers in New API's shapes: token search pages like the token list, admin log rows name
// their channel, channel lists count channels per type.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";

let mock, gw, key, call, channelId;
before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key, call, channelId } = await prepare(gw, mock.port));
});
after(async () => {
  await gw.stop();
  mock.server.close();
});

test("token search answers a page object, as the token list", async () => {
  for (const name of ["alpha-1", "alpha-2", "beta"]) await call("POST", "/api/token/", { name, unlimited_quota: true });
  const r = await call("GET", "/api/token/search?keyword=alpha&p=1&page_size=1");
  assert.equal(r.success, true);
  assert.equal(r.data.total, 2);
  assert.equal(r.data.items.length, 1);
  assert.equal(r.data.page, 1);
  assert.equal(r.data.page_size, 1);
  assert.match(r.data.items[0].name, /^alpha-/);
});

test("token keys are revealed in batches of the user's own tokens", async () => {
  const items = (await call("GET", "/api/token/?p=1&page_size=10")).data.items;
  const ids = items.map((t) => t.id);
  const r = await call("POST", "/api/token/batch/keys", { ids: [...ids, 99999] });
  assert.equal(r.success, true);
  assert.deepEqual(Object.keys(r.data.keys).map(Number).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  const one = await call("POST", `/api/token/${ids[0]}/key`);
  assert.equal(r.data.keys[ids[0]], one.data.key);
  assert.equal((await call("POST", "/api/token/batch/keys", { ids: [] })).success, false);
  assert.equal((await call("POST", "/api/token/batch/keys", { ids: Array.from({ length: 101 }, (_, i) => i + 1) })).success, false);
});

test("admin log rows carry the channel's name; a user's own rows do not", async () => {
  const chat = await fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });
  assert.equal(chat.status, 200);
  let row;
  for (let i = 0; i < 50 && !row; i++) {
    row = (await call("GET", "/api/log/?type=2")).data.items[0];
    if (!row) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(row.channel, channelId);
  assert.equal(row.channel_name, "mock");
  const own = (await call("GET", "/api/log/self?type=2")).data.items[0];
  assert.equal(own.channel_name, "");
});

test("channel lists count channels per type under the other filters", async () => {
  for (const [type, name] of [[14, "claude-a"], [14, "claude-b"], [24, "gemini"]])
    assert.ok((await call("POST", "/api/channel/", { mode: "single", channel: {
      type, name, key: "k", base_url: "http://127.0.0.1:9", models: "m", group: "default" } })).success);
  const all = await call("GET", "/api/channel/?p=1&page_size=10");
  assert.deepEqual(all.data.type_counts, { 1: 1, 14: 2, 24: 1 });
  const claude = await call("GET", "/api/channel/?type=14&p=1&page_size=10");
  assert.equal(claude.data.items.length, 2);
  assert.deepEqual(claude.data.type_counts, { 1: 1, 14: 2, 24: 1 });  // the type filter is left out of the counts
  const found = await call("GET", "/api/channel/search?keyword=claude");
  assert.deepEqual(found.data.type_counts, { 14: 2 });
});

test("an API key reads its own latest logs; the retired search routes say so", async () => {
  const r = await (await fetch(gw.base + "/api/log/token", { headers: { authorization: "Bearer " + key } })).json();
  assert.equal(r.success, true);
  assert.ok(r.data.length >= 1);
  assert.ok(r.data.every((l) => l.token_name === "test" && l.channel_name === ""));
  const refused = await fetch(gw.base + "/api/log/token", { headers: { authorization: "Bearer sk-not-a-key" } });
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).error.message, "无效的令牌");
  assert.deepEqual(await call("GET", "/api/log/search?keyword=x"), { success: false, message: "该接口已废弃" });
  assert.deepEqual(await call("GET", "/api/log/self/search?keyword=x"), { success: false, message: "该接口已废弃" });
});
