// Channel health: New API's automatic disabling (status code, keyword, one key of a multi-key
// channel), re-enabling by channel tests, and the circuit breaker that skips a failing channel for
// a cool-down without an operator.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini" }));
  const set = (k, v) => call("PUT", "/api/option/", { key: k, value: v });
  await set("AutomaticDisableChannelEnabled", "true");
  await set("AutomaticEnableChannelEnabled", "true");
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const chat = (model) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) });

async function addChannel(fields, top = { mode: "single" }) {
  const r = await call("POST", "/api/channel/", { ...top, channel: {
    type: 1, key: "sk-mock", base_url: `http://127.0.0.1:${mock.port}`, group: "default", ...fields } });
  assert.ok(r.success, JSON.stringify(r));
  return r.data[0];
}

const channel = async (id) => (await call("GET", `/api/channel/${id}`)).data;

async function until(check, what) {
  for (let i = 0; i < 100; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting for " + what);
}

test("a 401 disables the channel (status 3, with the reason); a passing test enables it again", async () => {
  const id = await addChannel({ name: "dies-on-401", models: "fail-401", test_model: "gpt-4o-mini" });
  assert.equal((await chat("fail-401")).status, 401);
  const c = await until(async () => { const c = await channel(id); return c.status === 3 && c; }, "auto-disable");
  assert.match(JSON.parse(c.other_info).status_reason, /401/);
  assert.equal((await chat("fail-401")).status, 503);  // no channel left for the model
  assert.ok((await call("GET", "/api/channel/test")).success);
  await until(async () => (await channel(id)).status === 1, "auto-enable after a passing test");
});

test("a channel test that fails with a 401 disables the channel, as New API does", async () => {
  const id = await addChannel({ name: "bad-key", models: "tested-model", key: "sk-bad" });
  const r = await call("GET", `/api/channel/test/${id}`);
  assert.equal(r.success, false);
  assert.equal((await channel(id)).status, 3);
});

test("an error message with a disable keyword disables the channel", async () => {
  const id = await addChannel({ name: "over-quota", models: "fail-quota" });
  assert.equal((await chat("fail-quota")).status, 429);
  await until(async () => (await channel(id)).status === 3, "keyword disable");
});

test("auto_ban off keeps a channel enabled whatever it answers", async () => {
  const id = await addChannel({ name: "never-ban", models: "fail-401" });
  const c = await channel(id);
  await call("PUT", "/api/channel/", { ...c, auto_ban: 0 });
  assert.equal((await chat("fail-401")).status, 401);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await channel(id)).status, 1);
});

test("multi-key: the key that gets 401 is disabled alone and the channel keeps serving", async () => {
  const id = await addChannel({ name: "two-keys", models: "multi-model", key: "sk-good\nsk-bad" },
                              { mode: "multi_to_single", multi_key_mode: "polling" });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await chat("multi-model")).status);
  assert.ok(statuses.includes(401), JSON.stringify(statuses));
  const c = await until(async () => {
    const c = await channel(id);
    return c.channel_info?.multi_key_status_list?.["1"] === 3 && c;
  }, "key 1 disabled");
  assert.equal(c.status, 1);
  for (let i = 0; i < 6; i++) assert.equal((await chat("multi-model")).status, 200);
  const keyStatus = await call("POST", "/api/channel/multi_key/manage", { channel_id: id, action: "get_key_status" });
  assert.ok(keyStatus.success, JSON.stringify(keyStatus));
  assert.deepEqual(keyStatus.data.keys.map((k) => k.status), [1, 3]);
  const enabled = await call("POST", "/api/channel/multi_key/manage", { channel_id: id, action: "enable_key", key_index: 1 });
  assert.ok(enabled.success);
  const after = await call("POST", "/api/channel/multi_key/manage", { channel_id: id, action: "get_key_status" });
  assert.deepEqual(after.data.keys.map((k) => k.status), [1, 1]);
});

test("the circuit breaker skips a failing channel for its cool-down, then probes it", async () => {
  const set = (k, v) => call("PUT", "/api/option/", { key: k, value: v });
  await set("ChannelBreakerFailures", "3");
  await set("ChannelBreakerCooldownSeconds", "2");
  await set("RetryTimes", "1");
  await addChannel({ name: "flaky", models: "breaker-model", priority: 10, base_url: `http://127.0.0.1:${mock.port}/broken` });
  await addChannel({ name: "steady", models: "breaker-model", priority: 0 });
  const broken = () => mock.requests.filter((r) => r.url.startsWith("/broken/")).length;
  const start = broken();
  for (let i = 0; i < 3; i++) assert.equal((await chat("breaker-model")).status, 200);
  assert.equal(broken() - start, 3);  // each tried the flaky channel first, then retried
  for (let i = 0; i < 5; i++) assert.equal((await chat("breaker-model")).status, 200);
  assert.equal(broken() - start, 3, "the open breaker kept requests away from the flaky channel");
  await new Promise((r) => setTimeout(r, 2200));
  assert.equal((await chat("breaker-model")).status, 200);
  assert.equal(broken() - start, 4, "after the cool-down one request probes it");
  for (let i = 0; i < 3; i++) assert.equal((await chat("breaker-model")).status, 200);
  assert.equal(broken() - start, 4, "the failed probe reopened the breaker");
  await set("RetryTimes", "0");
});
